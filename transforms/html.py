"""A saved web page to its article: main text, title, author, date and canonical URL.

Extraction is trafilatura's (the field's reference, offline, no browser); this module only turns
its output into newslake's shape: paragraphs separated by blank lines, so sentences and quotes
work as for text files, and metadata as typed values.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from transforms.dates import parse_date
from transforms.decoding import RejectedInput
from transforms.front_matter import tag_list

# Below this, what was extracted is a caption or a menu, not an article (an index page, a video page).
_MIN_BODY_CHARACTERS = 40


@dataclass(frozen=True)
class Page:
    title: str | None
    body: str  # paragraphs separated by blank lines
    url: str | None
    author: str | None
    published_at: datetime | None
    outlet: str | None
    tags: tuple[str, ...] = ()


def _quiet_extractors() -> None:
    """trafilatura and the libraries it calls log a broken page as ERROR lines ("lxml parsing failed:
    Document is empty"); a page that yields no article is already one reject line that says so."""
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def extract_page(raw: bytes | str) -> Page:
    """Extract the article of one HTML page.

    Raises:
        RejectedInput: the page has no article text (an index page, an empty or broken file).
    """
    import trafilatura

    _quiet_extractors()
    found = trafilatura.bare_extraction(
        raw, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
        include_links=False, deduplicate=False, favor_recall=False,
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
    )


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
