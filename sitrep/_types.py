"""The typed stages of the pipeline, declared once and used everywhere.

A stage that needs state (a model, a gazetteer, lexicons) is a class built once
from the :class:`~sitrep.config.Config` whose ``__call__`` is pure given its
inputs; these Protocols are what :class:`~sitrep.pipeline.Pipeline` relies on,
so a stage can be swapped (a transformer annotator, a PostGIS geocoder) without
touching it. The flow, in order::

    Article --clean, language, limits--> Doc --Extractor--> Result --Refiner...--> Processed

:class:`ArticleProcessor` and :class:`ArticlePipeline` are what callers of the
whole pipeline need (ingest, the Dask workers, evaluation, the HTTP API), so
that tests and workers can pass their own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from sitrep.clean import clean_article
from sitrep.records import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from sitrep.records import Processed, Result


@dataclasses.dataclass(frozen=True, slots=True, eq=False)
class CleanedArticle(Article):
    """An article :func:`cleaned` has cleaned: the pipeline does not clean it again."""


def cleaned(article: Article) -> Article:
    """Clean ``article`` once, for a caller that needs its id first (ingest fingerprints it).

    The pipeline recognises the result and does not clean it a second time; its
    output carries a plain :class:`~sitrep.records.Article`.

    Example:
        >>> cleaned(Article(text=" a  b ")).text
        'a b'
    """
    if isinstance(article, CleanedArticle):
        return article
    done = clean_article(article)
    return CleanedArticle(**{f.name: getattr(done, f.name) for f in dataclasses.fields(Article)})


def plain(article: Article) -> Article:
    """``article`` as a plain :class:`~sitrep.records.Article` (what the pipeline outputs)."""
    if type(article) is Article:
        return article
    return Article(**{f.name: getattr(article, f.name) for f in dataclasses.fields(Article)})


class Extractor(Protocol):
    """Finds events and figures in an annotated article (no geography beyond names)."""

    def __call__(self, article: Article, doc: Doc) -> Result:
        """Return the article's events and figures, each field with its evidence."""
        ...


class Refiner(Protocol):
    """A stage after extraction: takes the result so far and returns it completed."""

    def __call__(self, article: Article, doc: Doc, result: Result) -> Result:
        """Return ``result`` with this stage's fields set."""
        ...


class Geocoder(Refiner, Protocol):
    """Sets the place fields of every event and figure of a result."""

    def __call__(self, article: Article, doc: Doc, result: Result) -> Result:
        """Return ``result`` with country, admin1, admin2, location, coordinates, precision."""
        ...


class ArticleProcessor(Protocol):
    """Articles in, one :class:`~sitrep.records.Processed` each out, in order."""

    def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
        """Process articles in order, one :class:`Processed` per article."""
        ...


class ArticlePipeline(ArticleProcessor, Protocol):
    """An :class:`ArticleProcessor` that also takes one article at a time (``/extract``)."""

    def process(self, article: Article) -> Processed:
        """Run one article through every stage."""
        ...


class RecordSink(Protocol):
    """Where processed articles go: the store (DuckDB now, PostgreSQL later)."""

    def write_many(self, batch: list[Processed]) -> list[bool]:
        """Store a batch atomically; return, per article, whether it was new or changed."""
        ...
