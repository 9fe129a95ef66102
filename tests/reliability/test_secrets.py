"""The ingest token never appears in the server's log or in any response.

A real ``sitrep serve`` with its access log on gets the token from the
environment (as SECURITY.md advises: not on the command line, where ``ps``
shows it), then requests with the right token, wrong ones and ones that fail
inside the server. Everything it printed and answered is searched for it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

TOKEN = "s3cret-ingest-token-4c8e1f"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_the_ingest_token_is_never_logged_nor_echoed(generated_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "secret.duckdb"
    db.write_bytes(generated_db.read_bytes())
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sitrep", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "SITREP_INGEST_TOKEN": TOKEN},
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    answers: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, "sitrep serve exited"
            try:
                if httpx.get(f"{base}/stats", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
            assert time.monotonic() < deadline, "sitrep serve did not start"
        with httpx.Client(base_url=base, timeout=30) as client:
            for token in (TOKEN, TOKEN + "x", TOKEN[:-1], "wrong"):
                headers = {"Authorization": f"Bearer {token}"}
                for body in ({"articles": []}, {"articles": [{"text": ""}]}, {"nope": 1}):
                    response = client.post("/ingest", json=body, headers=headers)
                    assert response.status_code in (401, 422)
                    answers.append(response.text + str(response.headers))
            for path in ("/stats", "/openapi.json", "/events", "/nowhere", "/articles/zz"):
                response = client.get(path, headers={"Authorization": f"Bearer {TOKEN}"})
                answers.append(response.text + str(response.headers))
            assert client.get("/stats").json()["api"]["ingest"] is True
    finally:
        server.terminate()
        log, _ = server.communicate(timeout=30)
    assert "POST /ingest" in log, "the access log was expected to be on"
    assert TOKEN not in log
    assert TOKEN[:-1] not in log
    assert not any(TOKEN[:-1] in answer for answer in answers)
