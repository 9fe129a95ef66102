"""Scale-out: the same pipeline on a Dask cluster, results staged as Parquet, then stored.

The input files are grouped into shards of bounded size; each shard is one Dask
task. A worker process loads the :class:`~sitrep.pipeline.Pipeline` once (a
per-process cache) and streams its shard through it, writing the processed
records into one Parquet partition per shard (written to a temporary name and
renamed, so a retried task simply overwrites a half-written file). The driver
loads each finished partition into the store as it arrives and, once all are
in, folds the new events into incidents exactly as a local ingest does.

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
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from sitrep.config import Config
from sitrep.errors import ConfigError
from sitrep.records import Processed, from_dict, to_dict

if TYPE_CHECKING:
    from sitrep.pipeline import Pipeline
    from sitrep.store import Store

#: Files are grouped into shards of about this many bytes; a larger file is its own shard.
SHARD_BYTES = 4 * 1024 * 1024

_SCHEMA = pa.schema([("article_id", pa.string()), ("record", pa.string())])


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What one worker produced for one shard: its Parquet partition and its rejections."""

    shard: int
    parquet: str
    articles: int
    rejected: tuple[str, ...] = ()


@dataclass(slots=True)
class DistributedReport:
    """Totals of a distributed ingest, as the driver stored them."""

    shards: int = 0
    articles: int = 0
    stored: int = 0
    events: int = 0
    figures: int = 0
    rejected: list[str] = field(default_factory=list)
    incidents_updated: bool = False


def plan_shards(paths: Iterable[str | Path], shard_bytes: int = SHARD_BYTES) -> list[list[str]]:
    """Group the input files (directories expanded, sorted) into shards of about ``shard_bytes``.

    Paths that do not exist are kept, alone, so the reader reports them as rejected.

    Example:
        >>> plan_shards([])
        []
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.parts)
            )
        else:
            files.append(path)
    shards: list[list[str]] = []
    current: list[str] = []
    size = 0
    for path in files:
        length = path.stat().st_size if path.exists() else 0
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


def process_shard(shard: int, files: list[str], config: Config, out_dir: str) -> ShardResult:
    """Read, process and stage one shard as a Parquet partition (runs on a worker)."""
    from sitrep.read import read_articles

    pipeline = worker_pipeline(config)
    rejected: list[str] = []
    articles = read_articles(files, config.limits, lambda bad: rejected.append(bad.message))

    final = Path(out_dir) / f"shard-{shard:06d}.parquet"
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".shard-{shard:06d}-", suffix=".tmp")
    os.close(fd)
    count = 0
    with pq.ParquetWriter(tmp, _SCHEMA) as writer:
        batch: list[Processed] = []
        for processed in pipeline.process_many(articles):
            batch.append(processed)
            if len(batch) >= config.nlp.batch_size:
                writer.write_table(_table(batch))
                count += len(batch)
                batch = []
        if batch:
            writer.write_table(_table(batch))
            count += len(batch)
    os.replace(tmp, final)
    return ShardResult(shard, str(final), count, tuple(rejected))


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
    store: Store,
    config: Config,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    stage_dir: str | Path | None = None,
    shard_bytes: int = SHARD_BYTES,
    progress: Callable[[int], None] | None = None,
) -> DistributedReport:
    """Run read → geocode on a Dask cluster, store the results, then update incidents.

    The stored records, incidents included, are those a local
    :func:`~sitrep.ingest.ingest` of the same paths produces.

    Args:
        paths: files and directories to ingest.
        store: an open, writable :class:`~sitrep.store.Store` (only the driver writes).
        config: the configuration every worker uses.
        scheduler: address of a running Dask scheduler; ``None`` starts a LocalCluster
            of ``workers`` single-threaded worker processes.
        workers: size of the LocalCluster when no scheduler is given.
        stage_dir: where Parquet partitions are staged (default: a temporary directory,
            removed afterwards); on a real cluster, a path every worker can write.
        shard_bytes: target size of a shard (one task); smaller means more, shorter tasks.
        progress: called with the number of articles stored after each shard.

    Raises:
        ConfigError: ``workers`` is not positive.
    """
    from distributed import Client, LocalCluster, as_completed

    from sitrep.merge import update_incidents

    if workers < 1:
        raise ConfigError("--workers", "must be at least 1")
    shards = plan_shards(paths, shard_bytes)
    run = uuid.uuid4().hex[:12]  # keys must not collide with an earlier run on the same cluster
    report = DistributedReport(shards=len(shards))
    written: list[str] = []  # event ids stored, for the incident update
    unread: list[str] = []  # articles stored without records (another language)
    with tempfile.TemporaryDirectory(prefix="sitrep-stage-") as tmp:
        out_dir = str(stage_dir or tmp)
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        cluster = (
            None
            if scheduler
            else LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=40,
            )
        )
        try:
            with Client(scheduler or cluster) as client:
                futures = [
                    client.submit(
                        process_shard,
                        i,
                        files,
                        config,
                        out_dir,
                        key=f"sitrep-shard-{run}-{i}",
                        retries=2,
                        pure=False,
                    )
                    for i, files in enumerate(shards)
                ]
                for future in as_completed(futures):
                    result: ShardResult = future.result()
                    report.rejected.extend(result.rejected)
                    shard = list(read_partition(result.parquet))
                    for processed, new in zip(shard, store.write_many(shard), strict=True):
                        report.articles += 1
                        report.events += len(processed.result.events)
                        report.figures += len(processed.result.figures)
                        if new:
                            report.stored += 1
                            written.extend(e.event_id for e in processed.result.events)
                            if processed.reason is not None:
                                unread.append(processed.article.article_id)
                    Path(result.parquet).unlink(missing_ok=True)
                    if progress:
                        progress(report.articles)
        finally:
            if cluster is not None:
                cluster.close()
    if written or unread:
        update_incidents(store, written, config, new_article_ids=unread)
        report.incidents_updated = True
    return report
