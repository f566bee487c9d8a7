"""Bytes to text: what is decoded, what is rejected, and the reason given."""

import codecs

import pytest

from transforms.text.cleaning import strip_boilerplate
from transforms.reading.decoding import RejectedInput, decode


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Putin and Biden talk.\r\nSecond line\r".encode("utf-8"), "Putin and Biden talk.\nSecond line\n"),
        (codecs.BOM_UTF8 + "“Quoted” text".encode("utf-8"), "“Quoted” text"),
        ("“Smart quotes” – from Word".encode("cp1252"), "“Smart quotes” – from Word"),
        ("Müller sagte".encode("utf-16"), "Müller sagte"),
    ],
)
def test_decodes_utf8_bom_and_windows_1252(raw, expected):
    assert decode(raw) == expected


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", "empty file"),
        (b"  \n\t\n", "no text (only white space)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not text"),
        (b"caf\xc3 \x81\x8d broken", "undecodable bytes: neither UTF-8 nor Windows-1252 (byte 3: 0xc3)"),
    ],
)
def test_rejects_with_a_one_line_reason(raw, reason):
    with pytest.raises(RejectedInput) as error:
        decode(raw)
    assert str(error.value) == reason


def test_boilerplate_lines_go_and_nothing_else_changes():
    text = "Title\n\nBody “quoted” text.\n\nLeave a Reply\n\nYour email address will not be published. Required fields are marked *\n\nBack to top button"
    cleaned, removed = strip_boilerplate(text)
    assert cleaned == "Title\n\nBody “quoted” text."
    assert removed == ["Leave a Reply", "Your email address will not be published. Required fields are marked *", "Back to top button"]


def test_a_sentence_that_only_mentions_a_reply_is_kept():
    text = "He did not leave a reply to the letter."
    assert strip_boilerplate(text) == (text, [])
