"""Bounded soak test of the HTTP API on loopback: a mixed load for minutes, memory at both ends.

Builds a database from a few hundred articles (the bundled demo corpus repeated
with fresh urls, or generated articles when the corpus is absent) with the real
pipeline, starts ``sitrep serve`` on a free 127.0.0.1 port, and for
``--seconds`` sends a fixed mix of requests from a small asyncio + httpx
client: filtered and paged ``/events``, ``/events.geojson``, ``/stats``,
``/articles/{id}`` of stored articles and ``POST /extract``. The server's
resident memory is sampled after warm-up (the model loads on the first
``/extract``), every few seconds, and at the end; a server that leaks grows
between the first and the last sample.

The figures go between ``<!-- soak:start -->`` and ``<!-- soak:end -->`` of
``--out`` (the section is appended when absent; the rest of the file is kept)
and of ``--record`` when that file exists.

Usage:
    .venv/bin/python bench/soak.py --out BENCHMARKS.md                 # 180 s
    .venv/bin/python bench/soak.py --seconds 60 --articles 200         # printed only

Exit status: 0 when every request was answered as expected, 1 otherwise, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from load import Outcome, free_port, rss_mib, start_server, stop_server, timed_request

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "sitrep" / "data" / "corpus"
RECORD = REPO / "bench" / "results" / "reliability.md"
START, END = "<!-- soak:start -->", "<!-- soak:end -->"
#: Share of requests per endpoint (the dashboard's pattern: many lists, some articles).
MIX = {
    "GET /events": 30,
    "GET /events.geojson": 20,
    "GET /stats": 10,
    "GET /articles/{id}": 30,
    "POST /extract": 10,
}
SAMPLE_EVERY_S = 5.0
EXTRACT_TEXTS = (
    "At least 12 people were killed in an air strike on Idlib on Thursday, officials said.",
    "Police arrested 30 protesters in Lagos on Monday after a march against fuel prices.",
    "A roadside bomb killed four soldiers near Kandahar on Sunday, the governor said.",
)


def corpus_jsonl(root: Path, n: int, seed: int) -> tuple[Path, str]:
    """Write ``n`` articles as JSON Lines under ``root``: the demo corpus, else generated ones.

    Each gets a fresh url, so repeated corpus texts are distinct articles.

    Returns:
        The file and, in words, where its articles came from.
    """
    sys.path.insert(0, str(REPO / "tests" / "reliability"))
    from synthetic_news import article_text

    from sitrep.config import Config
    from sitrep.read import read_paths
    from sitrep.records import Article

    base: list[Article] = []
    if CORPUS.is_dir():
        base = [a for a in read_paths([CORPUS], Config.load().limits) if isinstance(a, Article)]
    records: Iterator[dict[str, Any]]
    if base:
        records = (
            {
                "id": f"soak-{i}",
                "text": base[i % len(base)].text,
                "title": base[i % len(base)].title,
                "published": _iso(base[i % len(base)].published),
                "url": f"https://soak.invalid/{i}",
            }
            for i in range(n)
        )
    else:
        records = (
            {"id": f"soak-{i}", "text": text, "published": published.isoformat()}
            for i, (published, text) in ((i, article_text(i, seed)) for i in range(n))
        )
    path = root / "soak.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    origin = f"the {len(base)} demo corpus articles repeated" if base else "generated articles"
    return path, origin


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def build_db(db: Path, corpus: Path) -> tuple[float, str]:
    """Ingest ``corpus`` into ``db`` with the real pipeline; (seconds, the ingest summary)."""
    from sitrep.config import Config
    from sitrep.ingest import ingest
    from sitrep.pipeline import Pipeline
    from sitrep.store import Store

    config = Config.load()
    started = time.perf_counter()
    with Store.open(db) as store:
        report = ingest([corpus], store, Pipeline(config), config)
    return time.perf_counter() - started, report.summary()


class Mix:
    """Draws the next request of the mix, reproducibly from ``seed``."""

    def __init__(self, seed: int, article_ids: list[str], countries: list[str]) -> None:
        self.rng = random.Random(seed)
        self.article_ids = article_ids
        self.countries = countries or ["Syria"]
        self.labels = list(MIX)
        self.weights = list(MIX.values())

    def next(self) -> tuple[str, str, str, dict[str, Any] | None]:
        """(label, method, url, json body or None)."""
        label = self.rng.choices(self.labels, self.weights)[0]
        rng = self.rng
        if label in ("GET /events", "GET /events.geojson"):
            params: dict[str, Any] = {
                "limit": rng.choice([10, 50, 100]),
                "offset": rng.randrange(0, 200),
            }
            if rng.random() < 0.5:
                params["country"] = rng.choice(self.countries)
            if rng.random() < 0.3:
                params["sort"] = rng.choice(["-event_date", "fatalities", "-fatalities"])
            if rng.random() < 0.2:
                params["q"] = rng.choice(["killed", "strike", "protest"])
            path = label.split()[1]
            return label, "GET", f"{path}?{httpx.QueryParams(params)}", None
        if label == "GET /articles/{id}":
            return label, "GET", f"/articles/{rng.choice(self.article_ids)}", None
        if label == "POST /extract":
            body = {"text": rng.choice(EXTRACT_TEXTS), "published": "2020-02-27"}
            return label, "POST", "/extract", body
        return label, "GET", "/stats", None


async def soak(base: str, mix: Mix, seconds: float, concurrency: int, pid: int) -> dict[str, Any]:
    """Send the mix from ``concurrency`` workers for ``seconds``; sample the server's RSS."""
    outcomes = {label: Outcome(label) for label in MIX}
    samples: list[float] = []
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        while time.monotonic() < deadline:
            label, method, url, body = mix.next()
            await timed_request(client, outcomes[label], method, url, body)

    async def sampler() -> None:
        while time.monotonic() < deadline:
            samples.append(rss_mib(pid))
            await asyncio.sleep(SAMPLE_EVERY_S)

    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(sampler(), *(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    for outcome in outcomes.values():
        outcome.elapsed = elapsed
    return {"outcomes": list(outcomes.values()), "samples": samples, "elapsed": elapsed}


def warm_up(base: str) -> dict[str, Any]:
    """One request of each kind (loads the model) and the database's figures for the mix."""
    with httpx.Client(base_url=base, timeout=120) as client:
        client.post("/extract", json={"text": EXTRACT_TEXTS[0]}).raise_for_status()
        stats = client.get("/stats").raise_for_status().json()
        page = client.get("/events", params={"limit": 1000}).raise_for_status().json()
    ids = sorted({e["article_id"] for e in page["items"]})
    return {"stats": stats, "article_ids": ids, "countries": sorted(stats.get("by_country", {}))}


def report(run: dict[str, Any], meta: dict[str, Any]) -> str:
    """The markdown section: set-up, one row per endpoint, totals, memory."""
    outcomes: list[Outcome] = run["outcomes"]
    total = sum(len(o.latencies) for o in outcomes)
    errors = sum(o.errors for o in outcomes)
    rows = [
        "| endpoint | share | requests | req/s | p50 ms | p99 ms | max ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for o in outcomes:
        n = len(o.latencies)
        worst = max(o.latencies) * 1000 if o.latencies else float("nan")
        rows.append(
            f"| `{o.path}` | {MIX[o.path]} % | {n} | {n / run['elapsed']:.1f} "
            f"| {o.percentile(0.5):.1f} | {o.percentile(0.99):.1f} | {worst:.1f} | {o.errors} |"
        )
    rows.append(
        f"| **all** | 100 % | **{total}** | {total / run['elapsed']:.1f} | | | | **{errors}** |"
    )
    samples = run["samples"]
    growth = samples[-1] - samples[0] if samples else float("nan")
    stats = meta["stats"]
    return (
        f"Soak test, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, by `{meta['command']}`: "
        f"`sitrep serve` on 127.0.0.1 over a database of {stats.get('articles')} articles, "
        f"{stats.get('events')} events and {stats.get('figures')} figures ({meta['corpus']}, "
        f"ingested with the real pipeline in {meta['build_s']:.0f} s); {meta['concurrency']} "
        f"concurrent connections for {run['elapsed']:.0f} s; client and server on one machine "
        f"({os.cpu_count()} CPUs, Python {platform.python_version()}).\n\n"
        + "\n".join(rows)
        + f"\n\nServer resident memory: {meta['rss_boot']:.0f} MiB after start, "
        f"{samples[0]:.0f} MiB after warm-up (model loaded), {samples[-1]:.0f} MiB at the end, "
        f"{max(samples):.0f} MiB at most over {len(samples)} samples "
        f"(growth during the soak {growth:+.0f} MiB; every {SAMPLE_EVERY_S:.0f} s: "
        f"{', '.join(f'{s:.0f}' for s in samples)}). Load average of the machine at the start: "
        f"{meta['load']:.1f}. Errors are requests not answered 200 (transport failures "
        "included).\n"
    )


def write_section(path: Path, body: str) -> None:
    """Put ``body`` between the soak markers of ``path``, appending the section when absent."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = f"{START}\n{body}{END}"
    if START in text and END in text:
        pattern = re.escape(START) + ".*?" + re.escape(END)
        text = re.sub(pattern, lambda _: section, text, count=1, flags=re.S)
    else:
        text = text.rstrip("\n") + f"\n\n## Soak test of the HTTP API\n\n{section}\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180.0, help="length of the soak")
    parser.add_argument("--articles", type=int, default=300, help="articles in the database")
    parser.add_argument("--concurrency", type=int, default=8, help="simultaneous connections")
    parser.add_argument("--seed", type=int, default=8, help="seed of the request mix")
    parser.add_argument("--out", type=Path, help="markdown file to update (BENCHMARKS.md)")
    parser.add_argument(
        "--record", type=Path, default=RECORD, help="also update this file's section if present"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.seconds <= 3600 or not 1 <= args.articles <= 100_000:
        parser.error("need 1 <= --seconds <= 3600 and 1 <= --articles <= 100000")
    if not 1 <= args.concurrency <= 64:
        parser.error("need 1 <= --concurrency <= 64")

    with tempfile.TemporaryDirectory(prefix="sitrep-soak-") as tmp:
        root = Path(tmp)
        corpus, origin = corpus_jsonl(root, args.articles, args.seed)
        build_s, summary = build_db(root / "soak.duckdb", corpus)
        print(f"soak: {summary} in {build_s:.0f} s", file=sys.stderr)
        port = free_port()
        server = start_server(root / "soak.duckdb", port)
        try:
            base = f"http://127.0.0.1:{port}"
            rss_boot = rss_mib(server.pid)
            setup = warm_up(base)
            if not setup["article_ids"]:
                raise SystemExit("soak: the database holds no events; nothing to request")
            mix = Mix(args.seed, setup["article_ids"], setup["countries"])
            load = os.getloadavg()[0]
            run = asyncio.run(soak(base, mix, args.seconds, args.concurrency, server.pid))
            run["samples"].append(rss_mib(server.pid))
        finally:
            stop_server(server)

    command = "python bench/soak.py " + " ".join(argv if argv is not None else sys.argv[1:])
    meta = {
        "stats": setup["stats"],
        "command": command.strip(),
        "corpus": origin,
        "build_s": build_s,
        "concurrency": args.concurrency,
        "rss_boot": rss_boot,
        "load": load,
    }
    body = report(run, meta)
    print(body)
    for path in (args.out, args.record):
        if path is not None and (path == args.out or path.exists()):
            write_section(path, body)
    failed = [o for o in run["outcomes"] if o.errors]
    for o in failed:
        print(f"soak: {o.errors} errors on {o.path}; first: {o.first_error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
