r"""Cells printed as plain text: article text is data, never terminal markup or control sequences.

Rich would read `[red]` in a cell as a style and fail on `[/]`; an article's `\x1b]0;…` would retitle
the terminal. Cells are `Text` objects (never parsed for markup) with control characters shown as
`\xNN`. Only the display changes: the stored text keeps every character.
"""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """Control characters (and bidirectional overrides) written out as Python escapes (`\\x1b`)."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


def cell(value: object) -> Text:
    return Text("" if value is None else visible(str(value)))
