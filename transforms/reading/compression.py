"""Compressed inputs (`.gz`, `.bz2`, `.xz`, `.zst` around any format newslake reads), expanded as
a stream with a ceiling on what they may expand to.

Dumps travel compressed (`dump.jsonl.gz`, `sheet.csv.bz2`, `page.html.gz`). A small file can
expand to a huge one (a 1 MB gzip of zeros is 1 GB), so reading stops at a ceiling (the format's
file limit, and never past `limits.EXPANDED_BYTES`) and the file is rejected instead of filling
memory or disk. A damaged or truncated stream is a reject
with the decompressor's reason; a JSONL or CSV dump keeps the whole lines before the damage (a
download cut short keeps what it got, and the damage is one reject line), any other file is
rejected whole.
"""

from __future__ import annotations

import bz2
import io
import lzma
import zlib
from typing import BinaryIO, Iterator

import zstandard

from transforms.reading.decoding import RejectedInput
from transforms.reading.limits import EXPANDED_BYTES

COMPRESSIONS = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd"}
_CHUNK = 1 << 20


def compression_of(source_path: str) -> str | None:
    """The compression a file's last suffix names (`.gz` → gzip), or None."""
    name = source_path.lower()
    return next((kind for suffix, kind in COMPRESSIONS.items() if name.endswith(suffix)), None)


_DECOMPRESSORS = {
    "gzip": lambda: zlib.decompressobj(16 + zlib.MAX_WBITS),
    "bzip2": bz2.BZ2Decompressor,
    "xz": lzma.LZMADecompressor,
    "zstd": lambda: zstandard.ZstdDecompressor().decompressobj(),
}


def expanded_chunks(stream: BinaryIO, compression: str) -> Iterator[bytes]:
    """The expanded bytes of `stream`, as they come (several gzip members, bzip2 or xz streams or
    zstd frames in a row are one file, as their command-line tools read them). Decompression
    objects rather than file wrappers: they hand over what they expanded before any damage, and
    they tell a stream cut short (zstandard's file reader takes it for a whole one).

    Raises:
        EOFError: the stream ends inside a member or frame.
        OSError, lzma.LZMAError, zlib.error, zstandard.ZstdError: damaged data.
    """
    decompressor, data = _DECOMPRESSORS[compression](), b""
    # zstandard's decompression object cannot bound its output: it gets a kilobyte at a time
    # (at most ~32 MiB out); the others are asked for a megabyte at a time, whatever goes in.
    step = 1024 if compression == "zstd" else _CHUNK
    while True:
        data = data or stream.read(step)
        if not data:
            break
        yield from _expand_some(decompressor, data, compression)
        data = getattr(decompressor, "unconsumed_tail", b"")
        if decompressor.eof:
            data = decompressor.unused_data or stream.read(step)
            if not data.strip(b"\0"):  # the end, or the zero padding some tools add
                return
            decompressor = _DECOMPRESSORS[compression]()
    raise EOFError(f"the {compression} stream ends inside a compressed block (a truncated file?)")


def _expand_some(decompressor, data: bytes, compression: str) -> Iterator[bytes]:
    """What `data` expands to, in pieces of at most a megabyte (a bomb's output never whole)."""
    if compression == "zstd":
        yield decompressor.decompress(data)
        return
    chunk = decompressor.decompress(data, _CHUNK)
    yield chunk
    if compression == "gzip":  # (zlib keeps the input it did not use in unconsumed_tail)
        return
    while not decompressor.eof and not decompressor.needs_input:
        yield decompressor.decompress(b"", _CHUNK)


def expand(stream: BinaryIO, compression: str, limit: int = EXPANDED_BYTES, whole_lines: bool = False) -> tuple[bytes, str | None]:
    """The expanded bytes, read a megabyte at a time, and None; or, for a stream damaged or cut
    short with `whole_lines`, the whole lines before the damage and the reason (line-based dumps
    keep the records they had).

    Raises:
        RejectedInput: the stream is damaged and not `whole_lines` (the reason says how far it
            got), or it expands past `limit`.
    """
    expanded = io.BytesIO()
    try:
        for chunk in expanded_chunks(stream, compression):
            expanded.write(chunk)
            if expanded.tell() > limit:
                raise RejectedInput(f"{compression} stream expands to more than {_size(limit)} (the limit for a compressed input); not read")
    except (OSError, EOFError, lzma.LZMAError, zlib.error, zstandard.ZstdError) as error:
        reason = f"damaged {compression} stream after {expanded.tell():,} expanded bytes: {str(error) or type(error).__name__}"
        kept = expanded.getvalue()
        if not whole_lines or b"\n" not in kept:
            raise RejectedInput(f"{reason}; nothing of it was ingested") from None
        return kept[: kept.rindex(b"\n") + 1], reason
    return expanded.getvalue(), None


def _size(count: int) -> str:
    return f"{count / (1 << 30):g} GiB" if count >= 1 << 30 else f"{count / (1 << 20):g} MiB"
