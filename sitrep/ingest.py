"""Ingest: read paths, process new or changed articles in batches, store each atomically.

The loop streams: articles are read one at a time, handed to the pipeline in
batches of ``config.nlp.batch_size`` (memory stays bounded by one batch) and
written one transaction per article, so an interrupted ingest keeps every article
it finished and a re-run picks up where it stopped. An article already stored
with the same text and metadata is skipped before the pipeline sees it, which
makes re-ingesting a corpus cheap. Bad inputs are reported and the rest goes on.

Example:
    >>> with Store.open("sitrep.duckdb") as store:                          # doctest: +SKIP
    ...     report = ingest(["corpus/"], store, Pipeline(config), config)
    >>> report.summary()                                                     # doctest: +SKIP
    'read 120 articles: 118 stored, 2 unchanged, 0 inputs rejected; 140 events, 31 figures'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Protocol

from sitrep.clean import clean_article
from sitrep.config import Config
from sitrep.merge import update_incidents
from sitrep.read import read_articles
from sitrep.records import Article, Processed, Rejected
from sitrep.store import Store, article_fingerprint


class ArticleProcessor(Protocol):
    """What ingest needs of the pipeline (so tests and workers can pass their own)."""

    def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
        """Process articles in order, one :class:`Processed` per article."""
        ...


@dataclass(slots=True)
class IngestReport:
    """What one ingest did; ``rejected`` holds one ``input: reason`` line per bad input."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    without_records: int = 0
    events: int = 0
    figures: int = 0
    rejected: list[str] = field(default_factory=list)
    incidents_updated: bool = False

    def summary(self) -> str:
        """One line for a person: what was read, stored, skipped and found."""
        return (
            f"read {self.read} articles: {self.stored} stored, {self.unchanged} unchanged, "
            f"{len(self.rejected)} inputs rejected; {self.events} events, {self.figures} figures"
        )


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    pipeline: ArticleProcessor,
    config: Config,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Read ``paths`` and store the records of every new or changed article.

    Args:
        paths: files and directories (read recursively) in any supported format.
        store: an open, writable store.
        pipeline: the pipeline (anything with ``process_many``).
        config: limits for reading and the batch size.
        progress: called with 1 for every input item done (stored, skipped or rejected).

    Returns:
        Counts of what was read, stored, skipped and rejected.

    Raises:
        StoreError: the database cannot be written (articles stored before stay stored).
    """
    report = IngestReport()
    tick = progress or (lambda _n: None)
    written: list[str] = []
    unread: list[str] = []  # stored without records (another language): merge links them

    def reject(item: Rejected) -> None:
        report.rejected.append(item.message)
        tick(1)

    def fresh() -> Iterator[Article]:
        for item in read_articles(paths, config.limits, reject):
            report.read += 1
            cleaned = clean_article(item)
            if store.has_article(cleaned.article_id, fingerprint=article_fingerprint(cleaned)):
                report.unchanged += 1
                tick(1)
                continue
            yield item

    for batch in _batches(fresh(), max(1, config.nlp.batch_size)):
        done = list(pipeline.process_many(batch))
        for processed, new in zip(done, store.write_many(done), strict=True):
            if new:
                report.stored += 1
                written.extend(e.event_id for e in processed.result.events)
                if processed.reason is not None:
                    unread.append(processed.article.article_id)
            else:
                report.unchanged += 1
            report.without_records += processed.reason is not None
            report.events += len(processed.result.events)
            report.figures += len(processed.result.figures)
            tick(1)
    if written or unread:
        update_incidents(store, written, config, new_article_ids=unread)
        report.incidents_updated = True
    return report


def _batches(items: Iterable[Article], size: int) -> Iterator[Sequence[Article]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
