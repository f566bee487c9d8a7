"""Web archives against what newslake costs anyway, measured as ratios in one run.

The archives are built here from the Wikinews corpus, each article rendered as a news site's page
(navigation, an inline style sheet and script, related links, a footer: about 60 KB of HTML) and
stored as a crawler stores it (a request and a response per page). Nothing is committed.

- Reading and extracting a WARC's pages against NER over the same pages' texts (target <= 25 %).
- `newslake ingest` of the same pages as `.html` files and as one `.warc.gz`, each against bare
  NER per article: the archive's ratio within 1.1x of the files'.
- Peak memory of ingesting a 1 GB archive against a 10 MB one (target: within 300 MB). The large
  archive holds 2,000 pages and, as crawls do, images and other records that are not pages.
"""

import io
import random
import shutil
import subprocess
import sys
import threading
import time
from html import escape
from pathlib import Path

from tests.archives import warc_bytes
from transforms.reading.archives import read_part, scan
from transforms.reading.inputs import read_articles
from transforms.entities.recognition import DEFAULT_MODEL, load_model, recognise

NEWSLAKE = Path(sys.executable).parent / "newslake"
SIZES = (50, 293)


def news_page(path: Path, edition: int = 0) -> tuple[str, bytes]:
    """An article of the corpus as the page a news site serves, and its URL."""
    title, *paragraphs = [part.strip() for part in path.read_text(encoding="utf-8").split("\n\n") if part.strip()]
    rng = random.Random(f"{path.name}{edition}")
    words = ["var", "function", "return", "window", "document", "push", "config", "true", "false", "null", "ads", "track"]
    script = " ".join(rng.choice(words) + str(rng.randrange(10_000)) for _ in range(6_000))
    style = " ".join(f".c{rng.randrange(10_000)}{{margin:{rng.randrange(40)}px;color:#{rng.randrange(16**6):06x}}}" for _ in range(800))
    nav = " ".join(f'<a href="/section/{n}">Section {n}</a>' for n in range(60))
    related = "".join(f'<li><a href="/story/{rng.randrange(10**6)}">Related story {n}</a></li>' for n in range(12))
    body = "".join(f"<p>{escape(text)}</p>\n" for text in ([f"Edition {edition}."] if edition else []) + paragraphs)
    url = f"https://en.wikinews.example/{edition}/{path.stem[:40]}"
    page = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)} - Wikinews</title>'
        f'<meta property="og:site_name" content="Wikinews"><link rel="canonical" href="{url}">'
        f"<style>{style}</style><script>{script}</script></head><body><header><nav>{nav}</nav></header>"
        f"<main><article><h1>{escape(title)}</h1>{body}</article><aside><ul>{related}</ul></aside></main>"
        f"<footer><p>Text under CC BY 2.5, Wikinews contributors.</p></footer></body></html>"
    )
    return url, page.encode()


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def test_reading_a_warc_against_ner(corpus):
    pages = [news_page(path) for path in corpus]
    archive = warc_bytes(pages)
    nlp = load_model(DEFAULT_MODEL)

    def read_all():
        found = scan(io.BytesIO(archive), len(archive))
        return read_part(io.BytesIO(archive), "crawl.warc.gz", "sha", "warc", _whole(found, len(archive)), False)[0]

    read_seconds, articles = timed(read_all)
    html_seconds, _ = timed(lambda: [read_articles(f"{n}.html", body) for n, (_url, body) in enumerate(pages)])
    list(nlp.pipe(["Warm up the model."]))
    ner_seconds, _ = timed(recognise, nlp, [article.text for article in articles])
    print(f"\n{len(articles)} pages ({len(archive) / 2**20:.1f} MiB .warc.gz): reading and extracting {read_seconds:.2f} s "
          f"({read_seconds / ner_seconds:.0%} of NER {ner_seconds:.2f} s); the same pages as .html files {html_seconds:.2f} s "
          f"({read_seconds / html_seconds:.2f}x)")
    assert len(articles) == len(corpus)
    assert read_seconds <= 0.25 * ner_seconds


def _whole(found, size):
    from transforms.reading.archives import Part

    return Part(found.page_offsets[0], size, len(found.page_offsets))


def test_ingesting_a_warc_against_html_files(corpus, tmp_path):
    nlp = load_model(DEFAULT_MODEL)
    pages = [news_page(path) for path in corpus]
    texts = [read_articles(f"{n}.html", body)[0][0].text for n, (_url, body) in enumerate(pages)]
    list(nlp.pipe(texts[:5]))
    bare = {size: timed(lambda t: list(nlp.pipe(t, batch_size=64)), texts[:size])[0] for size in SIZES}
    ingest = {}
    for kind in ("html", "warc"):
        for size in SIZES:
            seeds, data = tmp_path / f"{kind}{size}", tmp_path / f"data-{kind}{size}"
            seeds.mkdir()
            if kind == "html":
                for number, (_url, body) in enumerate(pages[:size]):
                    (seeds / f"{number:03d}.html").write_bytes(body)
            else:
                (seeds / "crawl.warc.gz").write_bytes(warc_bytes(pages[:size]))
            command = [str(NEWSLAKE), "ingest", "--seeds", str(seeds), "--data", str(data), "--workers", "1"]
            ingest[kind, size] = timed(lambda: subprocess.run(command, check=True, capture_output=True))[0]
    small, large = SIZES
    per_article_bare = (bare[large] - bare[small]) / (large - small)
    ratio = {kind: (ingest[kind, large] - ingest[kind, small]) / (large - small) / per_article_bare for kind in ("html", "warc")}
    for kind in ("html", "warc"):
        print(f"\n{kind}: ingest {ingest[kind, small]:.1f} s for {small}, {ingest[kind, large]:.1f} s for {large} pages; "
              f"per article {ratio[kind]:.2f}x bare NER")
    print(f"WARC against .html files, per article: {ratio['warc'] / ratio['html']:.2f}x (target <= 1.1)")
    assert ratio["warc"] <= 1.1 * ratio["html"]


def test_peak_memory_of_a_large_archive_against_a_small_one(corpus, tmp_path):
    peaks = {}
    for label, target_bytes, n_pages in (("10 MB", 10 << 20, 30), ("1 GB", 1 << 30, 2_000)):
        seeds, data = tmp_path / f"seeds-{label}", tmp_path / f"data-{label}"
        seeds.mkdir()
        size = _write_archive(seeds / "crawl.warc.gz", corpus, n_pages, target_bytes)
        command = [str(NEWSLAKE), "ingest", "--seeds", str(seeds), "--data", str(data), "--workers", "1"]
        seconds, peaks[label] = _peak_rss(command)
        print(f"\n{label} archive ({size / 2**20:.0f} MiB, {n_pages} pages): ingested in {seconds:.0f} s, peak {peaks[label] / 2**20:.0f} MiB")
        shutil.rmtree(data)
        (seeds / "crawl.warc.gz").unlink()
    difference = (peaks["1 GB"] - peaks["10 MB"]) / 2**20
    print(f"1 GB archive against 10 MB: {difference:+.0f} MiB peak ({peaks['1 GB'] / peaks['10 MB']:.2f}x; target within 300 MiB)")
    assert difference <= 300


def _write_archive(path: Path, corpus: list[Path], n_pages: int, target_bytes: int) -> int:
    """`n_pages` pages of the corpus (editions of it when it is shorter), with images (random bytes,
    as incompressible as JPEGs) between them until the archive is `target_bytes`."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(7)
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=True)
        pages_written = 0
        while pages_written < n_pages or file.tell() < target_bytes:
            if pages_written < n_pages:
                url, body = news_page(corpus[pages_written % len(corpus)], pages_written // len(corpus))
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
                pages_written += 1
            left = target_bytes - file.tell()
            if left > 0:
                image = rng.randbytes(min(left, max(1, (target_bytes // max(1, n_pages)) - 20_000), 4 << 20))
                headers = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(f"https://en.wikinews.example/img/{rng.randrange(10**9)}.jpg", "response",
                                                              payload=io.BytesIO(image), http_headers=headers))
        return file.tell()


def _peak_rss(command: list[str]) -> tuple[float, int]:
    """Seconds and the peak resident memory (VmHWM) of the command's own process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0

    def watch():
        nonlocal peak
        status = Path(f"/proc/{process.pid}/status")
        while process.poll() is None:
            try:
                line = next(line for line in status.read_text().splitlines() if line.startswith("VmHWM:"))
                peak = max(peak, int(line.split()[1]) * 1024)
            except (OSError, StopIteration):
                pass
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        _, stderr = process.communicate(timeout=3_600)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    watcher.join()
    assert process.returncode == 0, stderr.decode()[-2000:]
    return time.perf_counter() - started, peak

