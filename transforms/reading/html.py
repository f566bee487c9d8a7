"""A saved web page to its article: main text, title, author, date and canonical URL.

Extraction is trafilatura's (the field's reference, offline, no browser); this module only turns
its output into newslake's shape: paragraphs separated by blank lines, so sentences and quotes
work as for text files, and metadata as typed values.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from transforms.text.dates import parse_date
from transforms.reading.decoding import RejectedInput
from transforms.reading.front_matter import tag_list
from transforms.text.language import declared_code

# Below this, what was extracted is a caption or a menu, not an article (an index page, a video page).
_MIN_BODY_CHARACTERS = 40
# The scripts trafilatura and htmldate read metadata from (title, author, date); the others are code.
_METADATA_SCRIPTS = frozenset({"application/ld+json", "application/settings+json"})
# htmldate's date search, without its "extensive" last resort: that one reads every number left in
# the page as a possible year (a script token "ads1995" became 1995-01-01) and cost two thirds of a
# page's extraction. A page without a date in its markup gets the dateline of its text instead.
_DATE_SEARCH = {"original_date": True, "extensive_search": False}


@dataclass(frozen=True)
class Page:
    title: str | None
    body: str  # paragraphs separated by blank lines
    url: str | None
    author: str | None
    published_at: datetime | None
    outlet: str | None
    tags: tuple[str, ...] = ()
    description: str | None = None
    declared_language: str | None = None  # `<html lang>`, `content-language` or `og:locale`, as ISO 639-1


def _quiet_extractors() -> None:
    """trafilatura and the libraries it calls log a broken page as ERROR lines ("lxml parsing failed:
    Document is empty"); a page that yields no article is already one reject line that says so."""
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def extract_page(raw: bytes | str, url: str | None = None) -> Page:
    """Extract the article of one HTML page; `url`, where it was fetched from, names the outlet
    (its host) when the page names none.

    Raises:
        RejectedInput: the page has no article text (an index page, an empty or broken file).
    """
    import trafilatura
    from trafilatura.utils import load_html

    _quiet_extractors()
    tree = load_html(raw)
    if tree is None:
        raise RejectedInput("no article text found in the HTML page")
    declared = _declared_language(tree)
    _drop_code(tree)
    found = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
        include_links=False, deduplicate=False, favor_recall=False, date_extraction_params=_DATE_SEARCH,
    )
    if found is None or not (found.text or "").strip():
        raise RejectedInput("no article text found in the HTML page")
    body = _paragraphs(found.text, found.title)
    if len(body) < _MIN_BODY_CHARACTERS:
        raise RejectedInput(f"the HTML page's article text is too short ({len(body)} characters)")
    return Page(
        title=_clean(found.title),
        body=body,
        url=_clean(found.url),
        author=_clean(found.author),
        published_at=parse_date(found.date) if found.date else None,
        outlet=_clean(found.sitename) or _clean(found.hostname),
        tags=tag_list([*(found.tags or []), *(found.categories or [])]),
        description=_clean(found.description),
        declared_language=declared,
    )


def _declared_language(tree) -> str | None:
    """The language the page says it is in (read before extraction, which prunes the tree)."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += tree.xpath('//meta[translate(@http-equiv, "CONTENTLAG", "contentlag")="content-language"]/@content')
    candidates += tree.xpath('//meta[@property="og:locale"]/@content')
    return next((code for code in map(declared_code, candidates) if code), None)


def _drop_code(tree) -> None:
    """Scripts (but the metadata ones) and style sheets removed, their tails kept: extraction drops
    them anyway, but only after the date search has read them as text and the tree was copied twice
    (by trafilatura, then by htmldate) with them."""
    code = [
        element for element in tree.iter("script", "style")
        if element.tag == "style" or (element.get("type") or "").strip().lower() not in _METADATA_SCRIPTS
    ]
    for element in code:
        if element.getparent() is not None:
            element.drop_tree()


def _paragraphs(text: str, title: str | None) -> str:
    """One paragraph per extracted line; the title is dropped when the body repeats it first."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and title and lines[0] == " ".join(title.split()):
        lines = lines[1:]
    return "\n\n".join(lines)


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None
