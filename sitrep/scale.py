"""Scale-out: the same pipeline on a Dask cluster, results staged as Parquet, then stored.

The input files are grouped into shards of bounded size; each shard is one Dask
task. A worker process loads the :class:`~sitrep.pipeline.Pipeline` once (a
per-process cache) and streams its shard through it, writing the processed
records into one Parquet partition per shard (written to a temporary name and
renamed, so a retried task simply overwrites a half-written file). The driver
loads each finished partition into the store as it arrives and, once all are
in, folds the new events into incidents: the partitions' records go through the
same :func:`~sitrep.ingest.store_and_merge` as a local ingest's.

Why this shape:

* Workers never touch the database: DuckDB allows one writing process, and
  keeping the store in the driver makes the same code work for PostgreSQL later.
* A worker killed mid-shard loses nothing: Dask reschedules the task on another
  worker, and because :meth:`~sitrep.store.Store.write` replaces an article's rows
  by id, an article staged twice is still stored once.
* Memory is bounded by the shard's batch (``config.nlp.batch_size`` articles in
  flight) and one Parquet row group; a worker never holds a corpus.

Example:
    >>> with Store.open("events.duckdb") as store:                      # doctest: +SKIP
    ...     report = ingest_distributed(["corpus/"], store, Config.load(), workers=2)
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from sitrep._types import cleaned
from sitrep.config import Config
from sitrep.errors import ConfigError
from sitrep.ingest import IngestReport, session_of, store_and_merge
from sitrep.read import input_files
from sitrep.records import Article, Processed, Rejected, from_dict, to_dict
from sitrep.store import Store, Writer, article_fingerprint

if TYPE_CHECKING:
    from sitrep.pipeline import Pipeline

#: Files are grouped into shards of about this many bytes; a larger file is its own shard.
SHARD_BYTES = 4 * 1024 * 1024

_SCHEMA = pa.schema([("article_id", pa.string()), ("record", pa.string())])
#: Staging folders are named ``sitrep-stage-PID-…`` so that the next run can find abandoned ones.
STAGE_PREFIX = "sitrep-stage-"


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What one worker produced for one shard: its Parquet partition and its counts."""

    shard: int
    parquet: str
    articles: int
    rejected: tuple[str, ...] = ()
    unchanged: int = 0
    duplicates: int = 0


def plan_shards(
    paths: Iterable[str | Path],
    shard_bytes: int = SHARD_BYTES,
    *,
    follow_links: bool = False,
    problem: Callable[[Rejected], object] = lambda _r: None,
) -> list[list[str]]:
    """Group the input files (directories expanded, sorted) into shards of about ``shard_bytes``.

    Directories are walked as the local ingest walks them (:func:`sitrep.read.input_files`:
    the same files, the same links left alone, each reported to ``problem``). Paths
    that do not exist are kept, alone, so the reader reports them as rejected.

    Example:
        >>> plan_shards([])
        []
    """
    files = list(input_files(paths, follow_links=follow_links, problem=problem))
    shards: list[list[str]] = []
    current: list[str] = []
    size = 0
    for path in files:
        try:
            length = path.stat().st_size
        except (OSError, ValueError):
            length = 0
        if current and size + length > shard_bytes:
            shards.append(current)
            current, size = [], 0
        current.append(str(path))
        size += length
    if current:
        shards.append(current)
    return shards


@functools.cache
def worker_pipeline(config: Config) -> Pipeline:
    """The pipeline of this worker process, loaded on the first shard it receives.

    Cached per process, so a worker loads the model once however many shards it
    runs; ``client.run(worker_pipeline, config)`` loads it on every worker up front.
    """
    from sitrep.pipeline import Pipeline

    return Pipeline(config)


def process_shard(
    shard: int, files: list[str], config: Config, out_dir: str, stored: frozenset[str]
) -> ShardResult:
    """Read, process and stage one shard as a Parquet partition (runs on a worker).

    ``stored`` holds the :func:`stored_key` of every article the database has;
    those are skipped before the pipeline, as a local ingest skips them. Files
    are read with the driver's link rules already applied (the shard names files).
    """
    from sitrep.read import read_articles

    pipeline = worker_pipeline(config)
    rejected: list[str] = []
    counts = {"unchanged": 0, "duplicates": 0}
    seen: set[str] = set()

    def fresh() -> Iterator[Article]:
        articles = read_articles(files, config.limits, lambda bad: rejected.append(bad.message))
        for raw in articles:
            article = cleaned(raw)
            key = stored_key(article)
            if article.article_id in seen:
                counts["duplicates"] += 1
            elif key in stored:
                seen.add(article.article_id)
                counts["unchanged"] += 1
            else:
                seen.add(article.article_id)
                yield article

    final = Path(out_dir) / f"shard-{shard:06d}.parquet"
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".shard-{shard:06d}-", suffix=".tmp")
    os.close(fd)
    count = 0
    with pq.ParquetWriter(tmp, _SCHEMA) as writer:
        batch: list[Processed] = []
        for processed in pipeline.process_many(fresh()):
            batch.append(processed)
            if len(batch) >= config.nlp.batch_size:
                writer.write_table(_table(batch))
                count += len(batch)
                batch = []
        if batch:
            writer.write_table(_table(batch))
            count += len(batch)
    os.replace(tmp, final)
    return ShardResult(
        shard, str(final), count, tuple(rejected), counts["unchanged"], counts["duplicates"]
    )


def stored_key(article: Article) -> str:
    """What identifies an article and its stored version: its id and fingerprint."""
    return article.article_id + article_fingerprint(article)


def _table(batch: list[Processed]) -> pa.Table:
    return pa.table(
        {
            "article_id": [p.article.article_id for p in batch],
            "record": [json.dumps(to_dict(p), ensure_ascii=False) for p in batch],
        },
        schema=_SCHEMA,
    )


def read_partition(path: str | Path) -> Iterator[Processed]:
    """Stream the processed records of one staged partition, a row group at a time."""
    parquet = pq.ParquetFile(path)
    for group in range(parquet.num_row_groups):
        for record in parquet.read_row_group(group, columns=["record"]).column(0).to_pylist():
            yield from_dict(Processed, json.loads(record))


def ingest_distributed(
    paths: Iterable[str | Path],
    target: Store | Writer,
    config: Config,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    stage_dir: str | Path | None = None,
    shard_bytes: int = SHARD_BYTES,
    progress: Callable[[int], None] | None = None,
    follow_links: bool = False,
) -> IngestReport:
    """Run read → geocode on a Dask cluster, then store and merge as a local ingest does.

    The stored records, incidents included, are those a local
    :func:`~sitrep.ingest.ingest` of the same paths produces, and so is the
    report; articles the database already holds unchanged are skipped by the
    workers before the pipeline.

    Args:
        paths: files and directories to ingest.
        target: the database, a :class:`~sitrep.store.Writer` entered or an open store
            (only the driver writes).
        config: the configuration every worker uses.
        scheduler: address of a running Dask scheduler; ``None`` starts a LocalCluster
            of ``workers`` single-threaded worker processes.
        workers: size of the LocalCluster when no scheduler is given.
        stage_dir: where Parquet partitions are staged (default: a temporary directory,
            removed afterwards, and by the next run if this one is killed); on a real
            cluster, a path every worker can write.
        shard_bytes: target size of a shard (one task); smaller means more, shorter tasks.
        progress: called with 1 for every article stored or found unchanged.
        follow_links: read links inside the given folders (as ``sitrep ingest --follow-links``).

    Raises:
        ConfigError: ``workers`` is not positive.
    """
    from distributed import Client, LocalCluster, as_completed

    if workers < 1:
        raise ConfigError("--workers", "must be at least 1")
    report = IngestReport()
    shards = plan_shards(
        paths,
        shard_bytes,
        follow_links=follow_links,
        problem=lambda bad: report.rejected.append(bad.message),
    )
    report.shards = len(shards)
    run = uuid.uuid4().hex[:12]  # keys must not collide with an earlier run on the same cluster
    session = session_of(target)
    with session() as store:
        stored = frozenset(store.stored_keys())
    remove_abandoned_stages()
    with tempfile.TemporaryDirectory(prefix=f"{STAGE_PREFIX}{os.getpid()}-") as tmp:
        out_dir = str(stage_dir or tmp)
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        cluster = (
            None
            if scheduler or not shards
            else LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                # The scheduler's HTTP endpoint would take port 8787 and warn when it is busy.
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                silence_logs=40,
            )
        )
        try:
            results = _run_shards(
                scheduler or cluster, shards, config, out_dir, stored, run, as_completed, Client
            ) if shards else iter(())  # fmt: skip

            def staged() -> Iterator[Processed]:
                for result in results:
                    report.rejected.extend(result.rejected)
                    report.read += result.articles + result.unchanged + result.duplicates
                    report.unchanged += result.unchanged
                    report.duplicates += result.duplicates
                    yield from read_partition(result.parquet)
                    Path(result.parquet).unlink(missing_ok=True)

            store_and_merge(session, staged(), config, report=report, progress=progress)
        finally:
            if cluster is not None:
                cluster.close()
    return report


def _run_shards(
    address: Any,
    shards: list[list[str]],
    config: Config,
    out_dir: str,
    stored: frozenset[str],
    run: str,
    as_completed: Any,
    client_class: Any,
) -> Iterator[ShardResult]:
    """Submit every shard and yield each result as it completes."""
    with client_class(address) as client:
        [known] = client.scatter([stored], broadcast=True)  # one object, not its items
        futures = [
            client.submit(
                process_shard,
                i,
                files,
                config,
                out_dir,
                known,
                key=f"sitrep-shard-{run}-{i}",
                retries=2,
                pure=False,
            )
            for i, files in enumerate(shards)
        ]
        for future in as_completed(futures):
            yield future.result()


def remove_abandoned_stages(root: str | Path | None = None) -> list[Path]:
    """Remove the staging folders that killed runs left in the temporary directory.

    A folder is named after the process that made it (``sitrep-stage-PID-…``);
    one whose process is gone holds article text nobody will load. Returns what
    was removed.
    """
    removed = []
    for folder in Path(root or tempfile.gettempdir()).glob(f"{STAGE_PREFIX}*"):
        pid = folder.name[len(STAGE_PREFIX) :].split("-", 1)[0]
        if folder.is_dir() and not folder.is_symlink() and not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: str) -> bool:
    if not pid.isdigit():
        return False  # made before folders carried their process id: nobody owns it
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True
