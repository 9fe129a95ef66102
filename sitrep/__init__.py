"""sitrep: turn news articles into an evidenced, ACLED-style event dataset, offline.

The heavy parts (the NLP pipeline) are imported on first use, so ``import
sitrep`` and the records stay cheap for tools that only read stored data.

Example:
    >>> import sitrep                                                        # doctest: +SKIP
    >>> result = sitrep.extract(text, published="2020-02-27")                # doctest: +SKIP
    >>> result.events[0].fatalities                                          # doctest: +SKIP
    22
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitrep.config import Config
from sitrep.errors import Error
from sitrep.records import Article, Event, Figure, Incident, Result, Span, to_dict

if TYPE_CHECKING:
    from sitrep._extract import extract
    from sitrep.pipeline import Pipeline

__all__ = [
    "Article",
    "Config",
    "Error",
    "Event",
    "Figure",
    "Incident",
    "Pipeline",
    "Result",
    "Span",
    "extract",
    "to_dict",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "Pipeline":
        from sitrep.pipeline import Pipeline

        return Pipeline
    if name == "extract":
        from sitrep._extract import extract

        return extract
    raise AttributeError(f"module 'sitrep' has no attribute {name!r}")
