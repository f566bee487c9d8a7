"""Front matter: the `---` YAML block static-site generators put at the top of Markdown and text files.

It carries what the body does not say (title, date, url, author, outlet). It is not article text:
the document's text is the body (with the front-matter title as its first line, so paragraph 0 is
still the title), copied verbatim, so every offset points into it as in any other document.

The block is read as data, never as a program: values stay the strings they are written as
(`title: yes` is "yes", not True; a date is read by `transforms.text.dates`, which rejects a date the
tables cannot store), aliases are refused (nine levels of them expand a few hundred bytes into
billions of items), and its size and nesting are limited (`transforms.reading.limits`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from transforms.text.dates import DateOutOfRange, parse_date
from transforms.reading.decoding import RejectedInput
from transforms.reading.limits import FRONT_MATTER_CHARS, NESTING_DEPTH, OverLimit

_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# The names static-site generators and feed exporters use, in order of preference.
_NAMES = {
    "title": ("title", "headline"),
    "published_at": ("date", "published", "published_at", "pubdate", "publishdate"),
    "url": ("url", "link", "permalink", "canonical_url", "source_url"),
    "author": ("author", "authors", "byline"),
    "outlet": ("outlet", "source", "publisher", "site", "publication"),
    "tags": ("tags", "keywords", "categories"),
    "description": ("description", "summary", "excerpt"),
    "language": ("lang", "language", "locale"),
}


@dataclass(frozen=True)
class FrontMatter:
    title: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    author: str | None = None
    outlet: str | None = None
    tags: tuple[str, ...] = ()
    description: str | None = None
    language: str | None = None  # as declared


def split_front_matter(text: str) -> tuple[FrontMatter | None, str]:
    """The front matter of a text (None when it has none) and the body after it.

    Raises:
        RejectedInput: the block is there but is not a YAML mapping, or its date is no date.
    """
    match = _BLOCK.match(text)
    if not match:
        return None, text
    if len(match.group(1)) > FRONT_MATTER_CHARS:
        raise OverLimit("front matter", len(match.group(1)), FRONT_MATTER_CHARS, "characters")
    import yaml  # here: a run with nothing to do never reads front matter

    try:
        fields = yaml.load(match.group(1), Loader=_data_loader()) or {}
    except yaml.YAMLError as error:
        problem = str(error).splitlines()[0]
        raise RejectedInput(f"front matter is not valid YAML: {problem}") from None
    if not isinstance(fields, dict):
        raise RejectedInput("front matter is not a YAML mapping of names to values")
    lowered = {str(name).strip().lower(): value for name, value in fields.items()}
    values = {name: _first(lowered, candidates) for name, candidates in _NAMES.items()}
    return FrontMatter(
        title=_text(values["title"]),
        published_at=_date(values["published_at"]),
        url=_text(values["url"]),
        author=_text(values["author"]),
        outlet=_text(values["outlet"]),
        tags=tag_list(values["tags"]),
        description=_text(values["description"]),
        language=_text(values["language"]),
    ), text[match.end() :]


def tag_list(value) -> tuple[str, ...]:
    """Tags as written in YAML or JSON lists, or in one comma- or semicolon-separated string."""
    if value is None:
        return ()
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,;]", str(value))
    tags = (" ".join(str(item).split()) for item in items if item is not None)
    return tuple(dict.fromkeys(tag for tag in tags if tag))


def _first(fields: dict, candidates: tuple[str, ...]):
    return next((fields[name] for name in candidates if fields.get(name) not in (None, "", [])), None)


def _text(value) -> str | None:
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value if item)
    if isinstance(value, dict):
        value = value.get("name")
    value = " ".join(str(value).split()) if value is not None else ""
    return value or None


def _date(value) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_date(_text(value) or "")
    except DateOutOfRange as error:
        raise RejectedInput(f"front matter: date {error}") from None
    except ValueError as error:
        raise RejectedInput(f"front matter: {error}") from None


@cache
def _data_loader():
    """A YAML loader for plain data: strings as written (only `null`, `~` and nothing are None),
    explicit tags (`!!timestamp`, `!!bool`, `!!int`, `!!binary`…) read as the strings written, no
    aliases, at most NESTING_DEPTH levels of lists and mappings."""
    import yaml

    class DataLoader(yaml.SafeLoader):
        yaml_implicit_resolvers = {
            first: [(tag, pattern) for tag, pattern in resolvers if tag == "tag:yaml.org,2002:null"]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }
        depth = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(None, None, f"aliases (*{event.anchor}) are not read in front matter", event.start_mark)
            self.depth += 1
            try:
                if self.depth > NESTING_DEPTH:
                    raise yaml.composer.ComposerError(None, None, f"nested deeper than {NESTING_DEPTH} levels", self.peek_event().start_mark)
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    for tag in ("timestamp", "bool", "int", "float", "binary", "set", "omap", "pairs"):
        DataLoader.add_constructor(f"tag:yaml.org,2002:{tag}", _as_written)
    return DataLoader


def _as_written(loader, node):
    import yaml

    return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
