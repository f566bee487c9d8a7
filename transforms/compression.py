"""Compressed inputs (`.gz`, `.bz2`, `.xz`, `.zst` around any format newslake reads), expanded as
a stream with a ceiling on what they may expand to.

Dumps travel compressed (`dump.jsonl.gz`, `sheet.csv.bz2`, `page.html.gz`). A small file can
expand to a huge one (a 1 MB gzip of zeros is 1 GB), so reading stops at `MAX_EXPANDED_BYTES` and
the file is rejected instead of filling memory or disk. A damaged or truncated stream is a reject
with the decompressor's reason; a JSONL or CSV dump keeps the whole lines before the damage (a
download cut short keeps what it got, and the damage is one reject line), any other file is
rejected whole.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from typing import BinaryIO, Iterator

import zstandard

from transforms.decoding import RejectedInput

# What one compressed input may expand to; it is read into memory like an uncompressed file of
# that size would be. Larger dumps: split them, or give them uncompressed.
MAX_EXPANDED_BYTES = 1 << 30
COMPRESSIONS = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd"}
_CHUNK = 1 << 20


def compression_of(source_path: str) -> str | None:
    """The compression a file's last suffix names (`.gz` → gzip), or None."""
    name = source_path.lower()
    return next((kind for suffix, kind in COMPRESSIONS.items() if name.endswith(suffix)), None)


def without_compression(source_path: str) -> str:
    """The name under the compression suffix: `dump.jsonl.gz` → `dump.jsonl`."""
    return source_path[: -len(next(s for s in COMPRESSIONS if source_path.lower().endswith(s)))] if compression_of(source_path) else source_path


def expanded_chunks(stream: BinaryIO, compression: str) -> Iterator[bytes]:
    """The expanded bytes of `stream`, a megabyte or so at a time (several gzip members, zstd
    frames or xz streams in a row are one file, as their command-line tools read them).

    Raises:
        EOFError: the stream ends inside a member or frame.
        OSError, lzma.LZMAError, zlib.error, zstandard.ZstdError: damaged data.
    """
    if compression == "zstd":
        yield from _zstd_chunks(stream)
        return
    opener = {"gzip": lambda: gzip.GzipFile(fileobj=stream, mode="rb"), "bzip2": lambda: bz2.BZ2File(stream, mode="rb"),
              "xz": lambda: lzma.LZMAFile(stream, mode="rb")}[compression]
    with opener() as reader:
        while chunk := reader.read(_CHUNK):
            yield chunk


def _zstd_chunks(stream: BinaryIO) -> Iterator[bytes]:
    """zstandard's stream reader returns a frame cut short as if it had ended; its decompression
    object says whether the frame was complete."""
    decompressor, pending = zstandard.ZstdDecompressor().decompressobj(), b""
    while True:
        data = pending or stream.read(_CHUNK)
        pending = b""
        if not data:
            break
        yield decompressor.decompress(data)
        if decompressor.eof:
            pending, decompressor = decompressor.unused_data, zstandard.ZstdDecompressor().decompressobj()
            if not pending and not (pending := stream.read(_CHUNK)):
                return
    raise EOFError("the zstd stream ends inside a frame")


def expand(stream: BinaryIO, compression: str, limit: int = MAX_EXPANDED_BYTES, whole_lines: bool = False) -> tuple[bytes, str | None]:
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
