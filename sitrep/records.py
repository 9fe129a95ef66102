"""The records sitrep produces: plain, frozen, typed data classes.

Every stage between ``read`` and ``store`` takes and returns these values, so a
stage can be tested alone and shipped to a worker. Each record serialises to
JSON-ready dicts with :func:`to_dict` using the field names of ``DESIGN.md``;
those names are a contract (``sitrep extract --jsonl`` and the evaluator rely
on them).

Example:
    >>> span = Span(0, 8, "At least")
    >>> to_dict(span)
    {'start': 0, 'end': 8, 'text': 'At least'}
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, TypeVar

Qualifier = Literal["at_least", "about", "more_than", "up_to", "exact"]
"""How a reported count relates to the truth ("at least 22" → ``at_least``)."""

Evidence = Mapping[str, Sequence["Span"]]
"""Field name → the spans of the cleaned article text that support its value."""

_R = TypeVar("_R")


def stable_id(*parts: str, length: int = 16) -> str:
    """Hash ``parts`` into a short hex id that is the same on every run and machine.

    Example:
        >>> stable_id("https://example.org/a")
        'ef5d3ecea193ed70'
    """
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16).hexdigest()
    return digest[:length]


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``[start, end)`` of ``Article.text``, with the text they cover."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, its text cleaned; every evidence span indexes ``text``.

    ``external_id`` is the id the input gave (a JSONL ``id``); ``origin`` names
    where it was read from (``path`` or ``path:line``) so errors can point at it.
    """

    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    external_id: str | None = None
    origin: str | None = None

    @property
    def article_id(self) -> str:
        """Stable id: hash of the url, else of source and external id, else of the text.

        The same article read twice gets the same id, which is what makes
        re-ingesting idempotent.
        """
        if self.url:
            return stable_id("url", self.url)
        if self.external_id:
            return stable_id("ext", self.source or "", self.external_id)
        return stable_id("text", self.text)


@dataclass(frozen=True, slots=True)
class Revision:
    """An earlier figure reported for the same event in the same article."""

    value: int
    span: Span


@dataclass(frozen=True)
class Placed:
    """The eight place fields, declared once for every record that is somewhere.

    :class:`Event`, :class:`Figure` and :class:`Incident` inherit them, so each
    has them as its own attributes (``event.admin1``), in this order and at the
    same place among its fields: after what and when, before how many. The store
    schema and the exports take their place columns from :data:`PLACE_FIELDS`.
    ``geo_precision`` is ACLED's: 1 the town itself, 2 near it or a district, 3
    a province or larger.
    """

    # No slots of its own: the records declare theirs (two slotted bases cannot be combined).
    __slots__ = ()

    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None


#: The place fields' names, in the order every record, table and export lists them.
PLACE_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Placed))


@dataclass(frozen=True)
class _EventHead:
    """An :class:`Event`'s fields before its place: what, who and when."""

    __slots__ = ()

    event_id: str
    article_id: str
    event_type: str
    sub_event_type: str
    source: str | None = None
    url: str | None = None
    published: date | None = None
    event_date: date | None = None
    date_precision: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    assoc_actor1: str | None = None
    assoc_actor2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    civilian_targeting: bool = False


@dataclass(frozen=True, slots=True)
class Event(Placed, _EventHead):
    """One violent or strategic event, ACLED-compatible, every field evidenced.

    Its fields are those of ``_EventHead``, then the place (:class:`Placed`),
    then these. Optional fields are ``None`` when the article does not support a
    value; ``evidence`` maps each set field to its spans.
    """

    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured: int | None = None
    injured_mentioned: bool = False
    qualifier: Qualifier | None = None
    revisions: tuple[Revision, ...] = ()
    sources_quoted: tuple[str, ...] = ()
    notes: str | None = None
    confidence: float = 0.0
    incident_id: str | None = None
    evidence: Evidence = field(default_factory=dict)


@dataclass(frozen=True)
class _FigureHead:
    """A :class:`Figure`'s fields before its place: what, how many and when."""

    __slots__ = ()

    figure_id: str
    article_id: str
    figure_type: str
    value: int
    low: int | None = None
    high: int | None = None
    qualifier: Qualifier | None = None
    unit: str = "people"
    period_start: date | None = None
    period_end: date | None = None


@dataclass(frozen=True, slots=True)
class Figure(Placed, _FigureHead):
    """A humanitarian quantity that is not one violent event (IDMC-style).

    Its fields are those of ``_FigureHead``, then the place (:class:`Placed`), then its evidence.
    """

    evidence: Evidence = field(default_factory=dict)


@dataclass(frozen=True)
class _IncidentHead:
    """An :class:`Incident`'s fields before its place: its members, what and when."""

    __slots__ = ()

    incident_id: str
    event_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    n_sources: int
    event_type: str
    sub_event_type: str
    first_reported: date | None = None
    last_reported: date | None = None
    event_date: date | None = None
    date_precision: int | None = None


@dataclass(frozen=True, slots=True)
class Incident(Placed, _IncidentHead):
    """The merge of events that report one real-world incident across articles.

    Its fields are those of ``_IncidentHead``, then the place (:class:`Placed`), then these.
    """

    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    revisions: tuple[Revision, ...] = ()
    evidence: Evidence = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Result:
    """What extraction finds in one article: its events and humanitarian figures."""

    events: tuple[Event, ...] = ()
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input or article sitrep declined, and why; a batch reports these and goes on.

    Example:
        >>> Rejected("notes.txt", "file is empty").message
        'notes.txt: file is empty'
    """

    subject: str
    reason: str
    article: Article | None = None

    @property
    def message(self) -> str:
        """One line naming the input and the reason."""
        return f"{self.subject}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Processed:
    """An article after the whole pipeline; ``reason`` is set when it yielded nothing by design.

    An article in a language the pipeline cannot read is still stored, with
    ``reason`` saying so, so that it is never silently dropped.
    """

    article: Article
    result: Result = field(default_factory=Result)
    reason: str | None = None


def to_dict(record: Any) -> Any:
    """Turn a record (or a structure of records) into JSON-ready Python values.

    Dates become ISO strings, tuples lists; an ``Article`` gains its ``article_id``.
    """
    if isinstance(record, Article):
        out = {"article_id": record.article_id}
        out.update({f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)})
        return out
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, date):
        return record.isoformat()
    if isinstance(record, Mapping):
        return {str(k): to_dict(v) for k, v in record.items()}
    if isinstance(record, (list, tuple)):
        return [to_dict(v) for v in record]
    return record


def from_dict(kind: type[_R], data: Mapping[str, Any]) -> _R:
    """Rebuild a record of type ``kind`` from :func:`to_dict` output (e.g. read back from JSON).

    Unknown keys (such as an ``Article``'s derived ``article_id``) are ignored.

    Example:
        >>> from_dict(Span, {"start": 0, "end": 2, "text": "At"})
        Span(start=0, end=2, text='At')
    """
    kwargs: dict[str, Any] = {}
    for name, hint in _field_hints(typing.cast(type, kind)):
        if name in data:
            kwargs[name] = _from_value(hint, data[name])
    return kind(**kwargs)


@functools.cache
def _field_hints(kind: type) -> tuple[tuple[str, Any], ...]:
    """Each field of a record type with its resolved type hint (resolving them is slow)."""
    hints = typing.get_type_hints(kind)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(kind))


def _from_value(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        non_none = [a for a in args if a is not type(None)]
        return _from_value(non_none[0], value) if len(non_none) == 1 else value
    if hint is date:
        return date.fromisoformat(value)
    if dataclasses.is_dataclass(hint) and isinstance(value, Mapping):
        return from_dict(hint, value)  # type: ignore[arg-type]
    if origin is tuple:
        return tuple(_from_value(args[0], v) for v in value)
    if hint is Evidence or origin in (Mapping, dict):
        return {k: tuple(from_dict(Span, s) for s in v) for k, v in value.items()}
    return value
