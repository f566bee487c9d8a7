"""Every input format to articles: HTML pages, JSONL and CSV dumps, Markdown, and their metadata."""

import json
from datetime import datetime, timezone

import pytest

from transforms.reading.articles import parse_article
from transforms.text.dates import dateline, parse_date
from transforms.reading.decoding import RejectedInput
from transforms.reading.inputs import format_of, read_articles
from transforms.reading.records import FieldMap

# A page shaped like a real news site's: navigation, share buttons, a related-links box, a comment
# section and a footer around the article; metadata in <meta> tags and JSON-LD.
PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Council approves harbour bridge plan | The Coastal Herald</title>
<meta property="og:title" content="Council approves harbour bridge plan">
<meta property="og:site_name" content="The Coastal Herald">
<link rel="canonical" href="https://herald.example.com/news/2024/03/harbour-bridge">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Council approves harbour bridge plan", "datePublished": "2024-03-12T09:30:00+01:00",
 "author": {"@type": "Person", "name": "Maria Lopez"}}</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav></header>
<main><article>
<h1>Council approves harbour bridge plan</h1>
<p class="byline">By Maria Lopez</p>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
<p>The city council voted 9 to 2 on Monday night to approve the long-debated plan for a second bridge across the harbour, ending four years of public hearings.</p>
<p>"This bridge will cut the morning commute in half for thousands of families," said Mayor Ellen Brooks, who had made the project the centrepiece of her campaign.</p>
<p>Opponents, led by councillor David Chen, argued that the 410 million dollar cost would crowd out spending on schools and housing. "We are borrowing against our children's future," Chen said.</p>
<p>Construction is expected to begin next spring and to last three years, according to the city's transport department.</p>
</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Ferry fares to rise in April</a></li><li><a href="/b">Harbour tunnel study shelved</a></li></ul></aside>
<section id="comments"><h2>Leave a comment</h2><div class="comment">Great news, about time!</div><div class="comment">What a waste of money.</div></section>
</main>
<footer><p>© 2024 The Coastal Herald. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def test_html_page_gives_article_text_and_metadata():
    [article], rejects = read_articles("herald/bridge.html", PAGE.encode())
    assert rejects == []
    assert article.title == "Council approves harbour bridge plan"
    paragraphs = [article.text[p.start : p.end] for p in article.paragraphs]
    assert paragraphs[1].startswith("The city council voted 9 to 2")
    assert paragraphs[-1] == "Construction is expected to begin next spring and to last three years, according to the city's transport department."
    for furniture in ("Share on Facebook", "Related stories", "Great news", "All rights reserved", "Sport"):
        assert furniture not in article.text
    metadata = article.metadata
    assert (metadata.format, metadata.url, metadata.author, metadata.outlet) == (
        "html", "https://herald.example.com/news/2024/03/harbour-bridge", "Maria Lopez", "The Coastal Herald",
    )
    assert metadata.published_at == datetime(2024, 3, 12, tzinfo=timezone.utc)


def test_html_page_quotes_are_found_like_in_text_files(nlp, parser):
    from transforms.tables import analyse

    [article], _ = read_articles("herald/bridge.html", PAGE.encode())
    [analysis] = analyse([article], nlp, parser)
    speakers = [(q.speaker_name, article.text[q.start : q.end][:20]) for q in analysis.quotes if q.kind == "direct"]
    assert speakers == [("Ellen Brooks", "This bridge will cut"), ("David Chen", "We are borrowing aga")]


# A page with no date in its markup, and numbers in its code as ad and tracking scripts write them.
UNDATED = """<!DOCTYPE html><html lang="en"><head><title>Ferry fares to rise in April</title>
<script>var ads1995 = track2004("slot1996"); window.cfg = {"v": "1998.2"};</script>
<style>.c2001{margin:4px}</style></head><body><article><h1>Ferry fares to rise in April</h1>
DATELINE<p>Ferry fares across the harbour will rise by eight percent in April, the transport department said on Tuesday.</p>
<p>Season tickets for commuters are not affected by the change, a spokesman for the department added.</p>
</article></body></html>
"""


@pytest.mark.parametrize(("dateline_paragraph", "published_at"), [
    ("<p>Tuesday, March 5, 2024</p>", datetime(2024, 3, 5, tzinfo=timezone.utc)),
    ("", None),
])
def test_a_page_without_a_date_in_its_markup_is_dated_by_its_dateline_never_by_its_scripts(dateline_paragraph, published_at):
    [article], _ = read_articles("ferry.html", UNDATED.replace("DATELINE", dateline_paragraph).encode())
    assert article.metadata.published_at == published_at
    assert article.text.endswith("Ferry fares across the harbour will rise by eight percent in April, the transport department said on "
                                 "Tuesday.\n\nSeason tickets for commuters are not affected by the change, a spokesman for the department added.")
    assert "ads1995" not in article.text and "margin" not in article.text


def test_html_page_without_an_article_is_rejected():
    with pytest.raises(RejectedInput, match="no article text|too short"):
        read_articles("empty.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>")


DUMP = [
    {"id": "r1", "headline": "Storm closes schools", "body": "Schools closed on Tuesday.\nThe storm brought 40 cm of snow.",
     "date": "Tue, 05 Mar 2024 07:15:00 GMT", "authors": ["Ana Ruiz", "Tom Hale"], "source": "Daily Post", "url": "https://post.example/storm"},
    {"id": "r2", "title": "Budget passes", "text": "The budget passed by one vote.\n\nIt takes effect in July.", "published_at": "2024-03-06"},
]


def jsonl(records) -> bytes:
    return "".join(line if isinstance(line, str) else json.dumps(line) + "\n" for line in records).encode()


def test_jsonl_records_become_documents_with_usual_field_names():
    articles, rejects = read_articles("dumps/feed.jsonl", jsonl(DUMP))
    assert rejects == []
    first, second = articles
    assert (first.metadata.record_key, first.title, first.metadata.author, first.metadata.outlet) == ("r1", "Storm closes schools", "Ana Ruiz, Tom Hale", "Daily Post")
    assert first.metadata.published_at == datetime(2024, 3, 5, 7, 15, tzinfo=timezone.utc)
    # single newlines separate paragraphs in dumps that have no blank lines
    assert [first.text[p.start : p.end] for p in first.paragraphs] == ["Storm closes schools", "Schools closed on Tuesday.", "The storm brought 40 cm of snow."]
    assert second.metadata.published_at == datetime(2024, 3, 6, tzinfo=timezone.utc)
    assert first.doc_id != second.doc_id and len({first.source_path, second.source_path}) == 1


def test_a_bad_record_is_rejected_with_its_line_and_the_rest_is_read():
    lines = [DUMP[0], "{broken json\n", "\n", ["a", "list"], {"id": "r1", "text": "Again the first id."},
             {"title": "No body"}, {"text": "Dated badly.", "date": "next Tuesday"}, DUMP[1]]
    articles, rejects = read_articles("feed.jsonl", jsonl(lines))
    assert [a.metadata.record_key for a in articles] == ["r1", "r2"]
    assert [(r.line, r.reason) for r in rejects] == [
        (2, "line 2: not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
        (4, "line 4: a JSON list, not an object"),
        (5, "line 5: id 'r1' was already used by an earlier record"),
        (6, "line 6: no article text (looked for a field named text or body or content or article or full_text or maintext or plaintext or raw_text)"),
        (7, "line 7: published_at 'next Tuesday' is not a date newslake reads (ISO 8601, RFC 2822 or 'January 4, 2019')"),
    ]


def test_a_dump_with_no_readable_record_is_rejected_whole():
    with pytest.raises(RejectedInput, match="none of its 2 records could be read; the first, line 1: not valid JSON"):
        read_articles("feed.jsonl", b"{oops\n[1]\n")


def test_csv_rows_with_quoted_multiline_bodies_and_a_field_map():
    raw = (
        'story_id,Headline,Story,Published\n'
        '7,Mill reopens,"The mill reopened on Friday.\n\nIt employs 200 people.",2024-02-02T12:00:00Z\n'
        '8,Short row\n'
        '9,Port expands,"The port will add two berths.",January 4 2024\n'
    ).encode()
    articles, rejects = read_articles("sheet.csv", raw, FieldMap({"id": "story_id", "text": "Story"}))
    assert [(a.metadata.record_key, a.title, a.metadata.published_at) for a in articles] == [
        ("7", "Mill reopens", datetime(2024, 2, 2, 12, tzinfo=timezone.utc)),
        ("9", "Port expands", datetime(2024, 1, 4, tzinfo=timezone.utc)),
    ]
    assert [(r.line, r.reason) for r in rejects] == [(5, "line 5: 2 cells where the header has 4")]


def test_field_map_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown field 'body'"):
        FieldMap({"body": "story"})


def test_markdown_title_loses_its_heading_marks():
    [article], _ = read_articles("notes/post.md", b"# Harbour bridge approved\n\nThursday, March 14, 2024\n\nThe council voted on Monday.")
    assert article.title == "Harbour bridge approved"
    assert article.text.startswith("# Harbour bridge approved")  # the text itself is not rewritten
    assert article.metadata.published_at == datetime(2024, 3, 14, tzinfo=timezone.utc)


def test_text_file_dateline_is_read_and_kept(seed_file):
    raw = b"Pelosi elected Speaker\n\nFriday, January 4, 2019\n\nNancy Pelosi was elected on Thursday."
    [article], _ = read_articles("a.txt", raw)
    assert article.metadata.published_at == datetime(2019, 1, 4, tzinfo=timezone.utc)
    assert "Friday, January 4, 2019" in article.text
    [seed], _ = read_articles("unequal-battle.txt", seed_file.read_bytes())
    assert seed.metadata.published_at is None


def test_the_same_article_as_a_page_and_a_record_has_one_fingerprint():
    [page], _ = read_articles("bridge.html", PAGE.encode())
    body = "\n\n".join(page.text[p.start : p.end] for p in page.paragraphs[1:])
    record = {"title": "Harbour bridge: council says yes", "text": "Tuesday, March 12, 2024\n\n" + body.upper()}
    [copy], _ = read_articles("feed.jsonl", jsonl([record]))
    assert copy.fingerprint == page.fingerprint
    [other], _ = read_articles("feed.jsonl", jsonl([{"text": body.replace("9 to 2", "8 to 3")}]))
    assert other.fingerprint != page.fingerprint


def test_unsupported_files_are_named_in_the_reason():
    with pytest.raises(RejectedInput, match=r"unsupported file type '\.docx'"):
        read_articles("report.docx", b"PK\x03\x04")



@pytest.mark.parametrize("path, expected", [
    ("2019/a.txt", "text"), ("notes.MD", "markdown"), ("dump.jsonl.gz", "jsonl"), ("crawl.warc.zst", "warc"),
    ("v1.2/page.htm", "html"), ("a..csv", "csv"),
    (".txt", None), ("dir/..md", None), ("dir.txt/README", None), ("archive.gz", None), (".jsonl.gz", None), ("a.", None),
])
def test_the_format_is_the_suffix_of_the_name_under_its_compression(path, expected):
    """As `os.path.splitext` reads suffixes: a name of only dots before its suffix has none."""
    assert format_of(path) == expected

@pytest.mark.parametrize("text, expected", [
    ("2019-01-04", datetime(2019, 1, 4, tzinfo=timezone.utc)),
    ("2019-01-04T10:30:00Z", datetime(2019, 1, 4, 10, 30, tzinfo=timezone.utc)),
    ("2019-01-04T10:30:00-05:00", datetime(2019, 1, 4, 15, 30, tzinfo=timezone.utc)),
    ("Fri, 04 Jan 2019 10:30:00 GMT", datetime(2019, 1, 4, 10, 30, tzinfo=timezone.utc)),
    ("Friday, January 4, 2019", datetime(2019, 1, 4, tzinfo=timezone.utc)),
    ("Jan. 4, 2019", datetime(2019, 1, 4, tzinfo=timezone.utc)),
    ("4 January 2019", datetime(2019, 1, 4, tzinfo=timezone.utc)),
    ("Sept. 30th, 2019", datetime(2019, 9, 30, tzinfo=timezone.utc)),
])
def test_dates_in_the_forms_news_uses(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["yesterday", "February 30, 2019", "4 Januar 2019", "2019"])
def test_what_is_not_a_date(text):
    with pytest.raises(ValueError, match="not a date"):
        parse_date(text)


def test_a_dateline_is_a_paragraph_that_is_only_a_date():
    assert dateline("Monday, September 30, 2019") == datetime(2019, 9, 30, tzinfo=timezone.utc)
    assert dateline("On Monday, September 30, 2019, the House voted.") is None


FRONT_MATTER = b"""---
title: Harbour bridge opens after six years
date: 2024-03-12T09:30:00Z
author: [Maria Lopez, Tom Hale]
url: https://herald.example.com/news/bridge
source: The Coastal Herald
tags: [transport, harbour]
---

The bridge opened on Tuesday.

"It is a great day for the city," said Mayor Ellen Brooks.
"""


def test_front_matter_gives_the_metadata_and_the_body_keeps_its_offsets():
    article = parse_article("bridge.md", FRONT_MATTER, markdown=True)
    assert article.metadata.published_at == datetime(2024, 3, 12, 9, 30, tzinfo=timezone.utc)
    assert (article.metadata.author, article.metadata.url, article.metadata.outlet, article.metadata.tags) == (
        "Maria Lopez, Tom Hale", "https://herald.example.com/news/bridge", "The Coastal Herald", ("transport", "harbour"),
    )
    assert article.title == "Harbour bridge opens after six years"
    assert "---" not in article.text and "tags" not in article.text
    body = FRONT_MATTER.decode().split("---\n\n", 1)[1]
    assert article.text.endswith(body.rstrip("\n"))
    assert [article.text[s.start : s.end] for s in article.sentences][1:] == [
        "The bridge opened on Tuesday.", '"It is a great day for the city," said Mayor Ellen Brooks.',
    ]


@pytest.mark.parametrize("raw, reason", [
    (b"---\ntitle: [unclosed\n---\n\nBody text here.", "front matter is not valid YAML: while parsing a flow sequence"),
    (b"---\n- a list\n---\n\nBody text here.", "front matter is not a YAML mapping of names to values"),
    (b"---\ndate: next week\n---\n\nBody text here.", "front matter: "),
])
def test_bad_front_matter_is_one_reject_line(raw, reason):
    with pytest.raises(RejectedInput) as error:
        parse_article("bad.md", raw, markdown=True)
    assert str(error.value).startswith(reason) and "\n" not in str(error.value)


def test_a_rule_that_is_not_front_matter_stays_text():
    raw = b"Title\n\n---\n\nA paragraph after a horizontal rule.\n"
    assert parse_article("rule.md", raw, markdown=True).text == raw.decode().rstrip("\n")


@pytest.mark.parametrize("line, tags", [
    ('{"text": "Talks resume in Paris.", "tags": ["politics", "France", "politics"]}', ["politics", "France"]),
    ('{"text": "Talks resume in Paris.", "keywords": "politics; France"}', ["politics", "France"]),
    ('{"text": "Talks resume in Paris."}', []),
])
def test_dump_records_keep_their_tags(line, tags):
    [article], rejects = read_articles("dump.jsonl", (line + "\n").encode())
    assert rejects == [] and list(article.metadata.tags) == tags
