"""Out of the box the service is local and read-only; exposing it is explicit and logged."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from sitrep.api import app as api_app
from sitrep.config import Config


def test_the_packaged_defaults_bind_loopback_and_accept_no_writes() -> None:
    api = Config.load().api
    assert api.host == "127.0.0.1"
    assert api.ingest_token == ""


@pytest.mark.parametrize(
    ("host", "warned"),
    [
        ("127.0.0.1", False),
        ("localhost", False),
        ("::1", False),
        ("127.0.0.2", False),
        ("0.0.0.0", True),
        ("::", True),
        ("192.168.1.20", True),
        ("sitrep.example.org", True),
    ],
)
def test_serving_beyond_loopback_is_logged_as_a_warning(
    generated_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    host: str,
    warned: bool,
) -> None:
    calls: list[uvicorn.Config] = []
    bound: list[tuple[str, int]] = []

    class Socket:
        def close(self) -> None:
            pass

    def bind(host: str, port: int) -> Socket:
        bound.append((host, port))
        return Socket()

    def run(server: uvicorn.Server, sockets: Any = None) -> None:
        calls.append(server.config)

    monkeypatch.setattr(api_app, "_bind", bind)
    monkeypatch.setattr(uvicorn.Server, "run", run)
    config = Config.load(overrides={"api": {"host": host}})
    with caplog.at_level(logging.WARNING, logger="sitrep.api"):
        api_app.serve(config, generated_db)
    assert bound == [(host, config.api.port)]
    assert calls[0].proxy_headers is False and calls[0].server_header is False
    limits = calls[0].http.limits  # type: ignore[union-attr]
    assert limits == (10.0, 30.0, 256, 32), "header and body deadlines, total and per-client caps"
    assert any("reachable from other machines" in r.message for r in caplog.records) is warned
