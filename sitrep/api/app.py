"""The FastAPI application: routes, the dashboard's files, offline API docs, safe defaults.

:func:`create_app` builds one app over one DuckDB file. It is read-only unless
``config.api.ingest_token`` is set, bounds request bodies by
``config.limits.max_request_bytes``, answers every error in one JSON shape and
serves the dashboard and Swagger UI from files in the package, so it works
with no internet.

Example:
    >>> app = create_app(Config.load(), "sitrep.duckdb")              # doctest: +SKIP
    >>> uvicorn.run(app, host="127.0.0.1", port=8000)                 # doctest: +SKIP
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

import sitrep
from sitrep.api._errors import install_error_handlers
from sitrep.api._middleware import (
    BodyLimitMiddleware,
    HostCheckMiddleware,
    QueryTokenMiddleware,
    SecurityHeadersMiddleware,
    guarded_protocol,
)
from sitrep.api._routes import router
from sitrep.api._service import PipelineFactory, Service, default_pipeline
from sitrep.config import Config
from sitrep.errors import ServeError, StoreError

_log = logging.getLogger("sitrep.api")

_DESCRIPTION = """\
Events, humanitarian figures and incidents extracted from news articles, each field with the
spans of article text that support it. Every error answers
`{"error": {"status", "code", "message"}}`. The dashboard is at [/](/).
"""


def web_root() -> Path:
    """The packaged dashboard directory (``sitrep/web``)."""
    return Path(str(resources.files("sitrep").joinpath("web")))


def create_app(
    config: Config,
    db_path: str | Path,
    *,
    pipeline_factory: PipelineFactory = default_pipeline,
    check_host: bool = False,
) -> FastAPI:
    """Build the service over the DuckDB file ``db_path``.

    Args:
        config: the configuration; ``config.api.ingest_token`` non-empty enables
            ``POST /ingest`` and opens the database read-write.
        db_path: the database; it must exist unless ingesting is enabled.
        pipeline_factory: builds the extraction pipeline on first use of
            ``/extract`` or ``/ingest`` (tests pass a light one).
        check_host: answer only requests whose ``Host`` is in ``config.api.allowed_hosts``
            (what :func:`serve` does; in-process clients name no real host).

    Raises:
        StoreError: the database does not exist and the app would be read-only.
    """
    path = Path(db_path)
    writable = bool(config.api.ingest_token)
    if not writable and not path.is_file():
        raise StoreError(
            str(path), "no such database; create it with `sitrep ingest` or `sitrep demo`"
        )
    service = Service(config, path, writable=writable, pipeline_factory=pipeline_factory)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(
        title="sitrep",
        version=sitrep.__version__,
        description=_DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    install_error_handlers(app)
    app.include_router(router)
    root = web_root()
    app.mount("/static", StaticFiles(directory=root), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(root / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="sitrep API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    # The last added runs first: a token in the URL is refused (and unlogged) before
    # anything else answers, then an oversized body, then a foreign host name.
    app.add_middleware(SecurityHeadersMiddleware)
    if check_host:
        app.add_middleware(HostCheckMiddleware, allowed_hosts=config.api.allowed_hosts)
    app.add_middleware(BodyLimitMiddleware, max_bytes=config.limits.max_request_bytes)
    app.add_middleware(QueryTokenMiddleware, token=config.api.ingest_token)
    return app


def serve(
    config: Config,
    db_path: str | Path,
    *,
    access_log: bool = True,
    announce: Callable[[str], None] = lambda _line: None,
) -> None:
    """Run the service with uvicorn on ``config.api.host``:``config.api.port`` until interrupted.

    The app is built and the port bound before ``announce`` is told the address,
    so a missing database or a busy port is one error and nothing is announced.
    Binding to anything but a loopback address exposes the database to the
    network, so it is logged as a warning. The server header is left out, idle
    keep-alive connections close after a few seconds, and the connection guards
    of :func:`~sitrep.api._middleware.guarded_protocol` apply.

    Raises:
        StoreError: the database is missing (read-only) or unreadable.
        ServeError: the address is in use or cannot be bound.
    """
    api = config.api
    app = create_app(config, db_path, check_host=True)
    sock = _bind(api.host, api.port)
    if not _is_loopback(api.host):
        _log.warning("serving on %s: reachable from other machines", api.host)
    announce(f"http://{_url_host(api.host)}:{api.port}/")
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            access_log=access_log,
            proxy_headers=False,
            server_header=False,
            timeout_keep_alive=5,
            http=guarded_protocol(
                header_timeout=api.header_timeout_s,
                body_timeout=api.body_timeout_s,
                max_connections=api.max_connections,
                max_per_client=api.max_connections_per_client,
            ),
        )
    )
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or one line saying why there is none."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(f"{host}:{port}", f"cannot resolve the address ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        reason = exc.strerror or str(exc)
        hint = "; is another server running? pick another --port" if exc.errno == 98 else ""
        raise ServeError(f"{host}:{port}", f"cannot listen ({reason.lower()}){hint}") from None
    sock.set_inheritable(True)
    return sock


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
