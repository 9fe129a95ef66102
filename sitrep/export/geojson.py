"""``geojson``: RFC 7946 FeatureCollections of points, one per layer; also the API's GeoJSON.

A feature's properties are the layer's row (:mod:`sitrep.export.acled`, the
same columns as the CSV) without ``latitude`` and ``longitude``, which are its
geometry (``[longitude, latitude]``, as RFC 7946 orders them). The export file
leaves out records without coordinates and counts them in its ``sitrep``
member; the API answers them with a null geometry, which RFC 7946 allows, so
that its ``total`` and paging match ``/events``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from sitrep.export.acled import LAYERS, row
from sitrep.export.attribution import attribution
from sitrep.export.files import Exporter, ExportReport, layer_paths, replacing, write_layers
from sitrep.store import EventQuery, Store

MEDIA_TYPE = "application/geo+json"
_POINT = ("latitude", "longitude")


def feature(layer: str, record: dict[str, Any], *, evidence: bool = True) -> dict[str, Any]:
    """A stored record of ``layer`` as a GeoJSON Feature (null geometry without coordinates).

    Example:
        >>> f = feature("events", {"event_id": "e1", "latitude": 35.9, "longitude": 36.6})
        >>> f["id"], f["geometry"], "latitude" in f["properties"]
        ('e1', {'type': 'Point', 'coordinates': [36.6, 35.9]}, False)
    """
    lat, lon = record.get("latitude"), record.get("longitude")
    geometry = (
        {"type": "Point", "coordinates": [lon, lat]}
        if lat is not None and lon is not None
        else None
    )
    properties = {
        name: value
        for name, value in row(layer, record).items()
        if name not in _POINT and (evidence or name != "evidence")
    }
    return {
        "type": "Feature",
        "id": properties[LAYERS[layer][1]],
        "geometry": geometry,
        "properties": properties,
    }


def feature_collection(layer: str, records: Iterable[dict[str, Any]], total: int) -> dict[str, Any]:
    """Records as one FeatureCollection, evidence left out; ``total`` is a foreign member.

    What the API answers for ``/events.geojson``: evidence indexes article text
    that a map does not show, and ``total`` tells a client how many features the
    filters match, for paging.
    """
    features = [feature(layer, record, evidence=False) for record in records]
    return {"type": "FeatureCollection", "total": total, "features": features}


def write_geojson(store: Store, path: Path, query: EventQuery) -> ExportReport:
    """Write the three layers as FeatureCollections beside ``path``."""
    written = write_layers(store, path, query, _write_features)
    counts = {layer: count for layer, (count, _skipped) in written.items()}
    left_out = {layer: skipped for layer, (_count, skipped) in written.items() if skipped}
    return ExportReport.of("geojson", tuple(layer_paths(path).values()), counts, left_out)


def _write_features(path: Path, layer: str, records: Iterable[dict[str, Any]]) -> tuple[int, int]:
    """Write one FeatureCollection; return (features written, records without coordinates)."""
    count = skipped = 0
    out: IO[str]
    with replacing(path) as tmp, tmp.open("w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "features": [\n')
        for record in records:
            item = feature(layer, record)
            if item["geometry"] is None:
                skipped += 1
                continue
            out.write((",\n" if count else "") + json.dumps(item, ensure_ascii=False))
            count += 1
        meta = {"layer": layer, "features": count, "without_coordinates": skipped}
        out.write(
            f'\n], "attribution": {json.dumps(attribution())}, "sitrep": {json.dumps(meta)}}}\n'
        )
    return count, skipped


EXPORTER = Exporter(
    name="geojson",
    extension=".geojson",
    media_type=MEDIA_TYPE,
    description="RFC 7946 points with the CSV's columns as properties",
    write=write_geojson,
)
