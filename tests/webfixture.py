"""A small web server on 127.0.0.1 for the collection tests: real article pages (tests/samples, from the shared
corpus), feeds written here, and every kind of bad answer (dead link, slow, not HTML, too big, redirect loop,
not a feed)."""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CORPUS = Path(__file__).resolve().parent / "samples" / "scrapinghub-aeb"
# Four real pages (venturebeat, slashgear, newsnation, ctpost), each with its own <link rel="canonical">.
PAGE_IDS = {
    "wework": "06e5123e4ef7",
    "vizzion": "06ee193de4bd",
    "oxygen": "076f4f33bf75",
    "suvs": "05844573ca7e",
}
LAST_MODIFIED = "Mon, 18 Nov 2019 10:00:00 GMT"
FEED_ETAG = '"feed-v1"'


def corpus_page(name: str) -> bytes:
    """The HTML of one corpus page, as the benchmark saved it."""
    prefix = PAGE_IDS[name]
    path = next(CORPUS.glob(f"{prefix}*.html.gz"))
    return gzip.decompress(path.read_bytes())


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class WebServer:
    """The running server: `url(path)` builds addresses, `hits` records every request."""

    base: str
    hits: list[Hit] = field(default_factory=list)
    feed_items: list[tuple[str, str, str]] = field(default_factory=list)  # (path, title, summary)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def paths(self) -> list[str]:
        return [hit.path for hit in self.hits]


def _rss(server: WebServer) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{server.url(path)}</link><description>{summary}</description>"
        f"<pubDate>Mon, {18 - n:02d} Nov 2019 09:00:00 GMT</pubDate></item>"
        for n, (path, title, summary) in enumerate(server.feed_items)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test news</title>'
            f"<link>{server.base}/</link><description>t</description>{items}</channel></rss>").encode()


def _atom(server: WebServer) -> bytes:
    entries = "".join(
        f'<entry><title>{title}</title><link rel="alternate" href="{path}"/><id>{server.url(path)}</id>'
        f"<updated>2019-11-{18 - n:02d}T09:00:00Z</updated><summary>{summary}</summary></entry>"
        for n, (path, title, summary) in enumerate(server.feed_items)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
            f'xml:base="{server.base}/"><title>Test news</title><id>{server.base}/</id>'
            f"<updated>2019-11-18T09:00:00Z</updated>{entries}</feed>").encode()


def _json_feed(server: WebServer) -> bytes:
    items = [{"id": path, "url": server.url(path), "title": title, "summary": summary,
              "date_published": f"2019-11-{18 - n:02d}T09:00:00Z"}
             for n, (path, title, summary) in enumerate(server.feed_items)]
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Test news", "items": items}).encode()


def _handler(server: WebServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up: a timeout test
                self._get()

        def _get(self) -> None:
            server.hits.append(Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
            path = urlsplit(self.path).path
            if path.startswith("/news/"):
                name = path.removeprefix("/news/").removesuffix(".html")
                if name in PAGE_IDS:
                    return self._send(200, corpus_page(name), "text/html; charset=utf-8",
                                      {"Last-Modified": LAST_MODIFIED})
            if path.startswith("/mirror/"):  # the same article without its canonical link, with other bytes
                name = path.removeprefix("/mirror/").removesuffix(".html")
                page = corpus_page(name).replace(b'rel="canonical"', b'rel="x-canonical"')
                return self._send(200, page + b"<!-- mirrored -->", "text/html; charset=utf-8")
            if path.startswith("/moved/"):
                return self._redirect(301, f"/news/{path.removeprefix('/moved/')}.html")
            if path == "/loop/a":
                return self._redirect(302, "/loop/b")
            if path == "/loop/b":
                return self._redirect(302, "/loop/a")
            if path == "/to-file":
                return self._redirect(302, "file:///etc/passwd")
            if path == "/slow":
                time.sleep(3)
                return self._send(200, b"<html><body><p>late</p></body></html>", "text/html")
            if path == "/drip":  # answers at once, then one byte at a time, never finishing in time
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(40):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
                return None
            if path == "/report.pdf":
                return self._send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "application/pdf")
            if path == "/huge":  # no Content-Length: the body just goes on
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<html><body>")
                for _ in range(300):
                    self.wfile.write(b"<p>" + b"x" * 8192 + b"</p>")
                return None
            if path == "/huge-declared":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(50_000_000))
                self.end_headers()
                return None
            if path == "/empty-page":
                return self._send(200, b"<html><head><title>Nothing</title></head><body></body></html>", "text/html")
            if path.startswith("/feeds/"):
                return self._feed(path)
            return self._send(404, b"<html><body><h1>Not found</h1></body></html>", "text/html")

        def _feed(self, path: str) -> None:
            kinds = {"/feeds/rss.xml": (_rss, "application/rss+xml"),
                     "/feeds/atom.xml": (_atom, "application/atom+xml"),
                     "/feeds/feed.json": (_json_feed, "application/feed+json")}
            if path == "/feeds/not-a-feed":
                return self._send(200, corpus_page("wework"), "text/html; charset=utf-8")
            if path == "/feeds/broken.xml":
                return self._send(200, b"<?xml version='1.0'?><rss><channel><item><title>x</ti", "application/xml")
            if path not in kinds:
                return self._send(404, b"not found", "text/plain")
            if self.headers.get("If-None-Match") == FEED_ETAG:
                self.send_response(304)
                self.send_header("ETag", FEED_ETAG)
                self.end_headers()
                return None
            build, media = kinds[path]
            return self._send(200, build(server), media, {"ETag": FEED_ETAG, "Last-Modified": LAST_MODIFIED})

        def _redirect(self, status: int, location: str) -> None:
            self.send_response(status)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _send(self, status: int, body: bytes, media: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Date", formatdate(usegmt=True))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve() -> Iterator[WebServer]:
    """Start the server on 127.0.0.1 (a free port), yield it, stop it."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    state = WebServer(base=f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.RequestHandlerClass = _handler(state)
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def site_config(feeds: list[object] | None = None, **fetch: object) -> str:
    """briefsite.yml text (JSON is YAML) letting the tests fetch from 127.0.0.1 quickly."""
    settings: dict[str, object] = {"delay": 0, "timeout": 1, "max_bytes": 1_000_000, "allow_private": ["127.0.0.1"]}
    settings.update(fetch)
    return json.dumps({"fetch": settings, "feeds": feeds or []}) + "\n"


def write_config(root: Path, text: str) -> None:
    (root / "briefsite.yml").write_text(text, "utf-8")
