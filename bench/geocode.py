"""Geocoding benchmark: gazetteer compile/load time, look-up latency, index memory, predict time.

The targets of issue 4 are a warm load of at most 1 s and a look-up of at most
1 ms; the resident memory of the loaded index is reported, not targeted. Each
load is measured in a fresh child process (``--child``) so that the load, its
RSS delta and the import cost are its own and no ``functools.cache`` hides it.

Usage:
    python bench/geocode.py                          # everything, printed as Markdown
    python bench/geocode.py --out bench/results/geocode.md   # rewrites only its own part
    python bench/geocode.py --articles 100           # predict over more articles

Look-ups take the names of a seeded random sample of gazetteer entries plus
misses (shuffled letters of real names, invented words), so the miss path
(transliteration key, then nothing) is timed as well as the hit path. Predict
runs on the seed article, the bundled demo corpus and, when it is there,
``../shared/evaldata/isaf_dev.jsonl`` (read, never copied); the spaCy parse is
done before timing, so only the geocode stage is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "tests" / "data" / "seed_000_f27050b7da281b43.txt"
CORPUS = REPO / "sitrep" / "data" / "corpus"
DEV = REPO.parent / "shared" / "evaldata" / "isaf_dev.jsonl"
SENTINEL_START = "<!-- bench/geocode.py:start -->"
SENTINEL_END = "<!-- bench/geocode.py:end -->"

Result = dict[str, Any]


def _rss_mb() -> float:
    """Current resident set size of this process (Linux /proc), in MB."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def child_load(cache_dir: str) -> Result:
    """Import, then load (or compile) the gazetteer of ``cache_dir``, once, in this process."""
    start = time.perf_counter()
    from sitrep.config import GeocodeConfig
    from sitrep.geocode import load_gazetteer

    imported = time.perf_counter()
    before = _rss_mb()
    gazetteer = load_gazetteer(GeocodeConfig(cache_dir=cache_dir))
    loaded = time.perf_counter()
    return {
        "import_s": imported - start,
        "load_s": loaded - imported,
        "rss_delta_mb": _rss_mb() - before,
        "peak_mb": _peak_mb(),
        "entries": len(gazetteer),
    }


def _run_child(cache_dir: str) -> Result:
    out = subprocess.run(
        [sys.executable, __file__, "--child", cache_dir],
        check=True,
        capture_output=True,
        text=True,
    )
    result: Result = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def bench_load(repeats: int) -> Result:
    """Cold compile into an empty cache, then ``repeats`` warm loads from it."""
    with tempfile.TemporaryDirectory(prefix="sitrep-gaz-") as cache_dir:
        cold = _run_child(cache_dir)
        size_mb = sum(p.stat().st_size for p in Path(cache_dir).iterdir()) / 1e6
        warm = [_run_child(cache_dir) for _ in range(repeats)]
    return {
        "cold": cold,
        "cache_mb": size_mb,
        "warm_load_s": statistics.median(w["load_s"] for w in warm),
        "warm_load_max_s": max(w["load_s"] for w in warm),
        "warm_import_s": statistics.median(w["import_s"] for w in warm),
        "rss_delta_mb": statistics.median(w["rss_delta_mb"] for w in warm),
        "entries": warm[0]["entries"],
        "repeats": repeats,
    }


def _percentiles(samples_ns: list[int]) -> Result:
    ordered = sorted(samples_ns)

    def at(q: float) -> float:
        return ordered[min(int(q * len(ordered)), len(ordered) - 1)] / 1e6

    return {
        "n": len(ordered),
        "p50_ms": at(0.50),
        "p99_ms": at(0.99),
        "max_ms": ordered[-1] / 1e6,
        "mean_ms": statistics.fmean(ordered) / 1e6,
    }


def bench_lookup(n_hits: int, n_misses: int, seed: int = 7) -> Result:
    """Latency of ``Gazetteer.lookup`` over sampled names and misses, without and with a country."""
    from sitrep.config import GeocodeConfig
    from sitrep.geocode import load_gazetteer

    gazetteer = load_gazetteer(GeocodeConfig())
    rng = random.Random(seed)
    hits = [gazetteer.place(rng.randrange(len(gazetteer))).name for _ in range(n_hits)]
    misses: list[str] = []
    while len(misses) < n_misses:
        letters = list(rng.choice(hits))
        rng.shuffle(letters)
        word = (
            "".join(letters)
            if rng.random() < 0.5
            else "Qz" + "".join(rng.choice("aeioukrtns") for _ in range(rng.randint(4, 10)))
        )
        if not gazetteer.ids(word):
            misses.append(word)
    names = hits + misses
    rng.shuffle(names)
    timings: Result = {}
    for label, country in (("any country", None), ("--country AF", "AF")):
        for name in names[:200]:  # warm caches (fuzzy tables are built on first use)
            gazetteer.lookup(name, country)
        samples: list[int] = []
        found = 0
        for name in names:
            start = time.perf_counter_ns()
            places = gazetteer.lookup(name, country)
            samples.append(time.perf_counter_ns() - start)
            found += bool(places)
        timings[label] = {**_percentiles(samples), "found": found}
    return {"hits": n_hits, "misses": n_misses, "timings": timings}


def _articles(limit: int) -> list[tuple[str, str]]:
    """(label, text) pairs: the seed, the demo corpus's English texts, the ISAF dev releases."""
    from sitrep.config import Config
    from sitrep.read import read_paths
    from sitrep.records import Article

    texts: list[tuple[str, str]] = []
    for item in read_paths([SEED, CORPUS], Config.load().limits):
        if isinstance(item, Article) and item.text.strip():
            texts.append(("corpus", item.text))
    if DEV.exists():
        with DEV.open() as handle:
            for line in handle:
                texts.append(("isaf_dev", json.loads(line)["text"]))
    rng = random.Random(11)
    rng.shuffle(texts)
    return texts[:limit]


def bench_predict(limit: int) -> Result:
    """Per-article time of ``PlaceGeocoder.predict`` on parsed documents."""
    from sitrep.annotate import Annotator
    from sitrep.config import Config
    from sitrep.geocode import PlaceGeocoder

    config = Config.load()
    articles = _articles(limit)
    docs = list(Annotator(config.nlp).pipe(text for _, text in articles))
    geocoder = PlaceGeocoder(config)
    geocoder.predict(docs[0])
    samples: list[int] = []
    mentions = 0
    for doc in docs:
        start = time.perf_counter_ns()
        places = geocoder.predict(doc)
        samples.append(time.perf_counter_ns() - start)
        mentions += len(places.located)
    chars = sum(len(text) for _, text in articles)
    return {
        **_percentiles(samples),
        "mean_chars": chars / len(articles),
        "mentions": mentions,
        "sources": sorted({label for label, _ in articles}),
    }


def report(load: Result, lookup: Result, predict: Result, argv: list[str]) -> str:
    """The Markdown page of bench/results/geocode.md."""
    cold = load["cold"]
    rows = [
        (
            "gazetteer compile, cold (empty cache)",
            f"{cold['load_s']:.1f} s (peak RSS {cold['peak_mb']:.0f} MB)",
            "",
        ),
        ("cache file", f"{load['cache_mb']:.1f} MB, {load['entries']:,} entries", ""),
        (
            f"load, warm (median of {load['repeats']}, max {load['warm_load_max_s']:.2f} s)",
            f"{load['warm_load_s']:.2f} s",
            "≤ 1 s",
        ),
        ("import of sitrep.geocode (not in the load)", f"{load['warm_import_s']:.2f} s", ""),
        ("resident memory of the loaded index (RSS delta)", f"{load['rss_delta_mb']:.0f} MB", ""),
    ]
    for label, t in lookup["timings"].items():
        rows.append(
            (
                f"lookup, {label} ({t['n']:,} names, {t['found']:,} found)",
                f"p50 {t['p50_ms']:.3f} ms, p99 {t['p99_ms']:.3f} ms, max {t['max_ms']:.2f} ms",
                "≤ 1 ms",
            )
        )
    rows.append(
        (
            f"PlaceGeocoder.predict per article ({predict['n']} parsed articles, "
            f"mean {predict['mean_chars']:.0f} chars)",
            f"p50 {predict['p50_ms']:.2f} ms, p99 {predict['p99_ms']:.2f} ms, "
            f"mean {predict['mean_ms']:.2f} ms",
            "",
        )
    )
    table = "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"""# Geocoding: speed and memory

Measured {when} on {platform.machine()} ({os.cpu_count()} cores shared by the team,
load average {load_avg}), Python {platform.python_version()}.

```
.venv/bin/python bench/geocode.py {" ".join(argv)}
```

| what | measured | target (issue 4) |
| --- | --- | --- |
{table}

Each load runs in a fresh process; "warm" reads the pickled index that the cold
run compiled into a temporary cache directory. Look-ups: {lookup["hits"]:,} names of
random gazetteer entries and {lookup["misses"]:,} misses, shuffled; with a country,
misses also go through the fuzzy match of that country's divisions. Predict: the
spaCy parse is done beforehand; sources: {", ".join(predict["sources"])}.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", metavar="CACHE_DIR", help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=3, help="warm loads (default 3)")
    parser.add_argument("--names", type=int, default=3000, help="names looked up (default 3000)")
    parser.add_argument("--misses", type=int, default=1000, help="of which misses (default 1000)")
    parser.add_argument("--articles", type=int, default=60, help="articles for predict")
    parser.add_argument("--out", type=Path, help="also write the Markdown page here")
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child_load(args.child)))
        return
    load = bench_load(args.repeats)
    lookup = bench_lookup(args.names - args.misses, args.misses)
    predict = bench_predict(args.articles)
    page = report(load, lookup, predict, sys.argv[1:])
    print(page)
    if args.out:
        write_page(args.out, page)


def write_page(path: Path, page: str) -> None:
    """Write ``page`` between the sentinels of ``path``, keeping the hand-written rest.

    The accuracy figures and the attribution text below the measured part are
    written by people (from ``sitrep evaluate``), not by this script.
    """
    block = f"{SENTINEL_START}\n{page.rstrip()}\n{SENTINEL_END}\n"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if SENTINEL_START in old and SENTINEL_END in old:
        head, rest = old.split(SENTINEL_START, 1)
        block = head + block + rest.split(SENTINEL_END, 1)[1].lstrip("\n")
    path.write_text(block, encoding="utf-8")


if __name__ == "__main__":
    main()
