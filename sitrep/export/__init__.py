"""The ``export`` stage: stored records as ACLED-style CSV, RFC 7946 GeoJSON or Parquet.

One module per format (:mod:`~sitrep.export.acled_csv`, :mod:`~sitrep.export.geojson`,
:mod:`~sitrep.export.parquet`), each registered once in
:mod:`~sitrep.export.registry`; the row every format writes, with ACLED's column
names and meanings, in :mod:`~sitrep.export.acled`; what formats share (layer
files, paging, atomic writes) in :mod:`~sitrep.export.files`; the GeoNames credit
every export carries in :mod:`~sitrep.export.attribution`.

Every export writes three layers beside each other: events in ``OUT``,
incidents in ``<stem>.incidents.<ext>``, figures in ``<stem>.figures.<ext>``.
The filters of the :class:`~sitrep.store.EventQuery` apply to every layer (those
that do not apply to a layer, such as the event type for figures, are ignored
for it). Unknown fatalities are 0 in every format, ACLED's rule.

Example:
    >>> with Store.open("sitrep.duckdb", read_only=True) as store:      # doctest: +SKIP
    ...     export(store, "geojson", "exports/events.geojson")
"""

from __future__ import annotations

from pathlib import Path

from sitrep.errors import InputError
from sitrep.export.acled import (
    ACLED_COLUMNS,
    EVENT_COLUMNS,
    EXTRA_COLUMNS,
    FIGURE_COLUMNS,
    INCIDENT_COLUMNS,
    acled_row,
    disorder_type,
    figure_row,
    incident_row,
)
from sitrep.export.attribution import attribution, attribution_text
from sitrep.export.files import Exporter, ExportReport, iter_records, layer_paths
from sitrep.export.registry import EXPORTERS, FORMATS, exporter
from sitrep.store import EventQuery, Store

__all__ = [
    "ACLED_COLUMNS",
    "EVENT_COLUMNS",
    "EXPORTERS",
    "EXTRA_COLUMNS",
    "FIGURE_COLUMNS",
    "FORMATS",
    "INCIDENT_COLUMNS",
    "ExportReport",
    "Exporter",
    "acled_row",
    "attribution",
    "attribution_text",
    "disorder_type",
    "export",
    "exporter",
    "figure_row",
    "incident_row",
    "iter_records",
    "layer_paths",
]


def export(
    store: Store, fmt: str, out_path: str | Path, query: EventQuery | None = None
) -> ExportReport:
    """Write the records matching ``query`` (default: all) to ``out_path`` in format ``fmt``.

    Args:
        store: an open store (read-only is enough).
        fmt: one of :data:`FORMATS`.
        out_path: the events file; the other layers go beside it (:func:`layer_paths`).
        query: filters; its ``limit`` caps each layer, ``None`` exports everything.

    Raises:
        InputError: ``fmt`` is not one of :data:`FORMATS`, or a file cannot be written.
    """
    writer = exporter(fmt).write
    path = Path(out_path)
    q = query or EventQuery(limit=None, sort="event_date")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return writer(store, path, q)
    except OSError as exc:
        subject = exc.filename or path
        raise InputError(str(subject), f"cannot write the export ({exc.strerror or exc})") from None
