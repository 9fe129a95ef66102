"""``parquet``: the CSV's columns and meanings, typed, one file per layer.

The same rows as the CSV (:mod:`sitrep.export.acled`), so a Parquet file joins
with ACLED's CSV by column name, with types instead of text: dates as dates,
counts and codes as integers, coordinates and confidence as floats; lists
(sources, event ids) as "; "-joined text and evidence as JSON text, as in the
CSV. Unknown fatalities are 0, ACLED's rule, as in every format. The GeoNames
credit is the ``sitrep.attribution`` key of each file's metadata.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sitrep.export.acled import LAYERS, row
from sitrep.export.attribution import attribution
from sitrep.export.files import PAGE, Exporter, ExportReport, layer_paths, replacing, write_layers
from sitrep.store import EventQuery, Store

_INTEGERS = frozenset(
    {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision"}
    | {"fatalities", "fatalities_low", "fatalities_best", "fatalities_high", "injured"}
    | {"timestamp", "n_sources", "value", "low", "high"}
)
_FLOATS = frozenset({"latitude", "longitude", "confidence"})
_DATES = frozenset({"event_date", "first_reported", "last_reported", "period_start", "period_end"})


def column_type(name: str) -> pa.DataType:
    """The Arrow type of a column of any layer (text unless it is a count, code, place or date).

    Example:
        >>> str(column_type("event_date")), str(column_type("iso")), str(column_type("actor1"))
        ('date32[day]', 'int64', 'string')
    """
    if name in _INTEGERS:
        return pa.int64()
    if name in _FLOATS:
        return pa.float64()
    if name in _DATES:
        return pa.date32()
    return pa.string()


def schema(layer: str) -> pa.Schema:
    """The Arrow schema of a layer, with the credit and the layout in its metadata."""
    columns = LAYERS[layer][0]
    metadata = {
        "sitrep.attribution": attribution(),
        "sitrep.layer": layer,
        "sitrep.layout": "ACLED's column names and meanings, as in sitrep's CSV export; events "
        "in OUT, incidents in <stem>.incidents.parquet, figures in <stem>.figures.parquet",
    }
    return pa.schema([pa.field(name, column_type(name)) for name in columns], metadata=metadata)


def write_parquet(store: Store, path: Path, query: EventQuery) -> ExportReport:
    """Write the three layers as Parquet beside ``path``."""
    counts = write_layers(store, path, query, _write_layer)
    return ExportReport.of("parquet", tuple(layer_paths(path).values()), counts)


def _write_layer(path: Path, layer: str, records: Iterable[dict[str, Any]]) -> int:
    layout = schema(layer)
    dates = [name for name in layout.names if name in _DATES]
    count = 0
    with replacing(path) as tmp, pq.ParquetWriter(tmp, layout) as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            item = row(layer, record)
            for name in dates:
                if item[name]:
                    item[name] = date.fromisoformat(item[name])
            batch.append(item)
            if len(batch) >= PAGE:
                writer.write_table(pa.Table.from_pylist(batch, layout))
                count += len(batch)
                batch = []
        if batch or not count:  # an empty layer is still a readable file with its schema
            writer.write_table(pa.Table.from_pylist(batch, layout))
            count += len(batch)
    return count


EXPORTER = Exporter(
    name="parquet",
    extension=".parquet",
    media_type="application/vnd.apache.parquet",
    description="the CSV's columns, typed",
    write=write_parquet,
)
