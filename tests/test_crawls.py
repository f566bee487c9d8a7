"""What crawlers write: web archives (WARC, ARC), crawler JSON, compressed dumps, many languages."""

import bz2
import gzip
import io
import json
import lzma
from datetime import datetime, timezone

import pytest
import zstandard

from newslake.analysis import Recipe, source_of
from newslake.planning import Manifest, discover, plan, split_archives
from tests.archives import CRAWLED, arc_bytes, warc_bytes
from tests.test_inputs import PAGE
from transforms.reading.archives import Part, read_part, scan
from transforms.reading.decoding import RejectedInput
from transforms.reading.inputs import format_of, read_articles
from transforms.text.language import declared_code, identify

# A German page written for these tests: a site name, a publication date in JSON-LD, `lang="de"`.
SEITE = """<!DOCTYPE html>
<html lang="de-DE"><head><meta charset="utf-8">
<title>Stadtrat beschließt neue Brücke | Küstenbote</title>
<meta property="og:site_name" content="Küstenbote">
<link rel="canonical" href="https://bote.example.de/bruecke">
<meta name="description" content="Nach vier Jahren Streit ist die Entscheidung gefallen.">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Stadtrat beschließt neue Brücke",
 "datePublished": "2024-03-13T10:00:00+01:00"}</script>
</head><body><nav><a href="/">Startseite</a> <a href="/politik">Politik</a></nav>
<article><h1>Stadtrat beschließt neue Brücke</h1>
<p>Der Stadtrat hat am Montagabend mit neun zu zwei Stimmen den Bau einer zweiten Brücke über den Hafen beschlossen.</p>
<p>„Diese Brücke wird den Weg zur Arbeit für tausende Familien halbieren“, sagte Bürgermeisterin Ellen Brooks nach der Sitzung.</p>
<p>Die Gegner kritisierten die Kosten von 410 Millionen Euro, die bei Schulen und Wohnungen fehlen würden.</p>
</article><footer>Alle Rechte vorbehalten.</footer></body></html>
"""
PAGES = [("https://herald.example.com/news/2024/03/harbour-bridge", PAGE.encode()), ("https://bote.example.de/bruecke", SEITE.encode())]


def same_fields(article):
    return article.text, article.title, article.metadata.url, article.metadata.published_at


def test_a_warc_gives_the_documents_its_pages_give_as_html_files():
    saved = [read_articles(f"page{index}.html", body)[0][0] for index, (_url, body) in enumerate(PAGES)]
    data = warc_bytes(PAGES)
    found = scan(io.BytesIO(data), len(data))
    [part] = [Part(found.page_offsets[0], len(data), 2)]
    archived, failed = read_part(io.BytesIO(data), "crawl.warc.gz", "sha", "warc", part, found.keyed_by_offset)
    assert failed == []
    assert [same_fields(article) for article in archived] == [same_fields(article) for article in saved]
    english, german = archived
    assert english.metadata.crawled_at == datetime(2024, 3, 14, 8, tzinfo=timezone.utc) != english.metadata.published_at
    assert (german.metadata.outlet, german.metadata.declared_language, german.metadata.language) == ("Küstenbote", "de", "de")
    assert german.metadata.description == "Nach vier Jahren Streit ist die Entscheidung gefallen."
    assert english.metadata.record_key.startswith("urn:uuid:") and english.metadata.format == "warc"


def test_the_scan_counts_what_it_skips_and_keys_are_stable():
    data = warc_bytes(PAGES)
    first, again = scan(io.BytesIO(data), len(data)), scan(io.BytesIO(data), len(data))
    assert dict(first.skipped) == {"requests": 2, "metadata": 2, "redirects": 1, "error statuses": 1, "not HTML": 1, "revisits": 1}
    assert first.page_offsets == again.page_offsets and first.broken == []
    keys = [a.metadata.record_key for a in read_part(io.BytesIO(data), "c.warc.gz", "sha", "warc", Part(first.page_offsets[0], len(data), 2), False)[0]]
    assert keys == [a.metadata.record_key for a in read_part(io.BytesIO(data), "c.warc.gz", "sha", "warc", Part(first.page_offsets[0], len(data), 2), False)[0]]


@pytest.mark.parametrize("gzipped", [True, False])
def test_an_arc_file_is_read_and_keyed_by_offset(gzipped):
    data = arc_bytes(PAGES, gzipped=gzipped)
    found = scan(io.BytesIO(data), len(data))
    articles, failed = read_part(io.BytesIO(data), "old.arc", "sha", "arc", Part(found.page_offsets[0], len(data), 2), found.keyed_by_offset)
    assert failed == [] and [a.metadata.record_key for a in articles] == [f"offset {offset}" for offset in found.page_offsets]
    assert [a.metadata.url for a in articles] == [url for url, _ in PAGES]
    assert articles[0].metadata.crawled_at == datetime(2024, 3, 14, 8, tzinfo=timezone.utc)


def test_a_broken_record_is_one_reject_with_its_offset_and_the_rest_is_read():
    pages = [(f"https://herald.example.com/news/{n}", PAGE.encode()) for n in range(4)]
    data = bytearray(warc_bytes(pages, others=False))
    offsets = scan(io.BytesIO(bytes(data)), len(data)).page_offsets
    data[offsets[1] + 100 : offsets[1] + 164] = b"\x00" * 64  # inside the second page's gzip member
    found = scan(io.BytesIO(bytes(data)), len(data))
    assert len(found.broken) == 1 and found.broken[0][1].startswith("broken record")
    assert offsets[1] <= found.broken[0][0] < offsets[2] and len(found.page_offsets) == 3
    articles, _ = read_part(io.BytesIO(bytes(data)), "c.warc.gz", "sha", "warc", Part(found.page_offsets[0], len(data), 3), False)
    assert [a.metadata.url for a in articles] == [pages[0][0], pages[2][0], pages[3][0]]


def test_a_truncated_page_is_rejected_by_its_offset():
    data = warc_bytes(PAGES, gzipped=False, others=False)[:-200]
    found = scan(io.BytesIO(data), len(data))
    articles, failed = read_part(io.BytesIO(data), "c.warc", "sha", "warc", Part(found.page_offsets[0], len(data), 2), False)
    assert len(articles) == 1
    # (the 4 bytes of line ends after a record's block are not its bytes)
    assert failed == [(found.page_offsets[1], f"{PAGES[1][0]}: the record is cut short: 196 of its bytes are missing (a truncated archive?)")]


def test_an_archive_is_split_into_parts_for_the_workers(tmp_path):
    pages = [(f"https://herald.example.com/news/{n}", PAGE.encode()) for n in range(20)]
    (tmp_path / "crawl.warc.gz").write_bytes(warc_bytes(pages))
    (tmp_path / "empty.warc.gz").write_bytes(warc_bytes([], others=True))
    (tmp_path / "note.txt").write_text("A note\n\nThe council met on Monday.")
    (tmp_path / "whole.warc.zst").write_bytes(zstandard.compress(warc_bytes(pages, gzipped=False)))
    planned = plan(tmp_path, discover(tmp_path), Manifest.from_rows([]), Recipe("en_core_web_sm"))
    split = split_archives(tmp_path, planned, pages_per_part=64, workers=2)
    parts = [source for source in split.changed if source.part]
    assert [source.part.pages for source in parts] == [5, 5, 5, 5] and {source.share for source in parts} == {0.25}
    assert [source.path for source in split.changed if not source.part] == ["note.txt"]
    assert len({source.content_sha256 for source in parts}) == 1
    assert split.skipped == {"requests": 20, "metadata": 2, "redirects": 1, "error statuses": 1, "not HTML": 1, "revisits": 1}
    whole, reject = sorted(split.rejects, key=lambda r: r.source_path, reverse=True)
    assert whole.source_path == "whole.warc.zst" and whole.reason.startswith("a web archive compressed whole (bzip2, xz, zstd) cannot be read record by record")
    assert reject.source_path == "empty.warc.gz" and reject.reason == "no HTML page with status 200 in the archive (1 revisits, 2 metadata, 1 redirects, 1 error statuses, 1 not HTML)"


NEWS_PLEASE = {
    "authors": ["Maria Lopez"], "date_download": "2024-03-14 08:00:00", "date_modify": None, "date_publish": "2024-03-12 09:30:00",
    "description": "The plan ends four years of hearings.", "filename": "harbour-bridge.json", "image_url": None, "language": "en",
    "localpath": None, "maintext": "The city council voted 9 to 2 on Monday night to approve the plan for a second bridge.",
    "source_domain": "herald.example.com", "title": "Council approves harbour bridge plan", "title_page": None, "title_rss": None,
    "url": "https://herald.example.com/news/2024/03/harbour-bridge",
}


def test_a_news_please_article_file_maps_without_options():
    [article], rejects = read_articles("herald.example.com/2024/03/harbour-bridge.json", json.dumps(NEWS_PLEASE).encode())
    metadata = article.metadata
    assert rejects == [] and article.title == "Council approves harbour bridge plan" and metadata.record_key is None
    assert (metadata.format, metadata.author, metadata.outlet, metadata.url) == ("json", "Maria Lopez", "herald.example.com", NEWS_PLEASE["url"])
    assert metadata.published_at == datetime(2024, 3, 12, 9, 30, tzinfo=timezone.utc)
    assert metadata.crawled_at == datetime(2024, 3, 14, 8, tzinfo=timezone.utc)
    assert (metadata.description, metadata.declared_language, metadata.language) == ("The plan ends four years of hearings.", "en", "en")


def test_a_list_of_crawler_articles_fundus_and_trafilatura_shapes():
    fundus = {"title": "Ferry fares rise", "authors": ["Tom Hale"], "publishing_date": "2024-03-13 07:00:00+00:00", "topics": ["transport"],
              "body": {"summary": ["Fares rise in April."], "sections": [{"headline": [], "paragraphs": ["The operator blamed fuel costs.", "Season tickets are spared."]}]}}
    trafilatura = {"title": "Tunnel study shelved", "author": "Ana Ruiz", "hostname": "herald.example.com", "date": "2024-03-13",
                   "source": "https://herald.example.com/tunnel", "source-hostname": "The Coastal Herald", "text": "The council shelved the study.",
                   "excerpt": "No tunnel for now.", "language": "en"}
    raw = json.dumps([fundus, "not an object", trafilatura], indent=2).encode()
    articles, rejects = read_articles("crawl/2024.json", raw)
    line = next(number for number, text in enumerate(raw.decode().splitlines(), 1) if '"not an object"' in text)
    assert [(r.line, r.reason) for r in rejects] == [(line, f"line {line}: a JSON str, not an object")]
    first, second = articles
    assert [first.text[p.start : p.end] for p in first.paragraphs] == ["Ferry fares rise", "Fares rise in April.", "The operator blamed fuel costs.", "Season tickets are spared."]
    assert (first.metadata.record_key, first.metadata.tags, first.metadata.published_at) == ("line 2", ("transport",), datetime(2024, 3, 13, 7, tzinfo=timezone.utc))
    assert (second.metadata.url, second.metadata.outlet, second.metadata.description) == ("https://herald.example.com/tunnel", "The Coastal Herald", "No tunnel for now.")


def test_a_field_option_still_wins_in_crawler_json():
    from transforms.reading.records import FieldMap

    [article], _ = read_articles("a.json", json.dumps({"maintext": "Ignored body.", "story": "The mill reopened on Friday."}).encode(), FieldMap({"text": "story"}))
    assert article.text == "The mill reopened on Friday."


JSONL = "".join(json.dumps({"id": f"r{n}", "title": f"Item {n}", "text": f"The council met on day {n} and agreed."}) + "\n" for n in range(3)).encode()


@pytest.mark.parametrize("suffix, compress", [(".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress), (".zst", zstandard.compress)])
def test_compressed_inputs_read_like_the_plain_ones(suffix, compress):
    assert format_of(f"dump.jsonl{suffix}") == "jsonl" and format_of(f"crawl.warc{suffix}") == "warc"
    articles, rejects = read_articles(f"dump.jsonl{suffix}", compress(JSONL))
    assert rejects == [] and [a.metadata.record_key for a in articles] == ["r0", "r1", "r2"]
    [page], _ = read_articles(f"page.html{suffix}", compress(PAGE.encode()))
    assert page.title == "Council approves harbour bridge plan"
    [row], _ = read_articles(f"sheet.csv{suffix}", compress(b"title,text\nMill reopens,The mill reopened on Friday.\n"))
    assert row.title == "Mill reopens"


def test_a_damaged_stream_keeps_the_whole_records_before_it_in_a_dump_and_rejects_a_page():
    records = "".join(json.dumps({"id": f"r{n}", "text": f"Record {n} of a long dump, cut short in transit."}) + "\n" for n in range(500)).encode()
    articles, rejects = read_articles("dump.jsonl.gz", gzip.compress(records)[:-100])
    assert 0 < len(articles) < 500 and [a.metadata.record_key for a in articles] == [f"r{n}" for n in range(len(articles))]
    [reject] = rejects
    assert reject.line == len(articles) + 1 and reject.reason.startswith("damaged gzip stream after") and reject.reason.endswith("; the whole records before it were read")
    with pytest.raises(RejectedInput, match=r"^damaged gzip stream after [\d,]+ expanded bytes: .*; nothing of it was ingested$"):
        read_articles("page.html.gz", gzip.compress(PAGE.encode())[:-40])


def test_a_stream_expanding_past_the_limit_is_rejected(monkeypatch):
    import transforms.reading.limits

    monkeypatch.setitem(transforms.reading.limits.FILE_BYTES, "text", 1 << 20)  # what an uncompressed text may hold
    bomb = gzip.compress(b" " * (8 << 20))  # 8 KB that expand to 8 MiB
    with pytest.raises(RejectedInput, match=r"^gzip stream expands to more than 1 MiB \(the limit for a compressed input\); not read$"):
        read_articles("bomb.txt.gz", bomb)


@pytest.mark.parametrize("text, language", [
    ("Der Stadtrat hat am Montagabend den Bau einer zweiten Brücke über den Hafen beschlossen.", "de"),
    ("Le conseil municipal a approuvé lundi soir la construction d'un second pont sur le port.", "fr"),
    ("El ayuntamiento aprobó el lunes por la noche la construcción de un segundo puente sobre el puerto.", "es"),
    ("Городской совет в понедельник одобрил строительство второго моста через гавань.", "ru"),
    ("The city council approved on Monday night the construction of a second bridge across the harbour.", "en"),
])
def test_the_language_is_identified_from_the_text(text, language):
    code, confidence = identify(text)
    assert code == language and 0.9 < confidence <= 1


@pytest.mark.parametrize("declared, code", [("en-US", "en"), ("de_DE", "de"), ("fra", "fr"), ("English", "en"), ("xx-klingon", None), ("", None)])
def test_a_declared_language_becomes_its_iso_639_1_code(declared, code):
    assert declared_code(declared) == code


def test_documents_not_in_english_are_kept_without_nlp_rows(nlp, parser):
    from transforms.tables import analyse, to_tables

    [german], _ = read_articles("bruecke.html", SEITE.encode())
    [english], _ = read_articles("bridge.html", PAGE.encode())
    tables = to_tables(analyse([german, english], nlp, parser), datetime(2024, 3, 14, tzinfo=timezone.utc))
    documents = tables["documents"].to_pylist()
    assert [(d["language"], d["declared_language"], d["n_sentences"] > 0) for d in documents] == [("de", "de", False), ("en", "en", True)]
    for name in ("sentences", "mentions", "quotes", "terms"):
        assert set(tables[name]["doc_id"].to_pylist()) == {english.doc_id}


@pytest.mark.flow
def test_a_crawl_folder_through_the_flow(tmp_path, harness):
    from newslake.views import connect
    from tests.conftest import ingest_with_cli

    seeds = tmp_path / "seeds"
    (seeds / "herald.example.com" / "2024" / "03").mkdir(parents=True)
    (seeds / "herald.example.com" / "2024" / "03" / "harbour-bridge.json").write_text(json.dumps(NEWS_PLEASE))
    archive = bytearray(warc_bytes([("https://herald.example.com/a", PAGE.encode().replace(b"9 to 2", b"8 to 3")), PAGES[1],
                                    ("https://herald.example.com/c", PAGE.encode().replace(b"9 to 2", b"7 to 4"))]))
    offsets = scan(io.BytesIO(bytes(archive)), len(archive)).page_offsets
    archive[offsets[1] + 100 : offsets[1] + 164] = b"\0" * 64  # the German page's record
    (seeds / "crawl.warc.gz").write_bytes(bytes(archive))
    (seeds / "feed.jsonl.gz").write_bytes(gzip.compress(JSONL))
    output = ingest_with_cli(seeds, tmp_path / "data")
    assert "3 files seen: 3 ingested, 0 unchanged, 0 rejected, 0 missing" in output
    assert "; 1 dump record rejected; 9 archive records skipped (3 requests, 1 revisits, 2 metadata, 1 redirects, 1 error statuses, 1 not HTML)" in output
    assert "crawl.warc.gz: offset " in output and ": broken record (Unknown archive format)" in output
    connection = connect(tmp_path / "data")
    assert connection.sql("select format, count(*), min(language) from doc_stats group by all order by 1").fetchall() == [
        ("json", 1, "en"), ("jsonl", 3, "en"), ("warc", 2, "en"),
    ]
    [(record_offset,)] = connection.sql("select record_offset from rejects").fetchall()
    assert offsets[1] <= record_offset < offsets[2]
    assert connection.sql("select count(*) from documents where crawled_at is not null").fetchall() == [(3,)]
    assert "0 ingested, 3 unchanged" in ingest_with_cli(seeds, tmp_path / "data")  # the same archive again: nothing to do
