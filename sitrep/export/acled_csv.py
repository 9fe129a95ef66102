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
from sitrep.export.files import Exporter, ExportReport, layer_paths, replacing, write_layers
from sitrep.store import EventQuery, Store


def write_acled_csv(store: Store, path: Path, query: EventQuery) -> ExportReport:
    """Write the three layers as CSV beside ``path``, and the attribution sidecar."""
    counts = write_layers(store, path, query, _write_csv)
    sidecar = path.with_name(path.name + ".ATTRIBUTION.txt")
    with replacing(sidecar) as tmp:
        tmp.write_text(attribution() + "\n\n" + attribution_text(), encoding="utf-8")
    return ExportReport.of("acled-csv", (*layer_paths(path).values(), sidecar), counts)


def _write_csv(path: Path, layer: str, records: Iterable[dict[str, Any]]) -> int:
    count = 0
    with replacing(path) as tmp, tmp.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=LAYERS[layer][0])
        writer.writeheader()
        for record in records:
            writer.writerow(row(layer, record))
            count += 1
    return count


EXPORTER = Exporter(
    name="acled-csv",
    extension=".csv",
    media_type="text/csv",
    description="ACLED's columns in ACLED's order, then sitrep's",
    write=write_acled_csv,
)
