"""What the routes share: the configuration, the shared database and bounded pipelines.

The database is held through a :class:`~sitrep.store.SharedReader`: opened when a
request needs it, kept while requests follow one another, and let go when a
``sitrep ingest`` runs on the same file, so that ingesting while serving works
and every answer shows committed articles only. ``POST /ingest`` goes through
:meth:`Service.ingest`, the store-and-merge step ``sitrep ingest`` ends in.

The pipeline is the expensive part (seconds to load, up to seconds per large
text) and spaCy models are not meant for concurrent calls, so ``/extract`` and
``/ingest`` run on a bounded pool of pipelines in two lanes: large texts on one
pipeline of their own, the others on the rest. A large text then never holds
up a small one, and requests past the pool and its queue are refused at once
with a 503 rather than piling up threads.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep._types import ArticlePipeline
from sitrep.config import Config
from sitrep.ingest import IngestReport, store_and_merge
from sitrep.records import Article, Processed
from sitrep.store import SharedReader, Store

PipelineFactory = Callable[[Config], ArticlePipeline]

#: A text longer than this goes to the large lane.
LARGE_TEXT_CHARS = 20_000


class BusyError(StarletteHTTPException):
    """Every pipeline is busy and the queue is full: a 503 telling the client to retry shortly."""

    def __init__(self) -> None:
        super().__init__(
            503, "every pipeline is busy; retry in a few seconds", headers={"Retry-After": "2"}
        )


def default_pipeline(config: Config) -> ArticlePipeline:
    """Build sitrep's own pipeline (imported here: it pulls in the NLP stack)."""
    from sitrep.pipeline import Pipeline

    return Pipeline(config)


class _Lane:
    """Pipelines built on first use, at most ``size`` at work and ``waiting`` more queued."""

    def __init__(self, size: int, waiting: int, build: Callable[[], ArticlePipeline]) -> None:
        self._build = build
        self._idle: queue.LifoQueue[ArticlePipeline | None] = queue.LifoQueue()
        for _ in range(size):
            self._idle.put(None)  # a slot whose pipeline is built on first use
        self._admit = threading.BoundedSemaphore(size + waiting)

    @contextmanager
    def pipeline(self) -> Iterator[ArticlePipeline]:
        if not self._admit.acquire(blocking=False):
            raise BusyError
        try:
            slot = self._idle.get()
            try:
                if slot is None:
                    slot = self._build()
                yield slot
            finally:
                self._idle.put(slot)
        finally:
            self._admit.release()


class _Lanes:
    """The :class:`ArticlePipeline` the routes see: each call runs in the lane its text needs."""

    def __init__(self, small: _Lane, large: _Lane) -> None:
        self._small = small
        self._large = large

    def _lane(self, articles: Sequence[Article]) -> _Lane:
        longest = max((len(a.text) for a in articles), default=0)
        return self._large if longest > LARGE_TEXT_CHARS else self._small

    def process(self, article: Article) -> Processed:
        """Run one article on a pipeline of its lane."""
        with self._lane([article]).pipeline() as pipeline:
            return pipeline.process(article)

    def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
        """Run a batch on one pipeline of the lane of its longest text, order kept."""
        batch = list(articles)
        with self._lane(batch).pipeline() as pipeline:
            done = list(pipeline.process_many(batch))
        return iter(done)


class Service:
    """The state of one running app; one instance per :func:`sitrep.api.create_app` call.

    Args:
        config: the whole configuration; ``config.api`` and ``config.limits`` apply here.
        db_path: the DuckDB file.
        writable: open the store read-write (only when an ingest token is configured).
        pipeline_factory: builds a pipeline (one per pool slot, on first use).
    """

    def __init__(
        self,
        config: Config,
        db_path: Path,
        *,
        writable: bool,
        pipeline_factory: PipelineFactory,
    ) -> None:
        self.config = config
        self.db_path = db_path
        self.writable = writable
        self._db = SharedReader(db_path, read_only=not writable, wait=config.api.db_wait_s)
        api = config.api
        small = max(1, api.extract_workers - 1)
        self._pipelines = _Lanes(
            _Lane(small, api.extract_queue, lambda: pipeline_factory(config)),
            _Lane(1, max(1, api.extract_queue // 4), lambda: pipeline_factory(config)),
        )

    @contextmanager
    def store(self) -> Iterator[Store]:
        """Hold the store for one request's queries.

        Raises:
            StoreLockedError: an ingest held the file past ``[api] db_wait_s``.
        """
        with self._db.hold() as store:
            yield store

    def pipeline(self) -> ArticlePipeline:
        """The pipelines as one: each call runs on a free pipeline of its lane."""
        return self._pipelines

    @contextmanager
    def pipeline_session(self) -> Iterator[ArticlePipeline]:
        """The pipeline for one request (kept for the routes; the pool bounds the work)."""
        yield self._pipelines

    def ingest(self, articles: Sequence[Article]) -> IngestReport:
        """Process, store and merge a batch as ``sitrep ingest`` does (``POST /ingest``)."""
        processed = self._pipelines.process_many(articles)
        report = IngestReport(read=len(articles))
        return store_and_merge(self._db.hold, processed, self.config, report=report)

    def close(self) -> None:
        """Let go of the database (at server shutdown)."""
        self._db.close()
