"""Blocking: which pairs of events are worth scoring at all.

Two reports of one incident give event dates a day or two apart (a wire story
on the night, a follow-up with the new toll the next day) and name the same
country. Pairs outside that block are never scored, which keeps the merge
linear in the number of events per day rather than quadratic in the corpus,
and is what makes incremental updates local (see :mod:`sitrep.merge.update`).

An event without a date falls back to its article's publication date; an event
with neither cannot be placed in time and stays an incident of its own.

Example:
    >>> from datetime import date
    >>> a = Event("a", "x", "Battles", "Armed clash", event_date=date(2024, 5, 11))
    >>> b = Event("b", "y", "Battles", "Armed clash", published=date(2024, 5, 13))
    >>> is_candidate(a, b, window_days=2)
    True
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from sitrep.merge._rules import rules
from sitrep.records import Event


def day_of(event: Event) -> date | None:
    """The day an event is placed at for blocking: its date, else its article's."""
    return event.event_date or event.published


def report_order(event: Event) -> tuple[bool, str, str]:
    """Sort key: reports in publication order (undated last), ties by id so the order is total."""
    published = event.published.isoformat() if event.published else ""
    return (event.published is None, published, event.event_id)


def slack_days(event: Event) -> int:
    """How many days an event's date may be off: 0 for a day, more for a week or a month."""
    return rules().date_slack.get(event.date_precision or 1, 0) if event.event_date else 0


def day_gap(a: Event, b: Event) -> int | None:
    """Days between two events beyond what their date precision allows (``None``: undated)."""
    day_a, day_b = day_of(a), day_of(b)
    if day_a is None or day_b is None:
        return None
    return max(0, abs((day_a - day_b).days) - max(slack_days(a), slack_days(b)))


def max_reach(window_days: int) -> int:
    """The farthest apart (in days) two candidates' recorded dates can be."""
    return window_days + max(rules().date_slack.values(), default=0)


def is_candidate(a: Event, b: Event, window_days: int) -> bool:
    """Whether ``a`` and ``b`` fall in one block: dates within the window, no country conflict.

    A date known only to the week or month widens the window by its slack
    (``[date] slack`` in ``merge.toml``).

    Two events of the same article are never candidates: the extraction stage
    already folds the mentions of one incident within an article, so two events
    it kept apart are two incidents.
    """
    if a.article_id == b.article_id:
        return False
    gap = day_gap(a, b)
    if gap is None or gap > window_days:
        return False
    return not _countries_differ(a, b)


def candidate_pairs(events: Sequence[Event], window_days: int) -> Iterator[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of events in one block.

    Events are bucketed by country (ISO code) and sorted by day, and each is
    compared only with the events of its bucket inside the window (and with
    those whose country is unknown), so the cost grows with the number of events
    per country and window, not with the corpus.
    """
    buckets: dict[str | None, list[int]] = {}
    for i, e in enumerate(events):
        if day_of(e) is not None:
            buckets.setdefault(e.iso3 or None, []).append(i)
    for members in buckets.values():
        members.sort(key=lambda i: (day_of(events[i]), events[i].event_id))
    unknown = buckets.pop(None, [])
    reach = max_reach(window_days)
    for members in [*buckets.values(), unknown]:
        yield from _sweep(events, members, members, reach, window_days)
    if unknown:
        known = sorted(
            (i for members in buckets.values() for i in members),
            key=lambda i: (day_of(events[i]), events[i].event_id),
        )
        yield from _sweep(events, unknown, known, reach, window_days)


def _sweep(
    events: Sequence[Event], left: list[int], right: list[int], reach: int, window_days: int
) -> Iterator[tuple[int, int]]:
    """Candidate pairs between two day-sorted index lists (the same list: each pair once)."""
    same = left is right
    first = 0
    for position, i in enumerate(left):
        day_i = day_of(events[i])
        assert day_i is not None
        while first < len(right) and (day_i - _day(events[right[first]])).days > reach:
            first += 1
        start = position + 1 if same else first
        for j in right[start:]:
            if (_day(events[j]) - day_i).days > reach:
                break
            if is_candidate(events[i], events[j], window_days):
                yield (i, j) if i < j else (j, i)


def _day(event: Event) -> date:
    day = day_of(event)
    assert day is not None
    return day


def _countries_differ(a: Event, b: Event) -> bool:
    if a.iso3 and b.iso3:
        return a.iso3 != b.iso3
    if a.country and b.country:
        return a.country.casefold() != b.country.casefold()
    return False
