"""Bounded load test of the HTTP API on loopback: requests/s, latency percentiles, errors.

Starts ``sitrep serve`` on a free 127.0.0.1 port over an existing database (the
demo database by default), sends a fixed number of requests per endpoint from a
small asyncio + httpx client with bounded concurrency, stops at the request count
or the time limit (whichever comes first), shuts the server down and prints a
markdown table for BENCHMARKS.md. It never talks to anything but 127.0.0.1.

The client runs on the same machine as the server, so on a small machine the
figures are a floor for the server alone. The server's resident memory is
sampled before and after, which makes a long ``--duration`` run a soak test.

Usage:
    .venv/bin/python bench/load.py --db sitrep.duckdb
    .venv/bin/python bench/load.py --db sitrep.duckdb --requests 0 --duration 180   # soak

Exit status: 0 when every request succeeded, 1 when any failed, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

DEFAULT_PATHS = ("/events", "/events.geojson")
START_TIMEOUT_S = 60.0


@dataclass
class Outcome:
    """What one endpoint's run measured."""

    path: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0
    first_error: str = ""

    def percentile(self, q: float) -> float:
        """The ``q`` quantile (0–1) of latencies in milliseconds, nearest rank."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))
        return ordered[rank] * 1000


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    """``sitrep serve`` on loopback, quiet (no access log to slow it down)."""
    command = [sys.executable, "-m", "sitrep", "serve", "--db", str(db), "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if k != "SITREP_INGEST_TOKEN"}
    proc = subprocess.Popen(
        [*command, "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise SystemExit(f"load: sitrep serve exited with {proc.returncode}: {err.strip()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/stats", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    stop_server(proc)
    raise SystemExit("load: sitrep serve did not start in time")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


async def timed_request(
    client: httpx.AsyncClient, outcome: Outcome, method: str, url: str, body: Any = None
) -> None:
    """Send one request and record its latency and whether it failed into ``outcome``."""
    started = time.perf_counter()
    try:
        response = await client.request(method, url, json=body)
        await response.aread()
        ok = response.status_code == 200
        if not ok and not outcome.first_error:
            outcome.first_error = f"HTTP {response.status_code}: {response.text[:200]}"
    except httpx.HTTPError as exc:
        ok = False
        if not outcome.first_error:
            outcome.first_error = repr(exc)
    outcome.latencies.append(time.perf_counter() - started)
    outcome.errors += not ok


async def hammer(base: str, path: str, requests: int, concurrency: int, duration: float) -> Outcome:
    """Send up to ``requests`` GETs (0: no count limit) from ``concurrency`` workers.

    Every worker stops at ``duration`` seconds whatever the count.
    """
    outcome = Outcome(path)
    sent = 0
    deadline = time.monotonic() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal sent
        while time.monotonic() < deadline and (requests == 0 or sent < requests):
            sent += 1
            await timed_request(client, outcome, "GET", path)

    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        await client.get(path)  # warm-up: first query plans and caches
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        outcome.elapsed = time.perf_counter() - started
    return outcome


def rss_mib(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / 2**20


def table(outcomes: list[Outcome], concurrency: int) -> str:
    lines = [
        "| endpoint | requests | concurrency | req/s | p50 ms | p99 ms | max ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for o in outcomes:
        n = len(o.latencies)
        rate = n / o.elapsed if o.elapsed else 0.0
        worst = max(o.latencies) * 1000 if o.latencies else float("nan")
        lines.append(
            f"| `GET {o.path}` | {n} | {concurrency} | {rate:.0f} | {o.percentile(0.5):.1f} "
            f"| {o.percentile(0.99):.1f} | {worst:.1f} | {o.errors} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("sitrep.duckdb"), help="database to serve")
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint; 0: until time")
    parser.add_argument("--concurrency", type=int, default=8, help="simultaneous connections")
    parser.add_argument("--duration", type=float, default=60.0, help="most seconds per endpoint")
    parser.add_argument(
        "--path", action="append", dest="paths", help="endpoint with query (repeatable)"
    )
    args = parser.parse_args(argv)
    if not args.db.is_file():
        parser.error(f"{args.db}: no such database (run `make demo` first)")
    if args.requests < 0 or not 1 <= args.concurrency <= 256 or not 0 < args.duration <= 3600:
        parser.error("need --requests >= 0, 1 <= --concurrency <= 256, 0 < --duration <= 3600")
    paths = args.paths or list(DEFAULT_PATHS)
    if any(not p.startswith("/") for p in paths):
        parser.error("--path must start with '/' (the server is always 127.0.0.1)")

    port = free_port()
    server = start_server(args.db, port)
    try:
        base = f"http://127.0.0.1:{port}"
        stats = httpx.get(f"{base}/stats", timeout=10).json()
        rss_start = rss_mib(server.pid)
        outcomes = [
            asyncio.run(hammer(base, p, args.requests, args.concurrency, args.duration))
            for p in paths
        ]
        rss_end = rss_mib(server.pid)
    finally:
        stop_server(server)

    print(
        f"Load test on 127.0.0.1: `sitrep serve` over `{args.db.name}` "
        f"({stats.get('events', '?')} events, {stats.get('articles', '?')} articles); "
        f"client and server on the same machine ({os.cpu_count()} CPUs, "
        f"{platform.python_implementation()} {platform.python_version()}); "
        f"default page of {stats.get('api', {}).get('page_size', '?')} records.\n"
    )
    print(table(outcomes, args.concurrency))
    print(f"\nServer resident memory: {rss_start:.0f} MiB at start, {rss_end:.0f} MiB at end.")
    failed = [o for o in outcomes if o.errors]
    for o in failed:
        print(f"\nload: {o.errors} errors on {o.path}; first: {o.first_error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
