"""Halves, sources and parts, and the new record-level figures: tiny hand-made records, no model."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import factories
import pytest

from sitrep.errors import InputError
from sitrep.evaluation import (
    GoldRecord,
    Prediction,
    half_of,
    load_gold,
    same_actor,
    score,
    score_groups,
    select_half,
    text_dates_event,
)
from sitrep.evaluation.gold import part_of
from sitrep.records import Article, Event, Span

ARTICLES = Path(__file__).resolve().parent / "data" / "articles"

#: First byte of sha256(id), worked out once by hand with hashlib: even → tune.
KNOWN_HALVES = {
    "wn-a": "tune",  # 180
    "wn-b": "check",  # 169
    "wn-c": "check",  # 251
    "wn-d": "check",  # 199
    "wn-e": "tune",  # 148
    "wn-f": "check",  # 75
    "acled:acled_ken:KEN1": "check",
}


def event(fatalities: int | None = 0, start: int = 0, **fields: Any) -> Event:
    fields.setdefault("event_type", "Battles")
    fields.setdefault("sub_event_type", "Armed clash")
    return factories.event(
        f"e{start}",
        fatalities=fatalities,
        evidence={"event_type": (Span(start, start + 5, "fight"),)},
        **fields,
    )


def record(record_id: str = "r", text: str = "A report.", source: str | None = None, **labels: Any):
    return GoldRecord(record_id, Article(text=text, source=source), labels)


def values(labels: dict[str, Any], events: tuple[Event, ...], text: str = "A report.") -> Any:
    scores = score([record(text=text, **labels)], [Prediction.from_events(events)])
    return {name: metric.value for name, metric in scores.metrics.items()}


class TestHalves:
    @pytest.mark.parametrize(("record_id", "half"), sorted(KNOWN_HALVES.items()))
    def test_the_half_is_the_parity_of_the_first_byte_of_the_ids_sha256(
        self, record_id: str, half: str
    ) -> None:
        assert half_of(record_id) == half

    def test_the_halves_of_a_file_split_it_in_file_order(self, tmp_path: Path) -> None:
        path = tmp_path / "gold.jsonl"
        ids = ["wn-d", "wn-a", "wn-f", "wn-e", "wn-b"]
        lines = [json.dumps({"id": i, "text": "x", "gold": {"killed": 0}}) for i in ids]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        records = load_gold(path)
        tune = [r.record_id for r in select_half(records, "tune")]
        check = [r.record_id for r in select_half(records, "check")]
        assert tune == ["wn-a", "wn-e"]
        assert check == ["wn-d", "wn-f", "wn-b"]
        assert [r.record_id for r in select_half(records, "all")] == ids


class TestSourcesAndParts:
    @pytest.mark.parametrize(
        ("record_id", "source", "part"),
        [
            ("acled:acled_ken:KEN12", "acled", "Kenya"),
            ("acled:acled2016:123RTA", "acled", "Africa 2016"),
            ("acled:acled2025mx:MEX9", "acled", "2025"),
            ("acled:newpart:X1", "acled", "newpart"),
            ("2011-11-S-034", "isaf", None),
            ("acled:acled_ken:KEN12", "wikinews", None),
        ],
    )
    def test_acled_ids_name_their_part(self, record_id: str, source: str, part: str) -> None:
        assert part_of(record_id, source) == part

    def test_each_source_and_part_is_scored_on_its_own(self) -> None:
        records = [
            record("acled:acled_ken:K1", source="acled", killed=2),
            record("acled:acled_ben:B1", source="acled", killed=1),
            record("h-1", source="holdout", killed=3),
        ]
        predictions = [Prediction.from_events((event(2),))] * 3
        groups = score_groups(records, predictions)
        assert list(groups) == ["source acled", "acled Kenya", "acled Benin", "source holdout"]
        exact = {name: s.metrics["killed.exact"] for name, s in groups.items()}
        assert (exact["source acled"].value, exact["source acled"].n) == (0.5, 2)
        assert exact["acled Kenya"].value == 1.0 and exact["acled Benin"].value == 0.0
        assert exact["source holdout"].value == 0.0

    def test_one_source_without_parts_gives_no_groups(self) -> None:
        records = [record("a", source="isaf", killed=1), record("b", source="isaf", killed=0)]
        assert score_groups(records, [Prediction.from_events(())] * 2) == {}


class TestFound:
    def test_found_is_over_records_that_describe_an_event(self) -> None:
        records = [
            record(event_type="Battles", sub_event_type="Armed clash", killed=0),
            record(event_type=None, event_type_legacy="Riots/Protests", killed=0),
            record(isaf_event_types=["detention"], killed=0),
            record(killed=2),
            record(event_type=None, sub_event_type=None, killed=0),  # nothing to code
        ]
        predictions = [Prediction.from_events((event(),)), *[Prediction.from_events(())] * 4]
        found = score(records, predictions).metrics["found.any_event"]
        assert (found.value, found.n) == (0.25, 4)

    def test_a_legacy_only_type_is_not_scored_as_no_event(self) -> None:
        labels = {"event_type": None, "sub_event_type": None, "event_type_legacy": "Battle"}
        scored = values(labels, (event(),))
        assert scored["event_type.accuracy"] is None and scored["sub_event_type.accuracy"] is None


class TestCounts:
    def test_the_main_events_own_count_is_scored_apart_from_the_sum(self) -> None:
        scored = values({"killed": 5}, (event(5, start=0), event(2, start=9)))
        assert (scored["killed.exact"], scored["killed.main_exact"]) == (0.0, 1.0)
        assert scored["killed.main_exact_if_any"] == 1.0


class TestLocation:
    def test_acled_lat_lon_are_read_and_precise_places_reported_apart(self) -> None:
        near = event(latitude=1.0, longitude=1.0)
        far = event(latitude=2.0, longitude=1.0)
        records = [
            record(lat=1.0, lon=1.0, geo_precision=1),
            record(lat=1.0, lon=1.0, geo_precision=2),
            record(latitude=1.0, longitude=1.0),
        ]
        predictions = [Prediction.from_events((e,)) for e in (far, near, near)]
        metrics = score(records, predictions).metrics
        assert (metrics["location.within_25km"].value, metrics["location.within_25km"].n) == (
            pytest.approx(2 / 3),
            3,
        )
        precise = metrics["location.within_25km_precise"]
        assert (precise.value, precise.n) == (0.0, 1)


class TestDatedTexts:
    @pytest.mark.parametrize(
        ("text", "published", "dated"),
        [
            ("On 9 May 2022, protesters marched.", None, True),
            ("On May 9th, protesters marched.", date(2022, 5, 12), True),
            ("On May 9th, protesters marched.", None, False),  # which year?
            ("Clashes broke out on the 9th of May, 2022.", None, True),
            ("Clashes broke out on 9 Sept. in 2022.", None, False),
            ("Reported 2022-05-09: clashes.", None, True),
            ("On 19 May 2022, protesters marched.", None, False),
            ("In May 2022, protesters marched.", None, False),
            ("Protesters marched in the capital.", None, False),
            ("Protesters marched on Monday.", date(2022, 5, 10), True),
            ("Protesters marched yesterday.", date(2022, 5, 10), True),
            ("Protesters marched on Monday.", date(2022, 6, 10), False),
            ("Protesters marched on Monday.", None, False),
        ],
    )
    def test_a_text_dates_its_event_by_a_calendar_date_or_a_day_from_publication(
        self, text: str, published: date | None, dated: bool
    ) -> None:
        assert text_dates_event(text, date(2022, 5, 9), published) is dated

    def test_the_dated_figure_is_over_dated_texts_only(self) -> None:
        records = [
            record(text="On 9 May 2022, a clash.", event_date="2022-05-09"),
            record(text="A clash in the hills.", event_date="2022-05-09"),
        ]
        predictions = [Prediction.from_events((event(event_date=date(2022, 5, 9)),))] * 2
        metrics = score(records, predictions).metrics
        assert metrics["event_date.within_1_day"].n == 2
        dated = metrics["event_date.within_1_day_dated"]
        assert (dated.value, dated.n) == (1.0, 1)


class TestActors:
    @pytest.mark.parametrize(
        ("gold", "predicted", "same"),
        [
            ("Military Forces of Kenya (2013-2022)", "Military Forces of Kenya", True),
            ("Police Forces of Benin (2016-)", "Police Forces of Benin", True),
            ("Protesters (Kenya)", "Protesters (Kenya)", True),
            ("Military Forces of Kenya (2013-2022)", "Police Forces of Kenya", False),
        ],
    )
    def test_acled_regime_years_are_not_part_of_the_name(
        self, gold: str, predicted: str, same: bool
    ) -> None:
        assert same_actor(gold, predicted) is same


class TestLoading:
    def test_a_folder_stands_for_its_jsonl_files(self) -> None:
        from_folder = load_gold(ARTICLES)
        from_list = load_gold([ARTICLES / "articles.jsonl"])
        assert [r.record_id for r in from_folder] == [r.record_id for r in from_list]
        assert [r.record_id for r in from_folder] == ["wn-a", "wn-b", "wn-c"]
        assert all(r.article_level and r.source == "wikinews" for r in from_folder)

    def test_the_title_reaches_the_article_as_the_jsonl_reader_gives_it(self) -> None:
        first = load_gold(ARTICLES)[0]
        assert first.article.title == "Two attacks in northern province leave eleven dead"
        assert first.article.published == date(2020, 3, 4)

    @pytest.mark.parametrize(
        "events",
        [
            [{"main": True}, {"main": True}],
            [{"main": False}],
            "none",
        ],
    )
    def test_article_gold_needs_one_main_event(self, tmp_path: Path, events: Any) -> None:
        path = tmp_path / "gold.jsonl"
        path.write_text(json.dumps({"id": "x", "text": "t", "gold": {"events": events}}) + "\n")
        with pytest.raises(InputError, match="one 'main'"):
            load_gold(path)

    def test_an_empty_folder_is_an_error(self, tmp_path: Path) -> None:
        with pytest.raises(InputError, match=r"no \.jsonl"):
            load_gold(tmp_path)
