"""Outlets: a site name, else the URL's registrable domain; one name per domain across a collection."""

import pytest

from transforms.collection.outlets import outlet, outlet_names, outlet_rows, registrable_domain


@pytest.mark.parametrize(("url", "domain"), [
    ("https://www.bbc.co.uk/news/world-europe-123", "bbc.co.uk"),
    ("https://edition.CNN.com/2024/01/05/politics/x.html", "cnn.com"),
    ("http://www.abc.net.au/news/2024-01-05/x/123", "abc.net.au"),
    ("https://example.blogspot.com/2024/01/post.html", "example.blogspot.com"),
    ("http://localhost:8000/a", None),
    ("", None),
    (None, None),
])
def test_registrable_domain_uses_the_public_suffix_list(url, domain):
    assert registrable_domain(url) == domain


def test_a_site_name_comes_before_the_domain():
    assert outlet("  The\tGuardian ", "https://www.theguardian.com/world/2024/x") == "The Guardian"
    assert outlet(None, "https://www.theguardian.com/world/2024/x") == "theguardian.com"
    assert outlet("www.Reuters.com", None) == "reuters.com"
    assert outlet(None, None) is None


def test_a_page_without_a_site_name_takes_the_name_its_domain_is_given_most():
    documents = [
        ("a", "BBC News", "https://www.bbc.co.uk/news/1"),
        ("b", None, "https://www.bbc.co.uk/sport/2"),
        ("c", "BBC", "https://www.bbc.co.uk/news/3"),
        ("d", "BBC News", "https://bbc.co.uk/news/4"),
        ("e", None, "https://apnews.com/article/5"),
        ("f", "Local Herald", None),
    ]
    assert outlet_names((site, url) for _, site, url in documents) == {"bbc.co.uk": "BBC News"}
    assert outlet_rows(documents) == [
        {"doc_id": "a", "outlet": "BBC News", "outlet_domain": "bbc.co.uk"},
        {"doc_id": "b", "outlet": "BBC News", "outlet_domain": "bbc.co.uk"},
        {"doc_id": "c", "outlet": "BBC News", "outlet_domain": "bbc.co.uk"},
        {"doc_id": "d", "outlet": "BBC News", "outlet_domain": "bbc.co.uk"},
        {"doc_id": "e", "outlet": "apnews.com", "outlet_domain": "apnews.com"},
        {"doc_id": "f", "outlet": "Local Herald", "outlet_domain": None},
    ]


def test_the_rows_fit_the_declared_table():
    from transforms.schema import COLLECTION_TABLES

    rows = [{**row, "site_name": None} for row in outlet_rows([("a", None, "https://www.bbc.co.uk/news/1")])]  # (the page gives no site name)
    assert COLLECTION_TABLES["document_outlets"].from_rows(rows).to_pylist() == rows
