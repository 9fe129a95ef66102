"""The service as a real uvicorn server on loopback, started by ``sitrep serve``."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from apisupport import live_server
from factories import all_processed

N_EVENTS = sum(len(p.result.events) for p in all_processed())


@pytest.fixture(scope="module")
def base_url(seeded_db: Path) -> Iterator[str]:
    with live_server(seeded_db) as url:
        yield url


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/events", "application/json"),
        ("/events.geojson", "application/geo+json"),
        ("/figures", "application/json"),
        ("/incidents", "application/json"),
        ("/stats", "application/json"),
        ("/openapi.json", "application/json"),
        ("/", "text/html"),
        ("/docs", "text/html"),
        ("/static/app.js", "text/javascript"),
        ("/static/vendor/leaflet/leaflet.js", "text/javascript"),
        ("/static/vendor/world-atlas/countries-50m.json", "application/json"),
        ("/static/vendor/swagger-ui/swagger-ui-bundle.js", "text/javascript"),
    ],
)
def test_live_server_serves_api_dashboard_and_offline_assets(
    base_url: str, path: str, content_type: str
) -> None:
    response = httpx.get(base_url + path, timeout=10)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith(content_type)
    assert "server" not in response.headers


def test_live_events_are_paged_and_filtered(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=10) as client:
        assert client.get("/events").json()["total"] == N_EVENTS
        page = client.get("/events", params={"limit": 2, "offset": 2}).json()
        assert len(page["items"]) == 2
        syria = client.get("/events.geojson", params={"country": "Syria"}).json()
        assert [f["geometry"]["coordinates"] for f in syria["features"]] == [[36.63, 35.93]]


def test_live_docs_load_swagger_from_the_package_not_a_cdn(base_url: str) -> None:
    page = httpx.get(base_url + "/docs", timeout=10).text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "cdn." not in page


def test_live_errors_have_the_one_shape(base_url: str) -> None:
    response = httpx.get(base_url + "/articles/..%2F..%2Fetc%2Fpasswd", timeout=10)
    assert response.status_code in (404, 422)
    assert set(response.json()["error"]) == {"status", "code", "message"}


def test_live_oversized_body_is_refused_from_its_declared_length(base_url: str) -> None:
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 104857600\r\n\r\n{"
        )
        reply = b""
        while b"payload_too_large" not in reply:
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 413")
    assert b'"code":"payload_too_large"' in reply


def test_live_slow_clients_do_not_block_others(base_url: str) -> None:
    host, port = base_url.removeprefix("http://").split(":")
    stalled = []
    try:
        for partial in (
            b"GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n",  # headers never finished
            # the body stalls
            b"POST /extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{",
        ):
            sock = socket.create_connection((host, int(port)), timeout=10)
            sock.sendall(partial)
            stalled.append(sock)
        response = httpx.get(base_url + "/events", timeout=5)
        assert response.status_code == 200
    finally:
        for sock in stalled:
            sock.close()
