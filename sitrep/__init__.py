"""sitrep: turn news articles into an evidenced, ACLED-style event dataset, offline.

Example:
    >>> import sitrep                                                   # doctest: +SKIP
    >>> result = sitrep.extract(open("article.txt").read(), published="2020-02-27")  # doctest: +SKIP
    >>> result.events[0].fatalities                                     # doctest: +SKIP
    22
"""

from __future__ import annotations

from sitrep._extract import extract
from sitrep.config import Config
from sitrep.errors import Error
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event, Figure, Incident, Result, Span, to_dict

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
