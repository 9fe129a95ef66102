"""Reconciliation: one :class:`Incident` from the events that report it.

The rules, in the order a reader of the incident needs them:

* **Members**: event ids and article ids in report order (publication date,
  then id); articles in other languages linked to the incident follow.
  ``n_sources`` counts distinct publishers (an article without one counts alone).
  ``first_reported``/``last_reported`` are the earliest and latest publication dates.
* **Type**: the sub-event type reported by the most members; ties go to the
  most confident, then the earliest report.
* **Date**: the most precise ``date_precision`` present, then the date most of
  those members give, ties to the earliest date.
* **Place**: the province most members agree on (members without one abstain);
  among the members in it, the most precise ``geo_precision``, then the location
  most of them name, ties to the earliest report.
* **Fatalities**, each report's own figure being already ACLED-conservative
  ("at least 22" → 22):

  - ``fatalities`` (ACLED): the lowest figure among the reports of the latest
    publication date that gives one. A later report *updates* the toll (ACLED
    revises an event when new information arrives), while reports of the same
    day that disagree are a conflict, which ACLED settles with the most
    conservative figure.
  - ``fatalities_low`` / ``fatalities_high`` (UCDP): the lowest and highest
    figure any report gives (ranges included).
  - ``fatalities_best`` (UCDP): the figure of the latest date given by the most
    reports; ties to the lower figure. This equals ``fatalities`` unless several
    latest reports disagree and one figure has more support.

* **Revisions**: the chain of figures across reports in time order, each
  report's in-article revisions first, repeated consecutive values dropped.
* **Evidence**: spans of the member events whose values were chosen, keyed
  ``"<field>@<article_id>"`` because an incident's spans index several articles;
  the figures of the other reports are cited under ``revisions``.

Example:
    >>> from datetime import date
    >>> a = Event("a", "x", "Battles", "Armed clash", published=date(2024, 5, 12), fatalities=15)
    >>> b = Event("b", "y", "Battles", "Armed clash", published=date(2024, 5, 13), fatalities=26)
    >>> reconcile([a, b]).fatalities, reconcile([a, b]).fatalities_low
    (26, 15)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import date
from typing import TypeVar

from sitrep.merge.blocking import report_order
from sitrep.records import PLACE_FIELDS, Event, Incident, Revision, Span, stable_id

_K = TypeVar("_K", bound=Hashable)


def incident_id_for(events: Sequence[Event]) -> str:
    """The incident's id: a hash of its first report's event id.

    Keyed on the first report so that the id survives later reports joining
    (the usual case: follow-ups arrive after the first story).
    """
    first = min(events, key=report_order)
    return stable_id("incident", first.event_id)


def reconcile(
    events: Sequence[Event], linked: Mapping[str, Mapping[str, Sequence[Span]]] | None = None
) -> Incident:
    """Fold the reports of one incident into an :class:`Incident` (rules in the module docstring).

    Args:
        events: the member events (at least one), in any order.
        linked: articles in other languages linked to the incident: article id →
            evidence key → spans of that article supporting the link.

    Raises:
        ValueError: ``events`` is empty.
    """
    if not events:
        raise ValueError("an incident needs at least one event")
    reports = sorted(events, key=report_order)
    articles = list(dict.fromkeys(e.article_id for e in reports))
    evidence: dict[str, tuple[Span, ...]] = {}

    def cite(field: str, members: Iterable[Event], source: str | None = None) -> None:
        for e in members:
            spans = e.evidence.get(source or field, ())
            if spans:
                key = f"{field}@{e.article_id}"
                evidence[key] = tuple(dict.fromkeys((*evidence.get(key, ()), *spans)))

    typed = _vote(
        reports,
        lambda e: (e.event_type, e.sub_event_type),
        prefer=lambda e: -e.confidence,
    )
    cite("event_type", [e for e in reports if (e.event_type, e.sub_event_type) == typed])
    cite("sub_event_type", [e for e in reports if (e.event_type, e.sub_event_type) == typed])

    event_date, date_precision, dated = _date(reports)
    cite("event_date", dated)

    place = _place(reports)
    if place is not None:
        cite("location", [place])
        for field in ("country", "admin1", "admin2"):
            cite(field, [place])

    counted = [e for e in reports if e.fatalities is not None]
    fatalities, best = _fatalities(counted)
    # The words behind the coded figure; the other reports' figures are its revisions.
    cite("fatalities", [e for e in counted if e.fatalities == fatalities])
    cite("revisions", counted)
    cite("revisions", [e for e in counted if e.fatalities != fatalities], source="fatalities")

    for article_id, spans_by_key in sorted((linked or {}).items()):
        if article_id not in articles:
            articles.append(article_id)
        for key, spans in spans_by_key.items():
            evidence[key] = tuple(spans)
    published = [e.published for e in reports if e.published is not None]
    lows = [v for e in counted for v in (e.fatalities_low, e.fatalities) if v is not None]
    highs = [v for e in counted for v in (e.fatalities_high, e.fatalities) if v is not None]
    return Incident(
        incident_id=incident_id_for(reports),
        event_ids=tuple(e.event_id for e in reports),
        article_ids=tuple(articles),
        n_sources=len({e.source or f"article:{e.article_id}" for e in reports}),
        event_type=typed[0],
        sub_event_type=typed[1],
        first_reported=min(published) if published else None,
        last_reported=max(published) if published else None,
        event_date=event_date,
        date_precision=date_precision,
        **{name: getattr(place, name) if place else None for name in PLACE_FIELDS},
        fatalities=fatalities,
        fatalities_low=min(lows) if lows else None,
        fatalities_best=best,
        fatalities_high=max(highs) if highs else None,
        revisions=_revision_chain(counted),
        evidence={k: evidence[k] for k in sorted(evidence)},
    )


def _vote(
    reports: Sequence[Event],
    key: Callable[[Event], _K],
    prefer: Callable[[Event], float] | None = None,
) -> _K:
    """The value most reports give; ties to the preferred, then the earliest report."""
    counts = Counter(key(e) for e in reports)
    order = {e.event_id: n for n, e in enumerate(reports)}
    winner = min(
        reports,
        key=lambda e: (-counts[key(e)], prefer(e) if prefer else 0.0, order[e.event_id]),
    )
    return key(winner)


def _date(reports: Sequence[Event]) -> tuple[date | None, int | None, list[Event]]:
    dated = [e for e in reports if e.event_date is not None]
    if not dated:
        return None, None, []
    precision = min(e.date_precision or 3 for e in dated)
    precise = [e for e in dated if (e.date_precision or 3) == precision]
    counts = Counter(e.event_date for e in precise)
    chosen = min(counts, key=lambda d: (-counts[d], d))
    return chosen, precision, [e for e in precise if e.event_date == chosen]


def _place(reports: Sequence[Event]) -> Event | None:
    placed = [e for e in reports if e.country or e.admin1 or e.location]
    if not placed:
        return None
    provinces = [e for e in placed if e.admin1]
    agreeing = placed
    if provinces:
        counts = Counter(e.admin1.casefold() for e in provinces if e.admin1)
        top = max(counts.values())
        best_precision: dict[str, int] = {}
        for e in provinces:
            name = (e.admin1 or "").casefold()
            best_precision[name] = min(best_precision.get(name, 4), e.geo_precision or 4)
        province = min(
            (name for name, n in counts.items() if n == top),
            key=lambda name: (best_precision[name], name),
        )
        agreeing = [e for e in provinces if e.admin1 and e.admin1.casefold() == province]
    precision = min(e.geo_precision or 4 for e in agreeing)
    precise = [e for e in agreeing if (e.geo_precision or 4) == precision]
    location = _vote(precise, lambda e: (e.location or "").casefold())
    return next(e for e in precise if (e.location or "").casefold() == location)


def _fatalities(counted: Sequence[Event]) -> tuple[int | None, int | None]:
    if not counted:
        return None, None
    latest_day = max((e.published for e in counted if e.published), default=None)
    latest = [e for e in counted if e.published == latest_day] or list(counted)
    figures = [e.fatalities for e in latest if e.fatalities is not None]
    counts = Counter(figures)
    best = min(counts, key=lambda v: (-counts[v], v))
    return min(figures), best


def _revision_chain(counted: Sequence[Event]) -> tuple[Revision, ...]:
    chain: list[Revision] = []
    for e in counted:
        spans = e.evidence.get("fatalities", ())
        steps = [*e.revisions]
        if e.fatalities is not None and spans:
            steps.append(Revision(e.fatalities, spans[0]))
        for step in steps:
            if not chain or chain[-1].value != step.value:
                chain.append(step)
    return tuple(chain)
