"""Incremental merge against a real store: order-independence, idempotence, locality."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from factories import make_event, reported

from sitrep.config import Config
from sitrep.merge import rebuild_incidents, update_incidents
from sitrep.records import Processed
from sitrep.store import EventQuery, Store

CONFIG = Config.load()
ALL = EventQuery(limit=None, sort="event_date")

IED = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
FRENCH = (
    "OUAGADOUGOU - Au moins quinze soldats ont été tués samedi lors d'une attaque "
    "contre le détachement militaire de Djibo, ont indiqué dimanche des sources sécuritaires."
)


def _corpus() -> list[Processed]:
    """Three Djibo reports, two Konduga reports, a distractor and an unread French article."""
    return [
        reported("dj1", make_event("dj1", fatalities=15, published=date(2024, 5, 12))),
        reported("dj2", make_event("dj2", fatalities=26, published=date(2024, 5, 13))),
        reported("dj3", make_event("dj3", fatalities=26, published=date(2024, 5, 14))),
        reported(
            "ko1",
            make_event("ko1", place="konduga", day=date(2024, 8, 17), kind=IED, fatalities=7),
            published=date(2024, 8, 17),
        ),
        reported(
            "ko2",
            make_event("ko2", place="konduga", day=date(2024, 8, 17), kind=IED, fatalities=12),
            published=date(2024, 8, 18),
        ),
        reported("later", make_event("later", day=date(2024, 5, 20)), published=date(2024, 5, 21)),
        reported(
            "fr",
            published=date(2024, 5, 12),
            text=FRENCH,
            language="fr",
            reason="language 'fr' is not read by the English pipeline",
        ),
    ]


def _ingest(store: Store, batch: list[Processed]) -> None:
    """What ``sitrep ingest`` does: write, then update around what was written."""
    for processed in batch:
        store.write(processed)
    update_incidents(
        store,
        [e.event_id for p in batch for e in p.result.events],
        CONFIG,
        new_article_ids=[p.article.article_id for p in batch if p.reason],
    )


def _state(store: Store) -> tuple[list[dict[str, Any]], dict[str, str | None]]:
    incidents = sorted(store.incidents(ALL), key=lambda i: i["incident_id"])
    links = {e.event_id: e.incident_id for e in store.all_events()}
    return incidents, links


def _fresh(tmp_path: Path, name: str) -> Store:
    return Store.open(tmp_path / f"{name}.duckdb")


def test_one_incident_per_real_event_with_the_foreign_article_linked(store: Store) -> None:
    _ingest(store, _corpus())
    incidents, links = _state(store)
    assert len(incidents) == 3
    djibo = next(i for i in incidents if i["location"] == "Djibo" and i["n_sources"] == 3)
    assert (djibo["fatalities"], djibo["fatalities_low"]) == (26, 15)
    french = _corpus()[-1].article.article_id
    assert french in djibo["article_ids"]
    assert any(key.endswith(f"@{french}") and key.startswith("link:") for key in djibo["evidence"])
    assert None not in links.values()


@pytest.mark.parametrize("split", [1, 2, 3, 5, 6])
def test_ingesting_in_two_batches_gives_the_incidents_of_one(tmp_path: Path, split: int) -> None:
    corpus = _corpus()
    with _fresh(tmp_path, "once") as once, _fresh(tmp_path, "twice") as twice:
        _ingest(once, corpus)
        _ingest(twice, corpus[split:])
        _ingest(twice, corpus[:split])
        assert _state(twice) == _state(once)


def test_every_article_order_gives_the_same_incidents(tmp_path: Path) -> None:
    corpus = _corpus()
    with _fresh(tmp_path, "once") as once:
        _ingest(once, corpus)
        expected = _state(once)
    orders = list(itertools.permutations(range(len(corpus))))[::997]
    for n, order in enumerate(orders):
        with _fresh(tmp_path, f"order{n}") as store:
            for index in order:
                _ingest(store, [corpus[index]])
            assert _state(store) == expected, order


def test_updating_again_changes_nothing(store: Store) -> None:
    _ingest(store, _corpus())
    before = _state(store)
    report_ = rebuild_incidents(store, CONFIG)
    assert _state(store) == before
    assert report_.removed == 0


def test_an_update_reads_only_the_neighbourhood_of_new_events(store: Store) -> None:
    _ingest(store, _corpus())
    extra = reported(
        "ko3",
        make_event("ko3", place="konduga", day=date(2024, 8, 17), kind=IED, fatalities=12),
        published=date(2024, 8, 19),
    )
    store.write(extra)
    result = update_incidents(store, [extra.result.events[0].event_id], CONFIG)
    assert (result.events, result.incidents) == (3, 1)


def test_a_changed_report_replaces_its_stale_incident(store: Store) -> None:
    _ingest(store, _corpus())
    moved = reported(
        "later", make_event("later2", day=date(2024, 5, 12)), published=date(2024, 5, 21)
    )
    _ingest(store, [moved])
    incidents, links = _state(store)
    member_ids = {e for i in incidents for e in i["event_ids"]}
    assert incidents and member_ids == set(links)
    assert all(links[e] == i["incident_id"] for i in incidents for e in i["event_ids"])


def test_no_new_ids_touch_nothing(store: Store) -> None:
    assert update_incidents(store, [], CONFIG).incidents == 0


def test_the_store_returns_events_by_id_and_unread_articles_by_date(store: Store) -> None:
    corpus = _corpus()
    for processed in corpus:
        store.write(processed)
    wanted = [corpus[0].result.events[0].event_id, "no-such-event"]
    assert [e.event_id for e in store.events_by_id(wanted)] == wanted[:1]
    unread = store.unread_articles(date_from=date(2024, 5, 11), date_to=date(2024, 5, 13))
    assert [(a.language, reason) for a, reason in unread] == [("fr", corpus[-1].reason)]
    assert store.unread_articles(date_from=date(2024, 6, 1)) == []
