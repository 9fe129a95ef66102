"""A news site on 127.0.0.1 for the follow tests: feeds, sitemaps and pages, good and bad.

Each path answers as its :class:`Route` says (status, body, type, headers,
ETag, a pause, failures before success); every request is recorded with its
headers, so a test can count fetches and check the manners of the client.
Kept out of ``conftest.py`` so that the SIGKILL test's child process can import
it too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PLACES = ("Idlib", "Lagos", "Donetsk")


def page(title: str, *paragraphs: str, day: str = "2020-02-27") -> bytes:
    """A news page with navigation and a footer around its article."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html><head><title>{title}</title><meta name="date" content="{day}">'
        f"</head><body><nav>Home World Sport</nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright The Test Wire</footer></body></html>"
    ).encode()


def story(n: int, place: str = "Idlib") -> bytes:
    """Article number ``n``: ``n`` people killed in ``place`` (the fake pipeline's event)."""
    return page(
        f"Story {n}",
        f"At least {n} people were killed in {place} on Thursday, officials said.",
        "Residents described the fighting that continued into the night near the town.",
    )


def rss(*links: str, title: str = "The Test Wire") -> bytes:
    """An RSS 2.0 feed listing ``links`` (relative or absolute)."""
    items = "".join(
        f"<item><title>Item {n}</title><link>{link}</link>"
        f"<pubDate>Thu, 27 Feb 2020 1{n % 10}:00:00 GMT</pubDate></item>"
        for n, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://example.invalid/</link><description>x</description>{items}</channel></rss>"
    ).encode()


def news_sitemap(*links: str) -> bytes:
    """A Google News sitemap listing ``links``."""
    urls = "".join(
        f"<url><loc>{link}</loc><news:news><news:publication><news:name>Sitemap Wire"
        "</news:name><news:language>en</news:language></news:publication>"
        "<news:publication_date>2020-02-27T10:00:00Z</news:publication_date>"
        f"<news:title>Mapped {n}</news:title></news:news></url>"
        for n, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{urls}</urlset>"
    ).encode()


def sitemap_index(*links: str) -> bytes:
    """A sitemap index naming further sitemaps."""
    maps = "".join(f"<sitemap><loc>{link}</loc></sitemap>" for link in links)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>'
    ).encode()


@dataclass
class Route:
    """How one path answers."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    pause: float = 0.0
    fail_first: int = 0
    """Answer 503 this many times before answering as above."""
    retry_after: str | None = None
    reached: threading.Event = field(default_factory=threading.Event)


@dataclass
class Request:
    """One request as it arrived, and the status it was answered with (0 until answered)."""

    path: str
    headers: dict[str, str]
    status: int = 0


class Site:
    """The routes, the request log, and the server's address."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Request] = []
        self.base = ""
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        """How many times ``path`` was requested."""
        with self._lock:
            return sum(1 for request in self.log if request.path == path)

    def record(self, request: Request) -> None:
        with self._lock:
            self.log.append(request)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            route = site.routes.get(self.path)
            request = Request(self.path, {k.lower(): v for k, v in self.headers.items()})
            site.record(request)  # on arrival, so a request cut short still counts
            headers = request.headers
            if route is None:
                self._answer(404, b"not found", "text/plain", {}, request)
                return
            route.reached.set()
            if route.pause:
                time.sleep(route.pause)
            if route.fail_first > 0:
                route.fail_first -= 1
                extra = {"Retry-After": route.retry_after} if route.retry_after else {}
                self._answer(503, b"busy", "text/plain", extra, request)
                return
            extra = dict(route.headers)
            if route.etag:
                extra["ETag"] = route.etag
                if headers.get("if-none-match") == route.etag:
                    self._answer(304, b"", route.content_type, extra, request)
                    return
            self._answer(route.status, route.body, route.content_type, extra, request)

        def _answer(
            self,
            status: int,
            body: bytes,
            kind: str,
            extra: dict[str, str],
            request: Request,
        ) -> None:
            request.status = status
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                for name, value in extra.items():
                    self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    """Serve ``site`` on a free loopback port for the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
