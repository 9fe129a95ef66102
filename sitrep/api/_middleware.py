"""What makes the service safe by default, below and around the routes.

Around the routes, plain ASGI callables (no task or buffering per request, which
matters under load): :class:`QueryTokenMiddleware` refuses a token in the query
string before anything can log it; :class:`BodyLimitMiddleware` bounds bodies;
:class:`HostCheckMiddleware` answers only the host names served (DNS rebinding);
:class:`SecurityHeadersMiddleware` adds defensive headers.

Below them, :func:`guarded_protocol` is uvicorn's own h11 protocol with what
internet-facing servers (nginx, Apache's ``reqtimeout``) add: a deadline for a
request's headers and one for its body, a cap on the connections one client
address may hold, and a cap on all connections in which idle ones are closed
to make room before a new one is refused. A refusal is a 503 in the JSON error
shape. Slow or idle clients therefore cost a bounded number of sockets for a
bounded time and never stop other clients from being answered.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any
from urllib.parse import parse_qsl

import h11
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from sitrep.api._errors import BodyTooLargeError, error_body, error_response

#: The dashboard loads only its own files; nothing may frame it or send it elsewhere.
_DASHBOARD_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
#: Swagger UI's page (FastAPI's template) starts itself with one inline script.
_DOCS_CSP = _DASHBOARD_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")

_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class BodyLimitMiddleware:
    """Refuse request bodies larger than ``max_bytes`` with a 413 in the one error shape.

    A declared ``Content-Length`` past the limit is refused before any byte is
    read; a body without one (chunked) is counted as it arrives and refused as
    soon as it passes the limit, so memory stays bounded either way.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await error_response(400, "invalid Content-Length header")(scope, receive, send)
                return
            if int(declared) > self.max_bytes:
                too_large = BodyTooLargeError(self.max_bytes)
                await error_response(413, str(too_large.detail))(scope, receive, send)
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLargeError(self.max_bytes)
            return message

        await self.app(scope, limited_receive, send)


class SecurityHeadersMiddleware:
    """Add defensive headers to every response: no sniffing, no framing, no referrer, a CSP."""

    def __init__(self, app: ASGIApp, docs_path: str = "/docs") -> None:
        self.app = app
        self.docs_path = docs_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = _DOCS_CSP if scope["path"] == self.docs_path else _DASHBOARD_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in _HEADERS if h[0] not in present)
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", csp.encode("ascii")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1").strip()
    return None


#: How long a refused connection is kept half-closed so that the client reads its 503.
_DRAIN_S = 1.0

#: Query parameters that carry credentials; a request naming one is refused, its query unlogged.
_TOKEN_PARAMETERS = frozenset(
    {"token", "access_token", "ingest_token", "api_key", "apikey", "auth", "authorization"}
)
_REDACTED = b"redacted"


class QueryTokenMiddleware:
    """Refuse a request that carries a token in its query string, before anything logs it.

    A token in a URL ends in access logs, browser history and proxies. Such a
    request is refused with a 400, and its query string is replaced in the
    request (which uvicorn's access log reads) before anything answers. It runs
    first, so no other answer can log the token either.
    """

    def __init__(self, app: ASGIApp, token: str = "") -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._carries_token(scope.get("query_string", b"")):
            scope["query_string"] = _REDACTED
            message = "send tokens in the Authorization header, never in the URL"
            await error_response(400, message)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _carries_token(self, query: bytes) -> bool:
        if not query:
            return False
        pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
        if any(name.lower() in _TOKEN_PARAMETERS for name, _ in pairs):
            return True
        return bool(self.token) and any(self.token in value for _, value in pairs)


class HostCheckMiddleware:
    """Answer only requests whose ``Host`` is one of ``allowed_hosts`` (DNS rebinding).

    A browser tricked by DNS rebinding sends the attacker's host name to a
    server on the user's machine; answering only the names it serves (the
    loopback names by default) keeps the data away from the attacker's page.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...]) -> None:
        self.app = app
        self.allowed = frozenset(h.lower().strip("[]") for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        host = _host_name(_header(scope, b"host"))
        if scope["type"] == "http" and "*" not in self.allowed and host not in self.allowed:
            message = "this server does not answer for that host name ([api] allowed_hosts)"
            await error_response(400, message, code="host_not_allowed")(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _host_name(value: str | None) -> str:
    """The host of a ``Host`` header, without its port: ``[::1]:8000`` → ``::1``."""
    if not value:
        return ""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def guarded_protocol(
    *,
    header_timeout: float,
    body_timeout: float,
    max_connections: int,
    max_per_client: int,
) -> type[H11Protocol]:
    """Uvicorn's h11 protocol with request deadlines and connection caps (pass as ``http=``).

    Args:
        header_timeout: seconds a connection has to send a whole request line and
            headers, from when it opens or its previous response ended.
        body_timeout: seconds a request has to send its whole body once its headers are in.
        max_connections: connections held at once; past it the oldest idle one is
            closed, or the new one refused with a 503 when none is idle.
        max_per_client: the same, per client address.
    """

    class GuardedH11Protocol(_Guarded):
        limits = (header_timeout, body_timeout, max_connections, max_per_client)

    return GuardedH11Protocol


class _Guarded(H11Protocol):
    """See :func:`guarded_protocol`; the limits are set by the subclass it makes."""

    limits: tuple[float, float, int, int]

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting_for = ""
        self._refused = False
        self._opened = time.monotonic()
        super().connection_made(transport)
        header_timeout, _, max_connections, max_per_client = self.limits
        host = self.client[0] if self.client else None
        peers = [c for c in self.connections if c is not self and isinstance(c, _Guarded)]
        same = [c for c in peers if c.client and c.client[0] == host]
        for group, cap in ((same, max_per_client), (peers, max_connections)):
            if len(group) + 1 > cap and not _close_oldest_idle(group):
                self._refuse("too many connections; retry shortly")
                return
        self._arm(header_timeout, "headers")

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # answered already; what the client still sends is read and dropped
        super().data_received(data)
        if self.transport.is_closing():
            return
        header_timeout, body_timeout, _, _ = self.limits
        state = self.conn.their_state
        if state is h11.SEND_BODY:
            if self._waiting_for != "body":
                self._arm(body_timeout, "body")
        elif state is h11.IDLE:
            if not self._waiting_for:
                self._arm(header_timeout, "headers")
        else:
            self._disarm()  # the request is in: the application answers at its own pace

    def on_response_complete(self) -> None:
        super().on_response_complete()  # arms uvicorn's keep-alive timeout for the next request
        self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def idle(self) -> bool:
        """Whether no request of this connection is being answered."""
        return self.cycle is None or self.cycle.response_complete

    def _arm(self, seconds: float, what: str) -> None:
        self._disarm()
        self._waiting_for = what
        self._deadline = self.loop.call_later(seconds, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = None
        self._waiting_for = ""

    def _expire(self) -> None:
        """The client took too long to send its request: close (its application call ends)."""
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def _refuse(self, message: str) -> None:
        """Answer 503 at once and close; the client's request, sent meanwhile, is drained.

        Closing with unread data would make the kernel reset the connection and the
        client lose the answer, so the connection is half-closed and dropped a moment later.
        """
        self._refused = True
        self.connections.discard(self)
        body = json.dumps(error_body(503, message)).encode("utf-8")
        head = (
            "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n"
            f"content-length: {len(body)}\r\nretry-after: 1\r\nconnection: close\r\n\r\n"
        )
        self.transport.write(head.encode("ascii") + body)
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self._deadline = self.loop.call_later(_DRAIN_S, self.transport.close)


def _close_oldest_idle(connections: list[Any]) -> bool:
    """Close the idle connection that has waited longest; False when every one is busy."""
    idle = [c for c in connections if c.idle() and not c.transport.is_closing()]
    if not idle:
        return False
    oldest = min(idle, key=lambda c: c._opened)
    oldest.transport.close()
    oldest.connections.discard(oldest)
    return True
