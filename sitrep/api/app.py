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
from collections.abc import AsyncIterator
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
from sitrep.api._middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from sitrep.api._routes import router
from sitrep.api._service import PipelineFactory, Service, default_pipeline
from sitrep.config import Config
from sitrep.errors import StoreError

_log = logging.getLogger("sitrep.api")

#: More simultaneous connections than this get 503 at once instead of queueing without end.
_MAX_CONNECTIONS = 256

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
) -> FastAPI:
    """Build the service over the DuckDB file ``db_path``.

    Args:
        config: the configuration; ``config.api.ingest_token`` non-empty enables
            ``POST /ingest`` and opens the database read-write.
        db_path: the database; it must exist unless ingesting is enabled.
        pipeline_factory: builds the extraction pipeline on first use of
            ``/extract`` or ``/ingest`` (tests pass a light one).

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

    # Added last, so it runs first: an oversized body is refused before routing.
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=config.limits.max_request_bytes)
    return app


def serve(config: Config, db_path: str | Path, *, access_log: bool = True) -> None:
    """Run the service with uvicorn on ``config.api.host``:``config.api.port`` until interrupted.

    Binding to anything but a loopback address exposes the database to the
    network, so it is logged as a warning; the server header is left out and
    idle keep-alive connections are closed after a few seconds.
    """
    app = create_app(config, db_path)
    if not _is_loopback(config.api.host):
        _log.warning("serving on %s: reachable from other machines", config.api.host)
    uvicorn.run(
        app,
        host=config.api.host,
        port=config.api.port,
        access_log=access_log,
        proxy_headers=False,
        server_header=False,
        limit_concurrency=_MAX_CONNECTIONS,
        timeout_keep_alive=5,
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
