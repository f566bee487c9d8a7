"""Search matches shown in bold: the words of a text whose index term is one of the query's."""

from __future__ import annotations

from rich.text import Text

from cli.display import visible
from transforms.text.search import WORD, fold, terms


def highlight(text: str, query: str) -> Text:
    wanted = set(terms(query))
    text = visible(text)
    shown = Text(text)
    for match in WORD.finditer(text):
        if fold(match.group().lower()) in wanted:
            shown.stylize("bold yellow", match.start(), match.end())
    return shown
