"""Records to table rows and back.

Columns carry the record field names, so a row turns back into its record with
:func:`sitrep.records.from_dict`; evidence lives in its own table and is joined
back by owner id.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

from sitrep.records import Event, Evidence, Figure, Incident, Span, from_dict, to_dict

_R = TypeVar("_R", Event, Figure, Incident)

#: Fields kept outside the record's own table.
_ELSEWHERE = frozenset({"evidence", "event_ids"})
#: Fields stored as JSON text.
_JSON = frozenset({"revisions"})


def columns(kind: type[Any]) -> tuple[str, ...]:
    """The table columns of a record type, in field order."""
    return tuple(f.name for f in dataclasses.fields(kind) if f.name not in _ELSEWHERE)


def to_row(record: Event | Figure | Incident) -> tuple[Any, ...]:
    """One record as the values of its table's columns."""
    values: list[Any] = []
    for name in columns(type(record)):
        value = getattr(record, name)
        if name in _JSON:
            value = json.dumps(to_dict(value), ensure_ascii=False)
        elif isinstance(value, tuple):
            value = list(value)
        values.append(value)
    return tuple(values)


def from_row(kind: type[_R], row: Mapping[str, Any], evidence: Evidence | None) -> _R:
    """Rebuild a record from its row and its evidence spans."""
    # from_dict reads JSON values: dates as ISO strings.
    data = {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}
    for name in _JSON & data.keys():
        data[name] = json.loads(data[name]) if data[name] else []
    record = from_dict(kind, data)
    return dataclasses.replace(record, evidence=evidence or {})


def evidence_rows(
    kind: str, owner_id: str, article_id: str | None, evidence: Evidence
) -> list[tuple[Any, ...]]:
    """Rows of the evidence table for one record's spans."""
    return [
        (kind, owner_id, article_id, field, position, span.start, span.end, span.text)
        for field, spans in evidence.items()
        for position, span in enumerate(spans)
    ]


def group_evidence(rows: Iterable[Sequence[Any]]) -> dict[str, dict[str, tuple[Span, ...]]]:
    """``(owner_id, field, start, end, text)`` rows (in position order) → owner → field → spans."""
    grouped: dict[str, dict[str, list[Span]]] = {}
    for owner_id, field, start, end, text in rows:
        grouped.setdefault(owner_id, {}).setdefault(field, []).append(Span(start, end, text))
    return {
        owner: {field: tuple(spans) for field, spans in fields.items()}
        for owner, fields in grouped.items()
    }
