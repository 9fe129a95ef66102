"""Polite HTTP: robots.txt, a pause per host, retries with back-off, a size cap, a named agent.

Everything ``sitrep follow`` downloads goes through one :class:`Fetcher`, so the
rules a site owner can expect of a crawler hold for every request: the user
agent names sitrep and where to read about it; ``robots.txt`` is read once per
host and obeyed (its ``Crawl-delay`` too); two requests to one host are at least
``delay`` seconds apart; a busy server (429, 5xx, a dropped connection) is asked
again after a growing pause, honouring ``Retry-After``; a body larger than the
cap is abandoned mid-stream rather than held in memory. Conditional requests
(``If-None-Match``, ``If-Modified-Since``) let an unchanged feed cost a 304.

Example:
    >>> with Fetcher(FetchOptions()) as fetcher:                     # doctest: +SKIP
    ...     page = fetcher.get("https://example.org/feed.xml")
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from importlib import metadata
from urllib.parse import urljoin, urlsplit

import httpx

from sitrep._closing import Closing
from sitrep.errors import InputError

#: Seconds a host's robots.txt is trusted before it is read again (a following run is long).
_ROBOTS_KEPT = 24 * 3600.0
#: Seconds before a robots.txt that could not be read is asked for again (the host waits).
_ROBOTS_RETRY = 600.0
#: Statuses worth asking again after a pause: the server is busy, not the URL wrong.
_TRANSIENT = frozenset({408, 425, 429, 500, 502, 503, 504})


def user_agent() -> str:
    """The user agent of every request: sitrep, its version, and what it is.

    Example:
        >>> user_agent().startswith("sitrep/")
        True
    """
    try:
        version = metadata.version("sitrep")
    except metadata.PackageNotFoundError:
        version = "dev"
    return f"sitrep/{version} (news event extraction; follows robots.txt)"


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How politely and how patiently to fetch.

    Attributes:
        delay: least seconds between two requests to one host (robots.txt's
            ``Crawl-delay`` raises it, never lowers it).
        timeout: seconds to wait for a connection or for the next bytes.
        retries: further attempts after a transient failure.
        backoff: seconds before the first retry; each retry doubles it.
        max_backoff: the longest pause, whatever ``Retry-After`` asks.
        max_bytes: the largest body read; a larger one is a failure.
        max_redirects: redirects followed before giving up.
    """

    delay: float = 1.0
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 2.0
    max_backoff: float = 60.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched body (``None`` for 304 Not Modified) and what to send next time."""

    url: str
    status: int
    body: bytes | None
    etag: str | None
    last_modified: str | None
    content_type: str


class FetchError(InputError):
    """A URL could not be fetched.

    Attributes:
        transient: asking again later may succeed (a busy server, a timeout).
        status: the HTTP status, when the server answered.
        retry_after: the seconds the server asked to wait, when it did.
    """

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        transient: bool = False,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(url, reason)
        self.transient = transient
        self.status = status
        self.retry_after = retry_after


class Fetcher(Closing):
    """One HTTP client with sitrep's manners; use as a context manager.

    Args:
        options: delays, retries and limits.
        sleep: how to wait (tests pass a recorder; default :func:`time.sleep`).
    """

    def __init__(
        self,
        options: FetchOptions,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": user_agent()},
            timeout=options.timeout,
            follow_redirects=False,  # followed hop by hop, each obeying robots.txt
        )
        # host → (its robots.txt, or None while it cannot be read; when to read it again)
        self._robots: dict[str, tuple[urllib.robotparser.RobotFileParser | None, float]] = {}
        self._next_request: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def close(self) -> None:
        """Close the HTTP client's connections."""
        self._client.close()

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Response:
        """Fetch ``url`` politely; a 304 comes back with ``body=None``.

        Raises:
            FetchError: robots.txt forbids it, the scheme is not HTTP(S), the
                status is an error after every retry, or the body is too large.
        """
        self._check(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._once(url, headers)
            except FetchError as error:
                if not error.transient or attempt >= self.options.retries:
                    raise
                pause = error.retry_after
            attempt += 1
            wait = self.options.backoff * 2 ** (attempt - 1)
            self._sleep(min(self.options.max_backoff, max(wait, pause or 0.0)))

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets sitrep fetch ``url`` now.

        As RFC 9309 says: no robots.txt (4xx) allows everything; one that cannot
        be fetched (5xx, no connection) allows nothing until it can. A robots.txt
        is read again after a day, and after ten minutes when it could not be read.
        """
        robots = self._robots_of(url)
        return robots is not None and robots.can_fetch(user_agent(), url)

    def _check(self, url: str) -> None:
        """Raise unless ``url`` is HTTP(S) and its host's robots.txt allows it."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "only http and https URLs are fetched")
        robots = self._robots_of(url)
        if robots is None:
            raise FetchError(url, "the site's robots.txt cannot be read", transient=True)
        if not robots.can_fetch(user_agent(), url):
            raise FetchError(url, "robots.txt disallows it")

    def _robots_of(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        robots, expires = self._robots.get(host, (None, 0.0))
        if time.monotonic() >= expires:
            robots = self._read_robots(host)
            keep = _ROBOTS_KEPT if robots is not None else _ROBOTS_RETRY
            self._robots[host] = (robots, time.monotonic() + keep)
        return robots

    def _read_robots(self, host: str) -> urllib.robotparser.RobotFileParser | None:
        parser = urllib.robotparser.RobotFileParser(f"{host}/robots.txt")
        try:
            response = self._once(f"{host}/robots.txt", {}, robots=False)
        except FetchError as error:
            if error.status is not None and 400 <= error.status < 500:
                parser.parse([])
                return parser
            return None
        parser.parse((response.body or b"").decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(user_agent())
        if delay is not None:
            self._delays[host] = max(float(delay), self.options.delay)
        return parser

    def _wait_turn(self, url: str) -> None:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        now = time.monotonic()
        ready = self._next_request.get(host, now)
        if ready > now:
            self._sleep(ready - now)
        self._next_request[host] = max(ready, now) + self._delays.get(host, self.options.delay)

    def _once(self, url: str, headers: dict[str, str], *, robots: bool = True) -> Response:
        """One request, its body read up to the cap, redirects followed one hop at a time.

        Each hop waits its host's turn and, unless ``robots`` is off (for
        robots.txt itself), is checked against its host's robots.txt, so a
        redirect cannot lead the crawler where it may not go.
        """
        for _hop in range(self.options.max_redirects + 1):
            self._wait_turn(url)
            try:
                with self._client.stream("GET", url, headers=headers) as reply:
                    if reply.has_redirect_location:
                        url = urljoin(url, reply.headers["Location"])
                        if robots:
                            self._check(url)
                        continue
                    return self._read(url, reply)
            except httpx.TimeoutException:
                raise FetchError(url, "timed out", transient=True) from None
            except httpx.TransportError as exc:
                reason = f"connection failed ({type(exc).__name__})"
                raise FetchError(url, reason, transient=True) from None
        raise FetchError(url, f"more than {self.options.max_redirects} redirects")

    def _read(self, url: str, reply: httpx.Response) -> Response:
        if reply.status_code == 304:
            return _response(reply, None)
        if reply.status_code >= 400:
            raise _status_error(url, reply)
        declared = reply.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.options.max_bytes:
            raise FetchError(url, self._too_large())
        body = bytearray()
        for chunk in reply.iter_bytes():
            body += chunk
            if len(body) > self.options.max_bytes:
                raise FetchError(url, self._too_large())
        return _response(reply, bytes(body))

    def _too_large(self) -> str:
        return f"larger than the page size cap of {self.options.max_bytes:,} bytes"


def _response(reply: httpx.Response, body: bytes | None) -> Response:
    return Response(
        url=str(reply.url),
        status=reply.status_code,
        body=body,
        etag=reply.headers.get("ETag"),
        last_modified=reply.headers.get("Last-Modified"),
        content_type=reply.headers.get("Content-Type", ""),
    )


def _status_error(url: str, reply: httpx.Response) -> FetchError:
    status = reply.status_code
    return FetchError(
        url,
        f"HTTP {status}",
        transient=status in _TRANSIENT,
        status=status,
        retry_after=_retry_after(reply.headers.get("Retry-After")),
    )


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds, from either of its forms (seconds or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
