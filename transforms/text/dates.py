"""Publication dates as written by news sites and dumps, read as UTC timestamps.

Accepted: ISO 8601 (`2019-01-04`, `2019-01-04T10:30:00Z`, with an offset), RFC 2822 (RSS:
`Fri, 04 Jan 2019 10:30:00 GMT`), and the written forms of datelines (`Friday, January 4, 2019`,
`Jan. 4, 2019`, `4 January 2019`). A date without a time is midnight UTC; a time without a zone
is taken as UTC. A date the tables cannot store (before year 1 or after 9999 once in UTC, where
Python's datetime ends) is refused, never stored.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
MONTHS = frozenset("January February March April May June July August September October November December".split())
_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_WRITTEN = [
    re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}$", re.IGNORECASE),  # Friday, January 4, 2019
    re.compile(rf"^{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}$", re.IGNORECASE),  # Friday 4 January 2019
]
_LONGEST_DATE_LINE = 40
_LONGEST_DATE = 100  # characters: no accepted form is longer


class DateOutOfRange(ValueError):
    """A real date that the tables cannot store; the message quotes it and says why."""


def parse_date(value: str) -> datetime:
    """A timestamp in UTC from one of the accepted forms.

    Raises:
        DateOutOfRange: a date, but outside what the tables store (years 1 to 9999 in UTC).
        ValueError: the text is not a date in any accepted form (the message quotes it).
    """
    text = " ".join(value.split())
    found = (_iso(text) or _rfc2822(text) or _written(text)) if len(text) <= _LONGEST_DATE else None
    if found is None:
        raise ValueError(f"not a date: {value!r}{_why_not_iso(text)}")
    return in_utc(found, value)


def in_utc(found: datetime, written: object) -> datetime:
    """`found` in UTC (a time without a zone is taken as UTC).

    Raises:
        DateOutOfRange: it falls before year 1 or after 9999 once in UTC.
    """
    if found.tzinfo is None:
        return found.replace(tzinfo=timezone.utc)
    try:
        return found.astimezone(timezone.utc)
    except OverflowError:
        raise DateOutOfRange(f"{str(written)!r} is outside the dates the tables store (years 1 to 9999 in UTC)") from None


def dateline(paragraph: str) -> datetime | None:
    """The date of a paragraph that is only a date ("Friday, January 4, 2019"), else None."""
    if len(paragraph) > _LONGEST_DATE_LINE:
        return None
    try:
        return parse_date(paragraph.strip())
    except ValueError:
        return None


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:  # also an offset of 24 hours or more, 30 February
        return None


def _why_not_iso(text: str) -> str:
    """What is wrong with a date written the ISO way (`2019-02-30`: the day), if it is one."""
    if not re.match(r"^\d{4}-\d\d-\d\d", text):
        return ""
    try:
        datetime.fromisoformat(text)
    except ValueError as error:
        return f" ({str(error).split(', not ')[0]})"
    return ""


def _rfc2822(text: str) -> datetime | None:
    if not re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", text):
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, OverflowError):
        return None


def _written(text: str) -> datetime | None:
    for pattern in _WRITTEN:
        match = pattern.match(text)
        if match:
            try:
                return datetime(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))
            except ValueError:  # 31 February
                return None
    return None
