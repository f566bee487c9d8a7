"""Outlets: one name per publication, so views can split a collection by who published it.

An article's outlet is the site name its page or record gives, else its URL's registrable domain
(`www.bbc.co.uk/news/…` -> `bbc.co.uk`), read with tldextract from the Public Suffix List snapshot
inside its wheel: newslake never lets it fetch a newer list. A site name written as a domain is
read as one. Across a collection, `outlet_names` gives every domain the site name its documents
give most, so a page without one joins the pages that have it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Iterable

_SPACE = re.compile(r"\s+")
_DOMAIN_LIKE = re.compile(r"^(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/.*)?$", re.IGNORECASE)


@cache
def _extractor():
    import tldextract

    # suffix_list_urls=() and no cache: the bundled snapshot only, no network, no files written.
    # Private suffixes count (blogspot.com): each blog on them is a publication of its own.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def registrable_domain(url: str | None) -> str | None:
    """The domain a registrant holds (`news.bbc.co.uk` -> `bbc.co.uk`), lower case; None for no
    URL, an address, or a host with no public suffix (localhost)."""
    if not url or not url.strip():
        return None
    parts = _extractor()(url.strip())
    if not parts.suffix or not parts.domain:
        return None
    return f"{parts.domain}.{parts.suffix}".lower()


def outlet(site_name: str | None, url: str | None) -> str | None:
    """The outlet of one document: its site name with spaces tidied, else its URL's registrable
    domain; a site name that is a domain or URL gives that domain."""
    name = _SPACE.sub(" ", site_name or "").strip()
    if name and _DOMAIN_LIKE.match(name):
        return registrable_domain(name if "://" in name else "http://" + name) or name.lower()
    return name or registrable_domain(url)


def outlet_names(documents: Iterable[tuple[str | None, str | None]]) -> dict[str, str]:
    """Domain -> the site name the collection's documents on it give most (ties: the name that
    sorts first), from (site name, url) pairs; a domain none of whose documents names it is left out."""
    counts: dict[str, Counter] = {}
    for site_name, url in documents:
        domain = registrable_domain(url)
        name = outlet(site_name, None)
        if domain and name and name != domain:
            counts.setdefault(domain, Counter())[name] += 1
    return {domain: min(counter, key=lambda name: (-counter[name], name)) for domain, counter in sorted(counts.items())}


def outlet_rows(documents: Iterable[tuple[str, str | None, str | None]]) -> list[dict]:
    """The normalised outlet of each document of a collection, from (doc_id, site name, url): the
    domain's most common site name first, then the document's own outlet. Rows: doc_id, outlet,
    outlet_domain, sorted by doc_id."""
    documents = list(documents)
    names = outlet_names((site_name, url) for _, site_name, url in documents)
    rows = []
    for doc_id, site_name, url in documents:
        domain = registrable_domain(url)
        rows.append({"doc_id": doc_id, "outlet": names.get(domain or "") or outlet(site_name, url), "outlet_domain": domain})
    return sorted(rows, key=lambda row: row["doc_id"])
