"""Every reader fed arbitrary input (hypothesis): articles or rejects out, never an exception.

Two properties per reader: the readers themselves raise nothing but `RejectedInput` (a reason
written for people), and what the guard hands the run is well formed (sentences inside the text
and within the sentence limit, rejects of one line). Examples are derandomised, so a run is
repeatable and cannot fail by chance; a failure prints the input that caused it.
"""

import bz2
import gzip
import io
import json
import lzma

from hypothesis import HealthCheck, given, settings, strategies as st

from transforms.reading.decoding import RejectedInput
from transforms.reading.inputs import read_articles, read_file
from transforms.reading.limits import SENTENCE_CHARS
from transforms.reading.records import USUAL_NAMES

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)
markup = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<article>", "<h1>", "</h1>", "<br>", "<script>", "</script>",
                          "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#xD800;", "<meta charset=utf-16>", "<title>", "\x00", "\n"])
yaml_bits = st.sampled_from(["title: ", "date: ", "tags: ", "author: ", "&a ", "*a", "[", "]", "{", "}", "- ", ": ", "!!binary ",
                             "!!timestamp ", "yes", "~", "2019-02-30", "9999-12-31T23:59:59-12:00", "'", '"', "\n", "  ", "|", ">"])
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | words
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(words, inner, max_size=4), max_leaves=12)
field_names = st.sampled_from([name for names in USUAL_NAMES.values() for name in names] + ["Text", " text", "TITLE "]) | words


def check(source_path: str, raw: bytes) -> None:
    """The two properties, for one input."""
    try:
        read_articles(source_path, raw)
    except RejectedInput:
        pass
    articles, rejects = read_file(source_path, lambda: raw)
    for article in articles:
        assert article.paragraphs and article.sentences
        previous = 0
        for sentence in article.sentences:
            assert previous <= sentence.start < sentence.end <= len(article.text)
            assert sentence.end - sentence.start <= SENTENCE_CHARS
            previous = sentence.end
    for reject in rejects:
        assert reject.source_path == source_path and reject.reason and "\n" not in reject.reason


@FUZZ
@given(st.binary(max_size=2_000))
def test_any_bytes_in_any_format(raw):
    for name in ("a.txt", "a.md", "a.html", "a.json", "a.jsonl", "a.csv", "a.txt.gz", "a.jsonl.bz2", "a.csv.xz", "a.json.zst"):
        check(name, raw)


@FUZZ
@given(words, st.lists(words, max_size=6))
def test_text_files(title, paragraphs):
    check("a.txt", "\n\n".join([title, *paragraphs]).encode("utf-8"))


@FUZZ
@given(st.lists(yaml_bits | words, max_size=30), words)
def test_markdown_front_matter(bits, body):
    check("a.md", ("---\n" + "".join(bits) + "\n---\n" + body).encode("utf-8"))


@FUZZ
@given(st.lists(markup | words, max_size=40))
def test_html_pages(parts):
    check("a.html", ("<html><body>" + "".join(parts)).encode("utf-8"))


@FUZZ
@given(st.lists(st.dictionaries(field_names, json_values, max_size=6) | words, max_size=5))
def test_jsonl_dumps(records):
    check("a.jsonl", "\n".join(record if isinstance(record, str) else json.dumps(record) for record in records).encode("utf-8"))


@FUZZ
@given(st.lists(field_names, min_size=1, max_size=4), st.lists(st.lists(words | st.sampled_from(['"', '""', "\x00", "\r\n"]), max_size=5), max_size=5))
def test_csv_dumps(header, rows):
    lines = [",".join(header), *(",".join(row) for row in rows)]
    check("a.csv", "\n".join(lines).encode("utf-8"))


@FUZZ
@given(st.lists(st.dictionaries(field_names, json_values, max_size=6) | json_values, max_size=4) | st.dictionaries(field_names, json_values, max_size=6))
def test_crawler_json_files(value):
    check("a.json", json.dumps(value).encode("utf-8"))


@FUZZ
@given(st.sampled_from(["a.jsonl.gz", "a.txt.bz2", "a.html.xz", "a.csv.gz"]), st.binary(max_size=3_000), st.integers(min_value=0, max_value=60))
def test_compressed_inputs_whole_or_cut_short(name, raw, cut):
    packed = {"gz": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress}[name.rsplit(".", 1)[1]](raw)
    check(name, packed[: len(packed) - cut])


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=255)), max_size=6), st.integers(min_value=0, max_value=400), st.booleans())
def test_web_archives_with_damaged_bytes(flips, cut, gzipped):
    """A real archive (pages, a redirect, a 404, an image, a revisit, metadata) with bytes changed
    and its end cut: scanning it and reading its parts raise nothing but RejectedInput."""
    from tests.archives import warc_bytes
    from transforms.reading.archives import cut as cut_parts, read_part, scan

    page = b"<html><head><title>Talks resume</title></head><body><article><p>" + b"Officials met in Paris on Monday. " * 6 + b"</p></article></body></html>"
    data = bytearray(warc_bytes([("https://example.com/a", page), ("https://example.com/b", page)], gzipped=gzipped))
    for position, value in flips:
        data[position % len(data)] = value
    data = bytes(data[: len(data) - cut])
    try:
        found = scan(io.BytesIO(data), len(data))
        for part in cut_parts(found.page_offsets, len(data), 1) if found.page_offsets else []:
            read_part(io.BytesIO(data), "a.warc.gz" if gzipped else "a.warc", "sha", "warc", part, found.keyed_by_offset)
    except RejectedInput:
        pass
