"""Shared type aliases and the small Protocols that stages implement.

A stage that needs state (a model, a gazetteer, lexicons) is a class built once
from the :class:`~sitrep.config.Config` whose ``__call__`` is pure given its
inputs; these Protocols are what the pipeline relies on, so a stage can be
swapped (a transformer annotator, a PostGIS geocoder) without touching it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from sitrep.records import Article, Processed, Result


class Extractor(Protocol):
    """Finds events and figures in an annotated article (no geography beyond names)."""

    def __call__(self, article: Article, doc: Doc) -> Result:
        """Return the article's events and figures, each field with its evidence."""
        ...


class Geocoder(Protocol):
    """Sets the place fields of every event and figure of a result."""

    def __call__(self, article: Article, doc: Doc, result: Result) -> Result:
        """Return ``result`` with country, admin1, admin2, location, coordinates, precision."""
        ...


class RecordSink(Protocol):
    """Where processed articles go: the store (DuckDB now, PostgreSQL later)."""

    def write(self, processed: Processed) -> bool:
        """Store one article's records atomically; return whether anything changed."""
        ...
