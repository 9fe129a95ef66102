"""Reconciliation: one incident's fields from its reports."""

from __future__ import annotations

from datetime import date

import pytest
from factories import MakeEvent

from sitrep.merge import reconcile
from sitrep.merge.reconcile import incident_id_for
from sitrep.records import Revision, Span


def test_members_sources_and_report_times_are_collected(event: MakeEvent) -> None:
    a = event("a", published=date(2024, 5, 12), source="Sahel Wire")
    b = event("b", published=date(2024, 5, 13), source="Sahel Wire")
    c = event("c", published=date(2024, 5, 14), source="Courrier")
    incident = reconcile([c, a, b])
    assert incident.event_ids == (a.event_id, b.event_id, c.event_id)
    assert incident.article_ids == (a.article_id, b.article_id, c.article_id)
    assert incident.n_sources == 2
    assert (incident.first_reported, incident.last_reported) == (
        date(2024, 5, 12),
        date(2024, 5, 14),
    )


@pytest.mark.parametrize(
    ("reports", "acled", "low", "best", "high"),
    [
        # the toll rises in a later report: the update wins, the first figure is the low
        ([(12, 7), (13, 12)], 12, 7, 12, 12),
        # two reports of the same (latest) day disagree: ACLED takes the lower
        ([(12, 7), (13, 12), (13, 10)], 10, 7, 10, 12),
        # the latest day's figure with the most reports is UCDP's best
        ([(13, 12), (13, 12), (13, 10)], 10, 10, 12, 12),
        # a report without a figure is ignored
        ([(12, 5), (14, None)], 5, 5, 5, 5),
    ],
)
def test_fatalities_follow_the_documented_rules(
    event: MakeEvent,
    reports: list[tuple[int, int | None]],
    acled: int,
    low: int,
    best: int,
    high: int,
) -> None:
    events = [
        event(f"r{n}", published=date(2024, 5, day), fatalities=figure)
        for n, (day, figure) in enumerate(reports)
    ]
    incident = reconcile(events)
    assert (
        incident.fatalities,
        incident.fatalities_low,
        incident.fatalities_best,
        incident.fatalities_high,
    ) == (acled, low, best, high)


def test_a_reported_range_widens_low_and_high(event: MakeEvent) -> None:
    a = event("a", fatalities=10, fatalities_low=10, fatalities_high=15)
    assert (reconcile([a]).fatalities_low, reconcile([a]).fatalities_high) == (10, 15)


def test_no_figure_anywhere_leaves_fatalities_unknown(event: MakeEvent) -> None:
    incident = reconcile([event("a"), event("b")])
    assert incident.fatalities is None and incident.fatalities_best is None


def test_the_revision_chain_runs_across_reports_in_time_order(event: MakeEvent) -> None:
    nine = Revision(9, Span(0, 4, "nine"))
    first = event("a", published=date(2024, 5, 12), fatalities=15, revisions=(nine,))
    second = event("b", published=date(2024, 5, 13), fatalities=26)
    repeat = event("c", published=date(2024, 5, 14), fatalities=26)
    chain = reconcile([repeat, second, first]).revisions
    assert [r.value for r in chain] == [9, 15, 26]


def test_the_fatalities_evidence_is_the_words_of_the_coded_figure(event: MakeEvent) -> None:
    first = event("a", published=date(2024, 5, 12), fatalities=15)
    update = event("b", published=date(2024, 5, 13), fatalities=26)
    incident = reconcile([first, update])
    cited = {key for key in incident.evidence if key.startswith("fatalities@")}
    assert incident.fatalities == 26
    assert cited == {f"fatalities@{update.article_id}"}
    assert f"revisions@{first.article_id}" in incident.evidence


def test_the_most_precise_location_among_agreeing_members_wins(event: MakeEvent) -> None:
    province = event("a", location=None, geo_precision=3, published=date(2024, 5, 12))
    town = event("b", published=date(2024, 5, 13))
    odd = event("c", place="konduga", published=date(2024, 5, 14))
    incident = reconcile([province, town, odd])
    assert (incident.admin1, incident.location, incident.geo_precision) == ("Sahel", "Djibo", 1)


def test_the_date_most_precise_reports_agree_on_wins(event: MakeEvent) -> None:
    vague = event("a", day=date(2024, 5, 9), date_precision=2)
    one = event("b", day=date(2024, 5, 11))
    two = event("c", day=date(2024, 5, 11))
    other = event("d", day=date(2024, 5, 10))
    incident = reconcile([vague, one, two, other])
    assert (incident.event_date, incident.date_precision) == (date(2024, 5, 11), 1)


def test_the_type_most_reports_give_wins(event: MakeEvent) -> None:
    attack = ("Violence against civilians", "Attack")
    incident = reconcile([event("a"), event("b", kind=attack), event("c", kind=attack)])
    assert (incident.event_type, incident.sub_event_type) == attack


def test_evidence_keys_name_the_article_the_spans_index(event: MakeEvent) -> None:
    a = event("a", fatalities=15, text="attacked")
    incident = reconcile([a])
    assert incident.evidence[f"fatalities@{a.article_id}"][0].text == "15"
    assert f"event_type@{a.article_id}" in incident.evidence


def test_the_incident_id_is_kept_when_a_later_report_joins(event: MakeEvent) -> None:
    first = event("a", published=date(2024, 5, 12))
    later = event("b", published=date(2024, 5, 13))
    assert incident_id_for([first]) == incident_id_for([later, first])


def test_linked_articles_join_the_articles_with_their_evidence(event: MakeEvent) -> None:
    spans = (Span(3, 8, "Djibo"),)
    incident = reconcile([event("a")], {"fr-article": {"link:0.70@fr-article": spans}})
    assert incident.article_ids[-1] == "fr-article"
    assert incident.evidence["link:0.70@fr-article"] == spans


def test_an_empty_member_list_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one event"):
        reconcile([])
