"""What one input may cost, declared in one place.

Every reader checks what it reads against these limits, and what is over one is rejected (the
file, or one record of it) with a reason that names the limit: so one hostile file can neither fail
a run nor take the machine's memory. `docs/limits.md` says why each value was chosen. A reader of a
new format declares its limits here too, and its file limit in `FILE_BYTES`.
"""

from __future__ import annotations

from transforms.reading.decoding import RejectedInput

KIB = 1 << 10
MIB = 1 << 20

# Bytes of a file that is read whole (a compressed one: both its bytes and what they expand to).
# An article file holds one article (16 MiB is a hundred times the longest news article); a
# saved page also carries its markup, scripts and inlined images; a dump's or a crawler JSON
# file's records are analysed in one batch, so its bytes bound that batch's memory. Web archives
# are read a record at a time: no limit on the file, one on each page (`transforms.reading.archives`).
FILE_BYTES = {
    "text": 16 * MIB,
    "markdown": 16 * MIB,
    "html": 32 * MIB,
    "json": 256 * MIB,
    "jsonl": 256 * MIB,
    "csv": 256 * MIB,
}
# Bytes of one record of a dump (a JSON line, a CSV row): one article with its fields.
RECORD_BYTES = 16 * MIB
# Characters of a sentence. Text with no sentence stop for longer (a list, a table flattened into
# a line, an attack) is cut into pieces of at most this many, at a space where there is one: the
# derived tables repeat a sentence's text in each of its mentions and quotations, so this bounds
# what one sentence costs them. The longest real sentences seen: 1,838 characters in 293 Wikinews
# articles (a list of names), 504 in the 84 PolNeAR articles.
SENTENCE_CHARS = 2_000
# Characters of the YAML front matter of a text or Markdown file (a few hundred in practice).
# Aliases (`*name`) are refused: nine levels of them expand a few hundred bytes into billions of items.
FRONT_MATTER_CHARS = 64 * KIB
# What a compressed input may expand to at most, whatever its format (a 1 MB gzip of zeros is
# 1 GB); reading stops there and the file is rejected. It is read into memory as the
# uncompressed file would be, so its format's `FILE_BYTES` bounds it first.
EXPANDED_BYTES = 1 << 30
# Bytes of one page (the payload of one record) of a web archive: beyond it, it is not an article
# (a data dump served as text/html), and it is rejected.
ARCHIVE_PAGE_BYTES = 16 * MIB
# Nesting of JSON records and of front matter: lists in lists, objects in objects. Articles nest
# two or three levels (an author object, a list of tags); the limit keeps a line of 100,000 `[`
# from exhausting the parser's stack.
NESTING_DEPTH = 64


class OverLimit(RejectedInput):
    """An input, or a part of it, over one of the limits above; the message names which."""

    def __init__(self, what: str, size: int, limit: int, unit: str = "bytes"):
        super().__init__(f"{what} of {size:,} {unit} is over the limit of {_amount(limit, unit)} (see docs/limits.md)")


def check_file_size(kind: str, size: int) -> None:
    """Raises OverLimit when a file of this format is larger than newslake reads whole."""
    limit = FILE_BYTES.get(kind)
    if limit is not None and size > limit:
        raise OverLimit(f"a {kind} file", size, limit)


def _amount(value: int, unit: str) -> str:
    if unit == "bytes" and value % MIB == 0:
        return f"{value // MIB:,} MiB"
    if unit == "bytes" and value % KIB == 0:
        return f"{value // KIB:,} KiB"
    return f"{value:,} {unit}"
