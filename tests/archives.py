"""Web archives made the way crawlers write them, for the tests and the benchmarks: for each page a
request and its response, around them the records a real crawl holds besides pages."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

CRAWLED = "2024-03-14T08:00:00Z"


def warc_bytes(pages: list[tuple[str, bytes]], gzipped: bool = True, others: bool = True) -> bytes:
    """A WARC of `pages` (url, HTML): a warcinfo record, then per page its request and response;
    with `others`, also a redirect, a 404, an image, a revisit and a metadata record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    class SameBytesEveryRun(WARCWriter):
        """Record ids and dates fixed, so the archive's bytes (and an offset into them that a test
        damages) are the same in every run."""

        ids = iter(range(1, 10_000))

        def _make_warc_id(self):
            return f"<urn:uuid:00000000-0000-4000-8000-{next(self.ids):012d}>"

        def curr_warc_date(self):
            return CRAWLED

    buffer = io.BytesIO()
    writer = SameBytesEveryRun(buffer, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "newslake tests"}))

    def response(url: str, status: str, content_type: str, body: bytes, extra=()):
        headers = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra], protocol="HTTP/1.1")
        return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict={"WARC-Date": CRAWLED})

    for url, body in pages:
        request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request))
        writer.write_record(response(url, "200 OK", "text/html; charset=utf-8", body))
    if others:
        host = pages[0][0].split("/")[2] if pages else "example.com"
        writer.write_record(response(f"https://{host}/old", "301 Moved Permanently", "text/html", b"", [("Location", f"https://{host}/")]))
        writer.write_record(response(f"https://{host}/gone", "404 Not Found", "text/html", b"<html><body>Not found</body></html>"))
        writer.write_record(response(f"https://{host}/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)))
        revisit = writer.create_revisit_record(pages[0][0] if pages else f"https://{host}/", "sha1:AAAA", pages[0][0] if pages else "", CRAWLED)
        writer.write_record(revisit)
        writer.write_record(writer.create_warc_record(f"https://{host}/", "metadata", payload=io.BytesIO(b"outlinks: 3\n"), warc_content_type="application/warc-fields"))
    return buffer.getvalue()


def arc_bytes(pages: list[tuple[str, bytes]], gzipped: bool = True) -> bytes:
    """An ARC (version 1, as the Internet Archive's crawlers wrote before WARC), each record a
    gzip member when `gzipped`."""
    def record(header: str, block: bytes) -> bytes:
        data = header.encode() + b"\n" + block + b"\n"
        return gzip.compress(data) if gzipped else data

    version = b"1 0 newslake\nURL IP-address Archive-date Content-type Archive-length\n"
    out = [record(f"filedesc://crawl.arc 0.0.0.0 20240314080000 text/plain {len(version)}", version)]
    for url, body in pages:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
        out.append(record(f"{url} 192.0.2.1 20240314080000 text/html {len(http)}", http))
    return b"".join(out)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
