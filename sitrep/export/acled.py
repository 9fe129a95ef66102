"""ACLED's columns and meanings: the one row shape every export format writes.

CSV, GeoJSON properties and Parquet all carry the rows built here, so a column
means the same thing in every file and joins with ACLED's own CSV by name:
``event_id_cnty``, ``event_date``, ``year``, ``time_precision``,
``disorder_type``, ``event_type``, ``sub_event_type``, ``actor1``,
``assoc_actor_1``, ``inter1``, ``actor2``, ``assoc_actor_2``, ``inter2``,
``interaction``, ``civilian_targeting``, ``iso`` (ISO 3166 numeric), ``region``,
``country``, ``admin1``-``admin3``, ``location``, ``latitude``, ``longitude``,
``geo_precision``, ``source``, ``source_scale``, ``notes``, ``fatalities``,
``tags`` and ``timestamp`` (when the record was stored, Unix seconds), in
ACLED's order; then sitrep's extras (:data:`EXTRA_COLUMNS`).

Unknown fatalities follow ACLED's rule: ``fatalities`` is 0 when no count was
reported, in every format; ``fatalities_low`` and ``fatalities_high`` stay empty
(null), so "none reported" and "reported as zero" can still be told apart.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sitrep import _data
from sitrep.records import PLACE_FIELDS

#: When and what, in ACLED's names and order: events and incidents both begin with these.
_WHEN_AND_WHAT = (
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
)
#: ACLED's columns, in ACLED's order.
ACLED_COLUMNS = (
    "event_id_cnty",
    *_WHEN_AND_WHAT,
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
#: The columns of the events layer (also ``sitrep events --format csv``).
EVENT_COLUMNS = (*ACLED_COLUMNS, *EXTRA_COLUMNS)

#: The place of an incident or a figure, in ACLED's names: the record's place fields
#: (:data:`~sitrep.records.PLACE_FIELDS`), its ISO alpha-3 code given as ACLED's ``iso``
#: and ``region`` (events also have ACLED's ``admin3``, in ACLED's order above).
_PLACE_COLUMNS = ("iso", "region", *(name for name in PLACE_FIELDS if name != "iso3"))

#: The columns of the incidents layer: ACLED's names where the meaning is the same.
INCIDENT_COLUMNS = (
    "incident_id",
    *_WHEN_AND_WHAT,
    *_PLACE_COLUMNS,
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

#: The columns of the figures layer.
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
    *_PLACE_COLUMNS,
    "evidence",
)

#: Each layer's columns and the store record's id field.
LAYERS: dict[str, tuple[tuple[str, ...], str]] = {
    "events": (EVENT_COLUMNS, "event_id_cnty"),
    "incidents": (INCIDENT_COLUMNS, "incident_id"),
    "figures": (FIGURE_COLUMNS, "figure_id"),
}


def row(layer: str, record: dict[str, Any]) -> dict[str, Any]:
    """A stored record (as :class:`~sitrep.store.Store` returns it) as a row of its layer."""
    return _ROWS[layer](record)


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    """One event dict (as :meth:`Store.events` returns it) as a row of :data:`EVENT_COLUMNS`.

    Example:
        >>> row = acled_row({"event_id": "e1", "event_type": "Battles", "inter1": 1, "inter2": 2})
        >>> row["disorder_type"], row["interaction"], row["fatalities"], row["fatalities_low"]
        ('Political violence', 12, 0, None)
    """
    ingested = event.get("ingested_at")
    out = _layer_row(EVENT_COLUMNS, event)
    out.update(
        event_id_cnty=event.get("event_id"),
        assoc_actor_1=event.get("assoc_actor1"),
        assoc_actor_2=event.get("assoc_actor2"),
        interaction=interaction(event.get("inter1"), event.get("inter2")),
        civilian_targeting="Civilian targeting" if event.get("civilian_targeting") else None,
        timestamp=(
            int(datetime.fromisoformat(ingested.removesuffix("Z") + "+00:00").timestamp())
            if ingested
            else None
        ),
        sources_quoted=_joined(event.get("sources_quoted")),
    )
    return out


def incident_row(incident: dict[str, Any]) -> dict[str, Any]:
    """One incident dict (as :meth:`Store.incidents` returns it) as a row of INCIDENT_COLUMNS."""
    out = _layer_row(INCIDENT_COLUMNS, incident)
    out.update(
        sources=_joined(incident.get("sources")),
        event_ids=_joined(incident.get("event_ids")),
        article_ids=_joined(incident.get("article_ids")),
    )
    return out


def figure_row(figure: dict[str, Any]) -> dict[str, Any]:
    """One figure dict (as :meth:`Store.figures` returns it) as a row of FIGURE_COLUMNS."""
    return _layer_row(FIGURE_COLUMNS, figure)


def _layer_row(columns: tuple[str, ...], record: dict[str, Any]) -> dict[str, Any]:
    """``record`` as a row of ``columns``, as far as every layer writes a column alike.

    A column named as the store names the field is copied; ACLED's ``admin3``,
    ``source_scale`` and ``tags`` have no sitrep field and stay empty. The
    columns ACLED derives (year, disorder type, ``iso`` and ``region``, the
    fatalities rule) and the text forms of revisions and evidence are derived
    here for every layer that has them, so that they mean the same in each.
    """
    derived = {
        "year": _year(record.get("event_date")),
        "time_precision": record.get("date_precision"),
        "disorder_type": disorder_type(record.get("event_type"), record.get("sub_event_type")),
        **region(record.get("iso3")),
        "fatalities": record.get("fatalities") or 0,
        "revisions": _revisions(record.get("revisions")),
        "evidence": _json(record.get("evidence")),
    }
    return {name: derived[name] if name in derived else record.get(name) for name in columns}


_ROWS = {"events": acled_row, "incidents": incident_row, "figures": figure_row}


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str | None:
    """ACLED's disorder type of an event type (some sub-event types differ from their type)."""
    table = acled_tables()["disorder_type"]
    by_sub: dict[str, str] = table["sub_event_type"]
    by_type: dict[str, str] = table["event_type"]
    return by_sub.get(sub_event_type or "") or by_type.get(event_type or "")


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit interaction code: the two actor codes, smaller first (10 × code alone).

    Example:
        >>> interaction(7, 1), interaction(3, None), interaction(None, None)
        (17, 30, None)
    """
    codes = sorted(code for code in (inter1, inter2) if code)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def region(iso3: str | None) -> dict[str, Any]:
    """ACLED's ``iso`` (ISO 3166 numeric) and ``region`` of a country's alpha-3 code."""
    numeric, name = _countries().get(iso3 or "", (None, None))
    overrides: dict[str, str] = acled_tables()["region"]["country"]
    return {"iso": numeric, "region": overrides.get(iso3 or "") or name}


def _year(when: str | None) -> int | None:
    return int(when[:4]) if when else None


def _joined(values: Iterable[str] | None) -> str | None:
    return "; ".join(values) if values else None


def _revisions(revisions: list[dict[str, Any]] | None) -> str | None:
    """Earlier figures, oldest first, as ACLED-style text ("9; 22" reads as "9 then 22")."""
    return "; ".join(str(r["value"]) for r in revisions) if revisions else None


def _json(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value else None


@functools.cache
def acled_tables() -> dict[str, Any]:
    """``sitrep/data/acled.toml``: disorder types, regions and the attribution credit."""
    return _data.read_toml("data/acled.toml")


@functools.cache
def _countries() -> dict[str, tuple[int, str | None]]:
    """ISO alpha-3 → (ISO numeric code, ACLED region), from countryinfo's UN M49 regions."""
    from countryinfo import all_countries

    regions: dict[str, str] = acled_tables()["region"]["un"]
    out: dict[str, tuple[int, str | None]] = {}
    for country in all_countries():
        info: dict[str, Any] = dict(country.info())
        iso = info.get("ISO") or {}
        if "numeric" not in iso or iso.get("alpha3") in out:
            continue
        un = info.get("intermediateregion") or info.get("subregion") or ""
        out[iso["alpha3"]] = (int(iso["numeric"]), regions.get(un))
    return out
