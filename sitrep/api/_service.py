"""What the routes share: the configuration, the open store and the loaded pipeline.

The store is opened once, on first use, and kept open: opening a DuckDB file
costs more than most queries. DuckDB connections are not safe to share between
threads and FastAPI runs plain ``def`` routes in a thread pool, so every use
goes through one lock. The pipeline (seconds to load the NLP model) is built
only when ``/extract`` or ``/ingest`` first needs it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Protocol

from sitrep.config import Config
from sitrep.records import Article, Processed
from sitrep.store import Store


class PipelineLike(Protocol):
    """The part of :class:`sitrep.Pipeline` the service calls."""

    def process(self, article: Article) -> Processed:
        """Run one article through every stage."""
        ...

    def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
        """Run many articles, order kept."""
        ...


PipelineFactory = Callable[[Config], PipelineLike]


def default_pipeline(config: Config) -> PipelineLike:
    """Build sitrep's own pipeline (imported here: it pulls in the NLP stack)."""
    from sitrep.pipeline import Pipeline

    return Pipeline(config)


class Service:
    """The state of one running app; one instance per :func:`sitrep.api.create_app` call.

    Args:
        config: the whole configuration; ``config.api`` and ``config.limits`` apply here.
        db_path: the DuckDB file.
        writable: open the store read-write (only when an ingest token is configured).
        pipeline_factory: builds the pipeline on first use.
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
        self._pipeline_factory = pipeline_factory
        self._pipeline: PipelineLike | None = None
        self._pipeline_lock = threading.Lock()
        self._store: Store | None = None
        self._store_lock = threading.Lock()
        self._stack = ExitStack()

    @contextmanager
    def store(self) -> Iterator[Store]:
        """Hold the store for one request's queries, opening it on first use."""
        with self._store_lock:
            if self._store is None:
                self._store = self._stack.enter_context(
                    Store.open(self.db_path, read_only=not self.writable)
                )
            yield self._store

    def pipeline(self) -> PipelineLike:
        """The pipeline, built once under a lock so two first requests do not load it twice."""
        with self._pipeline_lock:
            if self._pipeline is None:
                self._pipeline = self._pipeline_factory(self.config)
            return self._pipeline

    @contextmanager
    def pipeline_session(self) -> Iterator[PipelineLike]:
        """Hold the pipeline for one request: spaCy models are not meant for concurrent calls."""
        pipeline = self.pipeline()
        with self._pipeline_lock:
            yield pipeline

    def close(self) -> None:
        """Close the store (at server shutdown)."""
        with self._store_lock:
            self._stack.close()
            self._store = None
