"""Bytes to text: the only place that decides whether a file is readable article text."""

from __future__ import annotations

import codecs


class RejectedInput(ValueError):
    """An input that cannot become a document; the message is the one-line reason."""


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) - {0x1B}


def decode(raw: bytes) -> str:
    """Decode an article file: a BOM wins, then UTF-8, then Windows-1252 (old newsroom exports).

    Newlines are normalised to `\\n`; nothing else is changed.

    Raises:
        RejectedInput: empty, binary, or neither UTF-8 nor Windows-1252.
    """
    if not raw:
        raise RejectedInput("empty file")
    text = None
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as error:
                raise RejectedInput(f"not valid {encoding} despite its byte-order mark (byte {error.start})") from None
            break
    if text is None:
        sample = raw[:8192]
        # a stray NUL is not enough (one record of a dump may hold one: that record is rejected)
        if sum(byte in _CONTROL_BYTES for byte in sample) > len(sample) // 100 + 1:
            raise RejectedInput("binary file, not text")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as utf8_error:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                raise RejectedInput(
                    f"undecodable bytes: neither UTF-8 nor Windows-1252 (byte {utf8_error.start}: "
                    f"0x{raw[utf8_error.start]:02x})"
                ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise RejectedInput("no text (only white space)")
    return text
