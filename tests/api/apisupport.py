"""Support for the API and dashboard tests: a database of hand-built records, a real server.

The records are :func:`factories.all_processed`: the worked example of DESIGN.md
and four short reports written for these tests.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from factories import all_processed

from sitrep.config import Config
from sitrep.records import Article, Processed


def build_db(path: Path) -> Path:
    """Write every hand-built article to a new database at ``path`` and merge incidents.

    The incidents are merged as ``sitrep ingest`` merges them, so that
    ``/incidents`` has records to list.
    """
    from sitrep.config import Config
    from sitrep.merge import update_incidents
    from sitrep.store import Store

    with Store.open(path) as store:
        for processed in all_processed():
            store.write(processed)
        events = [e.event_id for p in all_processed() for e in p.result.events]
        update_incidents(store, events, Config.load())
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(
    db: Path, *extra: str, timeout: float = 30.0, log: list[str] | None = None
) -> Iterator[str]:
    """Run ``sitrep serve`` on a free loopback port; yield its base URL; stop it afterwards.

    With ``log``, the server runs with its access log on and every line it prints is
    appended to ``log`` as it comes (for tests of what the server writes).
    """
    port = free_port()
    args: Sequence[str] = (
        sys.executable,
        "-m",
        "sitrep",
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
        *(() if log is not None else ("--quiet",)),
        *extra,
    )
    env = {k: v for k, v in os.environ.items() if k != "SITREP_INGEST_TOKEN"}
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True
    )
    base = f"http://127.0.0.1:{port}"
    reader = None
    if log is not None and proc.stdout is not None:
        stdout = proc.stdout
        reader = threading.Thread(target=lambda: log.extend(iter(stdout.readline, "")), daemon=True)
        reader.start()
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                if reader is not None:
                    reader.join(timeout=5)
                    output = "".join(log or ())
                else:
                    output = proc.stdout.read() if proc.stdout else ""
                raise RuntimeError(f"sitrep serve exited with {proc.returncode}: {output}")
            try:
                if httpx.get(f"{base}/stats", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("sitrep serve did not start in time")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if reader is not None:
            reader.join(timeout=5)


TOKEN = "test-token-3f9c2a"
#: Small limits so that the limit tests need small bodies.
LIMITS = {"max_request_bytes": 4096, "max_article_chars": 1000, "max_batch_articles": 3}


class EchoPipeline:
    """Stands in for the NLP pipeline where a test is about the HTTP layer, not extraction.

    It returns each article with no records and remembers what it was given.
    """

    def __init__(self, config: Config) -> None:
        self.seen: list[Article] = []

    def process(self, article: Article) -> Processed:
        self.seen.append(article)
        return Processed(article)

    def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
        for article in articles:
            yield self.process(article)


def make_config(**api: Any) -> Config:
    return Config.load(overrides={"limits": LIMITS, "api": api})
