"""sitrep's benchmark suite: every figure of BENCHMARKS.md, measured in one run.

Each measurement runs in a fresh child process so that its peak RSS is its own
and no model or cache is shared between the things compared. Ratios are what
to read (these machines are shared and noisy); absolute rates are for scale.

Usage:
    python bench/run.py --out BENCHMARKS.md              # the whole suite
    python bench/run.py --only pipeline --n 300          # one part, printed

The corpus is the bundled demo corpus (``sitrep/data/corpus``), repeated with
fresh ids up to the size asked for.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "sitrep" / "data" / "corpus"
SEED = REPO / "tests" / "data" / "seed_000_f27050b7da281b43.txt"
SENTINEL_START = "<!-- bench:start -->"
SENTINEL_END = "<!-- bench:end -->"


# --------------------------------------------------------------------------- children
def corpus_articles(n: int) -> list:  # type: ignore[type-arg]
    """The demo corpus as Articles, repeated with fresh urls up to ``n``."""
    from dataclasses import replace

    from sitrep.config import Config
    from sitrep.read import read_paths
    from sitrep.records import Article

    base = [a for a in read_paths([CORPUS], Config.load().limits) if isinstance(a, Article)]
    base = [a for a in base if (a.language or "en") == "en"] or base
    return [
        replace(base[i % len(base)], url=f"https://bench.invalid/{i}", external_id=None)
        for i in range(n)
    ]


def child_pipeline(n: int, n_process: int, batch_size: int) -> dict[str, float]:
    """Whole pipeline (clean → geocode) over ``n`` articles in this process."""
    from sitrep.config import Config
    from sitrep.pipeline import Pipeline

    config = Config.load(overrides={"nlp": {"n_process": n_process, "batch_size": batch_size}})
    articles = corpus_articles(n)
    pipeline = Pipeline(config)
    pipeline.process(articles[0])  # load model, lexicons, gazetteer outside the timing
    start = time.perf_counter()
    events = sum(len(p.result.events) for p in pipeline.process_many(articles))
    return {"seconds": time.perf_counter() - start, "articles": n, "events": events}


def child_bare(n: int, n_process: int, batch_size: int) -> dict[str, float]:
    """Bare ``nlp.pipe`` of the same model (no ruler, no sitrep stage) on the same texts."""
    import spacy

    from sitrep.clean import clean_text
    from sitrep.config import Config

    texts = [clean_text(a.text) for a in corpus_articles(n)]
    nlp = spacy.load(Config.load().nlp.model)
    nlp(texts[0])
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return {"seconds": time.perf_counter() - start, "articles": n}


def child_dask(n: int, workers: int) -> dict[str, float]:
    """Distributed ingest of ``n`` articles (staged as files) on a LocalCluster of ``workers``."""
    from sitrep.config import Config
    from sitrep.scale import ingest_distributed
    from sitrep.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        _write_jsonl_shards(corpus_articles(n), inputs, per_file=max(1, n // (workers * 4)))
        with Store.open(Path(tmp) / "bench.duckdb") as store:
            start = time.perf_counter()
            report = ingest_distributed([inputs], store, Config.load(), workers=workers)
            seconds = time.perf_counter() - start
    return {"seconds": seconds, "articles": report.articles, "workers": workers}


def _write_jsonl_shards(articles: list, folder: Path, per_file: int) -> None:  # type: ignore[type-arg]
    for start in range(0, len(articles), per_file):
        with open(folder / f"part-{start:07d}.jsonl", "w", encoding="utf-8") as handle:
            for a in articles[start : start + per_file]:
                record = {
                    "id": a.url,
                    "url": a.url,
                    "text": a.text,
                    "title": a.title,
                    "published": a.published.isoformat() if a.published else None,
                    "source": a.source,
                }
                handle.write(json.dumps(record) + "\n")


CHILDREN: dict[str, Callable[..., dict[str, float]]] = {
    "pipeline": child_pipeline,
    "bare": child_bare,
    "dask": child_dask,
}


def run_child(kind: str, **kwargs: int) -> dict[str, float]:
    """Run one measurement in a fresh interpreter; add its peak RSS in MB."""
    args = [sys.executable, __file__, "--child", kind, "--kwargs", json.dumps(kwargs)]
    proc = subprocess.run(args, capture_output=True, text=True, check=False, cwd=REPO)
    if proc.returncode != 0:
        raise SystemExit(f"bench child {kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _child_main(kind: str, kwargs: dict[str, int]) -> None:
    result = CHILDREN[kind](**kwargs)
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result["peak_rss_mb"] = round(self_rss, 1)
    result["peak_rss_children_mb"] = round(kids_rss, 1)
    print(json.dumps(result))


# --------------------------------------------------------------------------- suite
def cold_start(runs: int = 3) -> float:
    """Best wall time of ``sitrep extract SEED`` in a new process (model load included)."""
    exe = shutil.which("sitrep", path=str(Path(sys.executable).parent)) or "sitrep"
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([exe, "extract", str(SEED)], capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
    return best


def suite(n: int, scale_sizes: list[int]) -> str:
    """Run every measurement and return the markdown section for BENCHMARKS.md."""
    rows: list[str] = []
    bare = run_child("bare", n=n, n_process=1, batch_size=16)
    pipe = run_child("pipeline", n=n, n_process=1, batch_size=16)
    rate_bare = bare["articles"] / bare["seconds"]
    rate_pipe = pipe["articles"] / pipe["seconds"]
    rows.append(
        "| whole pipeline vs bare `nlp.pipe` (same model, same texts, 1 process) | "
        f"{rate_pipe:.1f} vs {rate_bare:.1f} articles/s = **{rate_pipe / rate_bare:.2f}×** "
        f"(target ≥ 0.8×) | peak RSS {pipe['peak_rss_mb']:.0f} MB vs {bare['peak_rss_mb']:.0f} MB |"
    )
    cores = os.cpu_count() or 1
    rows.append(
        f"| articles/s per core (pipeline, 1 process, {n} articles) | **{rate_pipe:.1f}** "
        f"(target ≥ 10) | {pipe['events']:.0f} events |"
    )
    pipe2 = run_child("pipeline", n=n, n_process=2, batch_size=16)
    rate_pipe2 = pipe2["articles"] / pipe2["seconds"]
    rows.append(
        f"| `n_process` 2 vs 1 (pipeline, {cores} cores) | {rate_pipe2:.1f} vs {rate_pipe:.1f} "
        f"articles/s = **{rate_pipe2 / rate_pipe:.2f}×** | peak RSS of workers "
        f"{pipe2['peak_rss_children_mb']:.0f} MB |"
    )
    d1 = run_child("dask", n=n, workers=1)
    d2 = run_child("dask", n=n, workers=2)
    r1, r2 = d1["articles"] / d1["seconds"], d2["articles"] / d2["seconds"]
    rows.append(
        f"| Dask LocalCluster 2 vs 1 workers (ingest into DuckDB, {n} articles) | "
        f"{r2:.1f} vs {r1:.1f} articles/s = **{r2 / r1:.2f}×** (target ≥ 1.7×) | "
        f"peak RSS per worker ≤ {max(d1['peak_rss_children_mb'], d2['peak_rss_children_mb']):.0f} "
        "MB (target ≤ 600) |"
    )
    cold = cold_start()
    rows.append(f"| cold start `sitrep extract` seed article | **{cold:.2f} s** (target ≤ 3 s) | |")
    for size in scale_sizes:
        res = run_child("pipeline", n=size, n_process=1, batch_size=16)
        rows.append(
            f"| scaling: pipeline over {size:,} articles | {res['seconds']:.1f} s = "
            f"{size / res['seconds']:.1f} articles/s | peak RSS {res['peak_rss_mb']:.0f} MB |"
        )
    header = (
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{cores} cores, Python {platform.python_version()}, by "
        f"`python bench/run.py --n {n} --scale {','.join(map(str, scale_sizes))}`.\n\n"
        "| measurement | result | notes |\n| --- | --- | --- |\n"
    )
    return header + "\n".join(rows) + "\n"


def write_section(out: Path, body: str) -> None:
    """Replace the suite's section of ``out`` (between sentinels), keeping the rest."""
    text = out.read_text(encoding="utf-8") if out.exists() else "# Benchmarks\n"
    section = f"{SENTINEL_START}\n{body}{SENTINEL_END}"
    if SENTINEL_START in text:
        text = re.sub(
            re.escape(SENTINEL_START) + ".*?" + re.escape(SENTINEL_END),
            lambda _: section,
            text,
            flags=re.S,
        )
    else:
        text += f"\n## Speed and memory\n\n{section}\n"
    out.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child")
    parser.add_argument("--kwargs", default="{}")
    parser.add_argument("--n", type=int, default=300, help="articles per comparison")
    parser.add_argument("--scale", default="1000,10000", help="sizes for the scaling rows")
    parser.add_argument("--out", type=Path, help="update this markdown file")
    args = parser.parse_args()
    if args.child:
        _child_main(args.child, json.loads(args.kwargs))
        return
    sizes = [int(s) for s in args.scale.split(",") if s]
    body = suite(args.n, sizes)
    print(body)
    if args.out:
        write_section(args.out, body)


if __name__ == "__main__":
    main()
