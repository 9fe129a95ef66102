"""Ingest: read paths, process new or changed articles in batches, store them, merge incidents.

The loop streams: articles are read one at a time, cleaned once, checked against
the store in batches of ``config.nlp.batch_size`` (an article stored with the same
text and metadata is skipped before the pipeline sees it, which makes
re-ingesting a corpus cheap), processed, and written one transaction per batch,
so an interrupted ingest keeps every batch it finished and a re-run picks up
where it stopped. Bad inputs are reported and the rest goes on.

:func:`store_and_merge` is the one step that stores processed articles and folds
them into incidents; the local ingest, the Dask engine (:mod:`sitrep.scale`),
the API's ``POST /ingest`` and feed following all end in it. It finishes with
:func:`~sitrep.merge.update.merge_pending`, which merges every article the store
has queued, so a run interrupted anywhere (in extraction, between batches, in
the merge) is completed by the next one, even one with nothing new to read.

Example:
    >>> with Writer("sitrep.duckdb") as writer:                               # doctest: +SKIP
    ...     report = ingest(["corpus/"], writer, Pipeline(config), config)
    >>> report.summary()                                                     # doctest: +SKIP
    'read 120 articles: 118 stored, 2 unchanged, 0 inputs rejected; 140 events, 31 figures'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TypeVar

from sitrep._types import ArticleProcessor, cleaned
from sitrep.config import Config
from sitrep.merge.update import MergeReport, merge_pending
from sitrep.read import read_articles
from sitrep.records import Article, Processed, Rejected
from sitrep.store import Store, Writer, article_fingerprint

__all__ = [
    "IngestReport",
    "Session",
    "ingest",
    "ingest_articles",
    "session_of",
    "store_and_merge",
]

#: Opens the database for one transaction: ``Writer.session`` (a command) or the server's hold.
Session = Callable[[], AbstractContextManager[Store]]

_T = TypeVar("_T")


@dataclass(slots=True)
class IngestReport:
    """What one ingest did, by any engine; ``rejected`` holds one ``input: reason`` per bad input.

    ``events`` and ``figures`` count the records of the articles stored by this
    run (not of those found unchanged); ``duplicates`` counts inputs that gave
    the id of an article read earlier in the same run, which are skipped so that
    the first one stays stored; ``reasons`` says, by article id, why an article
    this run stored has no records (not English, too long, ...).
    """

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    events: int = 0
    figures: int = 0
    rejected: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    shards: int | None = None
    merged: MergeReport | None = None

    @property
    def without_records(self) -> int:
        """Articles stored by this run with no records, each for a reason in ``reasons``."""
        return len(self.reasons)

    @property
    def incidents_updated(self) -> bool:
        """Whether the merge re-clustered any event or linked any article."""
        return self.merged is not None and (self.merged.events > 0 or self.merged.linked > 0)

    def tally(self, processed: Processed, new: bool) -> None:
        """Count one processed article, stored (``new``) or found unchanged."""
        if not new:
            self.unchanged += 1
            return
        self.stored += 1
        if processed.reason is not None:
            self.reasons[processed.article.article_id] = processed.reason
        self.events += len(processed.result.events)
        self.figures += len(processed.result.figures)

    def summary(self) -> str:
        """One line for a person: what was read, stored, skipped and found."""
        where = f" in {self.shards} shards" if self.shards is not None else ""
        duplicates = f", {self.duplicates} duplicates" if self.duplicates else ""
        return (
            f"read {self.read} articles{where}: {self.stored} stored, {self.unchanged} unchanged"
            f"{duplicates}, {len(self.rejected)} inputs rejected; "
            f"{self.events} events, {self.figures} figures"
        )


def store_and_merge(
    session: Session,
    processed: Iterable[Processed],
    config: Config,
    *,
    report: IngestReport | None = None,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Store processed articles a batch per transaction, then merge what is pending.

    Args:
        session: opens the database for one transaction (``Writer(path).session``).
        processed: the pipeline's output, streamed.
        config: ``[nlp] batch_size`` and the merge settings.
        report: a report to add to (the reader's counts); a new one when ``None``.
        progress: called with 1 for every article stored or found unchanged.

    Returns:
        The report, with ``merged`` set.

    Raises:
        StoreError: the database cannot be written (batches stored before stay stored,
            and the next run merges them).
    """
    report = report or IngestReport()
    for batch in _batches(processed, max(1, config.nlp.batch_size)):
        with session() as store:
            flags = store.write_many(batch)
        for item, new in zip(batch, flags, strict=True):
            report.tally(item, new)
            if progress:
                progress(1)
    with session() as store:
        report.merged = merge_pending(store, config)
    return report


def session_of(target: Store | Writer) -> Session:
    """How to open ``target`` for one transaction: a :class:`Writer`'s session, or an open store.

    Example:
        >>> session_of(Writer("sitrep.duckdb")).__name__
        'session'
    """
    if isinstance(target, Writer):
        return target.session
    return lambda: nullcontext(target)


def ingest(
    paths: Iterable[str | Path],
    target: Store | Writer,
    pipeline: ArticleProcessor,
    config: Config,
    progress: Callable[[int], None] | None = None,
    *,
    follow_links: bool = False,
) -> IngestReport:
    """Read ``paths`` and store the records of every new or changed article.

    Args:
        paths: files and directories (read recursively) in any supported format.
        target: the database: a :class:`Writer`, entered (``with Writer(path) as w``),
            which holds the file only while it writes so that a server can read it
            meanwhile; or an open, writable :class:`Store`.
        pipeline: the pipeline (anything with ``process_many``).
        config: limits for reading and the batch size.
        progress: called with 1 for every input item done (stored, skipped or rejected).
        follow_links: read files that symbolic links point at, inside the given roots.

    Returns:
        Counts of what was read, stored, skipped and rejected.

    Raises:
        StoreError: the database cannot be written (articles stored before stay stored).
    """
    report = IngestReport()
    tick = progress or (lambda _n: None)

    def reject(item: Rejected) -> None:
        report.rejected.append(item.message)
        tick(1)

    articles = read_articles(paths, config.limits, reject, follow_links=follow_links)
    return ingest_articles(articles, target, pipeline, config, progress, report=report)


def ingest_articles(
    articles: Iterable[Article],
    target: Store | Writer,
    pipeline: ArticleProcessor,
    config: Config,
    progress: Callable[[int], None] | None = None,
    *,
    report: IngestReport | None = None,
) -> IngestReport:
    """Store the records of every new or changed article of ``articles``, then merge.

    What :func:`ingest` does once it has read its paths, and what feed following
    does with the articles it fetched: each article is cleaned once, one whose id
    was seen earlier in the run is a duplicate, one stored with the same text and
    metadata is unchanged, and the rest go through the pipeline into
    :func:`store_and_merge`.

    Args:
        articles: the articles, streamed.
        target: a :class:`Writer`, entered, or an open, writable :class:`Store`.
        pipeline: the pipeline (anything with ``process_many``).
        config: the batch size and the merge settings.
        progress: called with 1 for every article done (stored, skipped or a duplicate).
        report: a report to add to (the reader's rejections); a new one when ``None``.

    Raises:
        StoreError: the database cannot be written (articles stored before stay stored).
    """
    report = report or IngestReport()
    tick = progress or (lambda _n: None)
    seen: set[str] = set()
    session = session_of(target)

    def fresh() -> Iterator[Article]:
        for batch in _batches(articles, max(1, config.nlp.batch_size)):
            clean = [cleaned(article) for article in batch]
            with session() as store:
                stored = store.fingerprints(a.article_id for a in clean)
            for article in clean:
                report.read += 1
                if article.article_id in seen:
                    report.duplicates += 1
                    tick(1)
                elif stored.get(article.article_id) == article_fingerprint(article):
                    seen.add(article.article_id)
                    report.unchanged += 1
                    tick(1)
                else:
                    seen.add(article.article_id)
                    yield article

    return store_and_merge(
        session, pipeline.process_many(fresh()), config, report=report, progress=tick
    )


def _batches(items: Iterable[_T], size: int) -> Iterator[Sequence[_T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
