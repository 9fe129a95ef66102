"""Slow and hostile clients against a real ``sitrep serve`` on loopback, and the /extract pool.

Each test reproduces an attack that once worked: idle or slowly-writing
connections that made every other request a plain-text 503, a body shorter than
its declared length that hung, a foreign ``Host`` that got the data, a token in
the URL that reached the access log, one large text that held up every other
``/extract``. Clients connect from distinct loopback addresses (127.0.0.2, ...),
which Linux routes like 127.0.0.1, so that they count as distinct clients.
Every loop is bounded; nothing leaves the machine.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
from apisupport import EchoPipeline, live_server, make_config
from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.config import Config
from sitrep.records import Article, Processed

#: Short deadlines so that the tests wait seconds, not the defaults' tens of seconds.
_CONFIG = """
[api]
header_timeout_s = 2.0
body_timeout_s = 2.0
max_connections = 400
max_connections_per_client = 40
"""


@contextmanager
def _server(
    db: Path, tmp_path: Path, config: str = _CONFIG
) -> Iterator[tuple[str, int, list[str]]]:
    """``sitrep serve`` with its access log on; yields host, port and the lines it printed."""
    conf = tmp_path / "serve.toml"
    conf.write_text(config, encoding="utf-8")
    lines: list[str] = []
    with live_server(db, "--config", str(conf), timeout=60, log=lines) as base:
        yield "127.0.0.1", int(base.rsplit(":", 1)[1]), lines


def _connect(port: int, source: str) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((source, 0))
    sock.settimeout(10)
    sock.connect(("127.0.0.1", port))
    return sock


def _sources(n: int, per_source: int, first: int = 2) -> list[str]:
    return [f"127.0.0.{first + i // per_source}" for i in range(n)]


def _stats_seconds(port: int, times: int = 5) -> list[float]:
    took = []
    for _ in range(times):
        start = time.monotonic()
        response = httpx.get(f"http://127.0.0.1:{port}/stats", timeout=5)
        took.append(time.monotonic() - start)
        assert response.status_code == 200, response.text
    return took


def _closed_by_server(sock: socket.socket, within: float) -> bool:
    """Whether the server closes the connection within ``within`` seconds (after any answer)."""
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            if sock.recv(65536) == b"":
                return True
        except TimeoutError:
            return False
        except ConnectionResetError:
            return True
    return False


def test_a_slowloris_of_300_connections_leaves_stats_answering_within_a_second(
    seeded_db: Path, tmp_path: Path
) -> None:
    with _server(seeded_db, tmp_path) as (_, port, _lines), ExitStack() as stack:
        idle = [stack.enter_context(_connect(port, s)) for s in _sources(150, 30)]
        slow = [stack.enter_context(_connect(port, s)) for s in _sources(150, 30, first=12)]
        for sock in slow:  # a request line and one header, never finished
            sock.sendall(b"GET /stats HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        assert max(_stats_seconds(port)) < 1.0
        for sock in slow:  # one more header line each, as slowloris does
            sock.sendall(b"X-a: b\r\n")
        assert max(_stats_seconds(port)) < 1.0
        # The deadline for headers closes every one of them.
        closed = sum(_closed_by_server(sock, 10.0) for sock in idle[:20] + slow[:20])
        assert closed == 40
        assert max(_stats_seconds(port)) < 1.0


def test_a_body_shorter_than_its_declared_length_is_cut_off_not_waited_for(
    seeded_db: Path, tmp_path: Path
) -> None:
    with _server(seeded_db, tmp_path) as (_, port, _lines):
        sock = _connect(port, "127.0.0.2")
        with sock:
            sock.sendall(
                b"POST /extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Length:  10\r\n\r\n{}"
            )
            assert _closed_by_server(sock, 15.0)
        assert max(_stats_seconds(port)) < 1.0


def test_one_client_cannot_hold_more_than_its_share_of_connections(
    seeded_db: Path, tmp_path: Path
) -> None:
    with _server(seeded_db, tmp_path) as (_, port, _lines), ExitStack() as stack:
        hogs = [stack.enter_context(_connect(port, "127.0.0.9")) for _ in range(60)]
        time.sleep(0.5)
        # Past its 40, each new connection of the client closed its oldest idle one.
        assert all(_closed_by_server(sock, 5.0) for sock in hogs[:20])
        with _connect(port, "127.0.0.9") as sock:
            sock.sendall(b"GET /stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")


def test_connections_past_the_cap_get_a_json_503_when_none_is_idle(
    seeded_db: Path, tmp_path: Path
) -> None:
    config = _CONFIG.replace("max_connections = 400", "max_connections = 6")
    with _server(seeded_db, tmp_path, config) as (_, port, _lines), ExitStack() as stack:
        busy = [stack.enter_context(_connect(port, s)) for s in _sources(6, 1)]
        for sock in busy:  # headers in, body pending: each has a request in progress
            sock.sendall(
                b"POST /extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100\r\n\r\n{"
            )
        time.sleep(0.3)
        with _connect(port, "127.0.0.20") as sock:
            sock.sendall(b"GET /stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
        head, _, body = reply.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 503")
        assert b"application/json" in head
        error = json.loads(body)["error"]
        assert (error["status"], error["code"]) == (503, "unavailable")


def test_only_the_served_host_names_are_answered(seeded_db: Path, tmp_path: Path) -> None:
    with _server(seeded_db, tmp_path) as (_, port, _lines):
        for host, status in (
            (f"127.0.0.1:{port}", 200),
            (f"localhost:{port}", 200),
            ("attacker.example", 400),
            (f"attacker.example:{port}", 400),
        ):
            response = httpx.get(f"http://127.0.0.1:{port}/stats", headers={"Host": host})
            assert response.status_code == status, host
        refused = httpx.get(f"http://127.0.0.1:{port}/events", headers={"Host": "evil.test"})
        assert refused.json()["error"]["code"] == "host_not_allowed"


def test_a_token_in_the_query_string_is_refused_and_never_logged(
    seeded_db: Path, tmp_path: Path
) -> None:
    secret = "s3cret-query-token-7781"
    with _server(seeded_db, tmp_path) as (_, port, lines):
        for query in (f"token={secret}", f"access_token={secret}", f"limit=1&api_key={secret}"):
            response = httpx.get(f"http://127.0.0.1:{port}/events?{query}")
            assert response.status_code == 400
            assert secret not in response.text
        assert httpx.get(f"http://127.0.0.1:{port}/events?limit=1").status_code == 200
        time.sleep(0.5)
    log = "".join(lines)
    assert "/events?limit=1" in log, "the access log was on"
    assert secret not in log


class _SlowPipeline(EchoPipeline):
    """Takes a second per 10,000 characters, like the NLP model on a large text."""

    def process(self, article: Article) -> Processed:
        time.sleep(len(article.text) / 10_000)
        return super().process(article)


def test_a_large_text_does_not_hold_up_small_extracts(seeded_db: Path) -> None:
    config = Config.load(
        overrides={"limits": {"max_article_chars": 100_000}, "api": {"extract_workers": 2}}
    )
    app = create_app(config, seeded_db, pipeline_factory=_SlowPipeline)
    with TestClient(app) as client:
        large = threading.Thread(
            target=lambda: client.post("/extract", json={"text": "x " * 20_001}), daemon=True
        )
        large.start()
        time.sleep(0.3)
        started = time.monotonic()
        for _ in range(3):
            assert client.post("/extract", json={"text": "Two killed."}).status_code == 200
        small_seconds = time.monotonic() - started
        assert large.is_alive(), "the large text was done before the small ones were sent"
        large.join(timeout=30)
    assert small_seconds < 2.0


def test_extract_requests_past_the_pool_and_its_queue_get_a_json_503(seeded_db: Path) -> None:
    config = Config.load(
        overrides={
            "limits": {"max_article_chars": 100_000},
            "api": {"extract_workers": 2, "extract_queue": 0},
        }
    )
    app = create_app(config, seeded_db, pipeline_factory=_SlowPipeline)
    with TestClient(app) as client:
        answers: list[httpx.Response] = []
        slow = [
            threading.Thread(
                target=lambda: answers.append(
                    client.post("/extract", json={"text": "y " * 10_000})
                ),
                daemon=True,
            )
            for _ in range(2)
        ]
        for thread in slow:
            thread.start()
            time.sleep(0.2)
        for thread in slow:
            thread.join(timeout=30)
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [200, 503]
    refused = next(r for r in answers if r.status_code == 503)
    assert set(refused.json()["error"]) == {"status", "code", "message"}


def test_ingest_over_http_merges_incidents_as_the_cli_does(writable_db: Path) -> None:
    from apisupport import TOKEN
    from factories import all_processed

    class Replay(EchoPipeline):
        """Gives back the hand-built records of the article sent (by text)."""

        def process(self, article: Article) -> Processed:
            records = {p.article.text: p for p in all_processed()}
            return records.get(article.text, Processed(article))

    fresh = writable_db.with_name("fresh.duckdb")
    app = create_app(make_config(ingest_token=TOKEN), fresh, pipeline_factory=Replay)
    body = {"articles": [{"text": p.article.text} for p in all_processed()[1:4]]}
    with TestClient(app) as client:
        response = client.post("/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200, response.text
        incidents = client.get("/incidents", params={"limit": 1000}).json()
        events = client.get("/events", params={"limit": 1000}).json()["items"]
    assert events and incidents
    assert all(e["incident_id"] for e in events), "every event stored is merged"
