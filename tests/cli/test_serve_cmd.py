"""``sitrep serve`` failing to start says so in one line, exit status 1, and announces nothing."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path


def _serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitrep", "serve", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _database(path: Path) -> Path:
    from sitrep.store import Store

    with Store.open(path):
        pass
    return path


def test_a_busy_port_is_one_clear_line_and_exit_1(tmp_path: Path) -> None:
    db = _database(tmp_path / "events.duckdb")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _serve("--db", str(db), "--port", str(port))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"sitrep: error: 127.0.0.1:{port}: cannot listen")
    assert "another server" in lines[0]


def test_a_missing_database_is_reported_before_anything_is_announced(tmp_path: Path) -> None:
    result = _serve("--db", str(tmp_path / "absent.duckdb"), "--port", "1")
    assert result.returncode == 1
    assert "serving" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert "no such database" in result.stderr
