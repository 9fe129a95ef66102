"""``acled-csv``: ACLED's 31 columns in ACLED's order, then sitrep's extras, one file per layer.

Unknown fatalities are written as 0, ACLED's rule (:mod:`sitrep.export.acled`);
the GeoNames credit goes to a sidecar ``OUT.ATTRIBUTION.txt``, because a
comment line would break ACLED readers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sitrep.export.acled import LAYERS, row
from sitrep.export.attribution import attribution, attribution_text
from sitrep.export.files import (
    LAYER_NAMES,
    Exporter,
    ExportReport,
    iter_records,
    layer_paths,
    replacing,
)
from sitrep.store import EventQuery, Store


def write_acled_csv(store: Store, path: Path, query: EventQuery) -> ExportReport:
    """Write the three layers as CSV beside ``path``, and the attribution sidecar."""
    paths = layer_paths(path)
    counts = {
        layer: _write_csv(
            paths[layer],
            LAYERS[layer][0],
            (row(layer, record) for record in iter_records(store, layer, query)),
        )
        for layer in LAYER_NAMES
    }
    sidecar = path.with_name(path.name + ".ATTRIBUTION.txt")
    with replacing(sidecar) as tmp:
        tmp.write_text(attribution() + "\n\n" + attribution_text(), encoding="utf-8")
    return ExportReport.of("acled-csv", (*paths.values(), sidecar), counts)


def _write_csv(path: Path, columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with replacing(path) as tmp, tmp.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for item in rows:
            writer.writerow(item)
            count += 1
    return count


EXPORTER = Exporter(
    name="acled-csv",
    extension=".csv",
    media_type="text/csv",
    description="ACLED's columns in ACLED's order, then sitrep's",
    write=write_acled_csv,
)
