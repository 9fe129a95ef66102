"""The extract stage: typed, dated, counted, attributed events and humanitarian figures.

Named ``extraction`` so that it does not shadow :func:`sitrep.extract`, the
one-call Python API. Modules, one job each: ``triggers`` (what happened, and
whether it did), ``counts`` (killed and injured with qualifiers and revisions),
``dates``, ``actors``, ``sources``, ``figures``, and ``events`` (folding mentions
into events). Lexicons are TOML data in ``sitrep/data/lexicons/``.
"""

from sitrep.extraction.events import EventExtractor

__all__ = ["EventExtractor"]
