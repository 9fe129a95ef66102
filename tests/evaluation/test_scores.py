"""Scoring against gold records: tiny hand-made gold/prediction pairs, no model needed."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import factories
import pytest
from click.testing import CliRunner

from sitrep.cli import evaluate as evaluate_cli
from sitrep.errors import InputError
from sitrep.evaluation import (
    NO_EVENT,
    GoldRecord,
    Prediction,
    load_gold,
    percentile,
    same_admin1,
    same_place_name,
    score,
    weighted_f1,
)
from sitrep.geocode.distance import distance_km
from sitrep.records import Article, Event, Span

KABUL = (34.5281, 69.1723)


def event(
    fatalities: int | None = None,
    start: int = 0,
    event_type: str = "Battles",
    sub_event_type: str = "Armed clash",
    **fields: Any,
) -> Event:
    """An event whose evidence starts at ``start`` (what breaks ties between primaries)."""
    return factories.event(
        f"e{start}",
        "a",
        event_type,
        sub_event_type,
        fatalities=fatalities,
        evidence={"event_type": (Span(start, start + 5, "fight"),)},
        **fields,
    )


def gold(**labels: Any) -> GoldRecord:
    return GoldRecord("r", Article(text="A report."), labels)


def scored(labels: dict[str, Any], events: Iterable[Event]) -> dict[str, float | None]:
    scores = score([gold(**labels)], [Prediction.from_events(tuple(events))])
    return {name: metric.value for name, metric in scores.metrics.items()}


class TestCounts:
    @pytest.mark.parametrize(
        ("gold_killed", "fatalities", "exact", "mae"),
        [
            (3, [3], 1.0, 0.0),
            (5, [2, 3], 1.0, 0.0),  # the gold counts the whole report: events add up
            (4, [None, 1], 0.0, 3.0),  # an event without a count adds nothing
            (0, [], 1.0, 0.0),  # no event, nobody killed: right
            (2, [], 0.0, 2.0),
        ],
    )
    def test_killed_is_the_sum_over_the_articles_events(
        self, gold_killed: int, fatalities: list[int | None], exact: float, mae: float
    ) -> None:
        values = scored(
            {"killed": gold_killed}, [event(f, start=i) for i, f in enumerate(fatalities)]
        )
        assert (values["killed.exact"], values["killed.mae"]) == (exact, mae)

    def test_records_with_no_one_killed_are_left_out_of_the_if_any_figures(self) -> None:
        records = [gold(killed=0), gold(killed=4)]
        predictions = [Prediction.from_events(()), Prediction.from_events((event(2),))]
        metrics = score(records, predictions).metrics
        assert metrics["killed.exact"].value == 0.5
        assert (metrics["killed.exact_if_any"].value, metrics["killed.exact_if_any"].n) == (0.0, 1)
        assert metrics["killed.mae_if_any"].value == 2.0

    def test_injured_is_scored_apart_from_killed(self) -> None:
        values = scored({"killed": 1, "injured": 6}, [event(1, injured=6)])
        assert values["injured.exact"] == 1.0 and values["killed.exact"] == 1.0


class TestNotApplicable:
    @pytest.mark.parametrize(
        "metric",
        [
            "injured.exact",
            "injured.mae",
            "event_type.accuracy",
            "event_type.weighted_f1",
            "location.median_km",
            "location.within_25km",
            "actor1.match",
        ],
    )
    def test_a_field_the_gold_lacks_is_none_not_zero(self, metric: str) -> None:
        assert scored({"killed": 0, "country": "Afghanistan"}, [event(0)])[metric] is None

    @pytest.mark.parametrize("empty", [None, ""])
    def test_an_empty_gold_admin1_is_not_scored(self, empty: str | None) -> None:
        scores = score([gold(killed=0, admin1=empty)], [Prediction.from_events(())])
        assert scores.metrics["admin1.accuracy"].n == 0


class TestPrimaryEvent:
    def test_the_deadliest_event_gives_type_place_and_date(self) -> None:
        small = event(1, start=0, country="Syria")
        big = event(9, start=50, country="Turkey")
        assert Prediction.from_events((small, big)).primary is big

    def test_a_tie_goes_to_the_earliest_evidence(self) -> None:
        late, early = event(2, start=80), event(2, start=10)
        assert Prediction.from_events((late, early)).primary is early

    def test_no_events_means_no_primary(self) -> None:
        assert Prediction.from_events(()).primary is None


class TestTypes:
    def test_a_null_gold_type_is_the_no_event_class(self) -> None:
        right = scored({"killed": 0, "event_type": None}, [])
        false_alarm = scored({"killed": 0, "event_type": None}, [event(0)])
        assert (right["event_type.accuracy"], false_alarm["event_type.accuracy"]) == (1.0, 0.0)

    def test_the_confusion_table_counts_gold_against_predicted(self) -> None:
        records = [
            gold(event_type="Battles", sub_event_type="Armed clash"),
            gold(event_type="Protests", sub_event_type="Peaceful protest"),
        ]
        predictions = [
            Prediction.from_events((event(0),)),
            Prediction.from_events(()),
        ]
        scores = score(records, predictions)
        assert scores.confusion["event_type"] == Counter(
            {("Battles", "Battles"): 1, ("Protests", NO_EVENT): 1}
        )

    def test_weighted_f1_weights_each_class_by_its_gold_support(self) -> None:
        # a: 2 right, 1 taken for b; b: 1 right. F1(a) = 0.8 (p 1, r 2/3), F1(b) = 2/3 (p 1/2, r 1).
        table = Counter({("a", "a"): 2, ("a", "b"): 1, ("b", "b"): 1})
        assert weighted_f1(table) == pytest.approx((3 * 0.8 + 1 * 2 / 3) / 4)

    def test_weighted_f1_of_nothing_is_none(self) -> None:
        assert weighted_f1(Counter()) is None


class TestNames:
    @pytest.mark.parametrize(
        ("gold_name", "predicted", "same"),
        [
            ("Kunar", "Konar", True),
            ("Paktia", "Paktiya", True),
            ("Helmand", "Hilmand", True),
            ("Kandahar", "Kandahār Province", True),
            ("Sar-E Pul", "Sar-e Pol", True),
            ("Wardak", "Maidan Wardak", True),
            ("Kabul", "Kandahar", False),
            ("Khost", "Paktia", False),
            ("Kunar", None, False),
            ("Kunar", "", False),
        ],
    )
    def test_names_match_across_spellings(
        self, gold_name: str, predicted: str | None, same: bool
    ) -> None:
        assert same_place_name(gold_name, predicted) is same

    @pytest.mark.parametrize(
        ("gold_name", "predicted", "same"),
        [
            ("Halab", "Aleppo", True),  # one province under two of its names
            ("Khersonska oblast", "Kherson", True),
            ("Halab", "Idlib", False),
            ("Kabul", None, False),
        ],
    )
    def test_admin1_names_match_through_the_gazetteer(
        self, gold_name: str, predicted: str | None, same: bool
    ) -> None:
        assert same_admin1(gold_name, predicted) is same

    def test_any_province_the_record_names_is_accepted(self) -> None:
        labels = {"admin1": "Khost", "admin1_all": ["Khost", "Paktia"]}
        assert scored(labels, [event(0, admin1="Paktiya")])["admin1.accuracy"] == 1.0

    def test_actors_match_after_folding_case_and_punctuation(self) -> None:
        labels = {"actor1": "Al Shabaab", "actor2": "Civilians (Somalia)"}
        values = scored(
            labels, [event(0, actor1="al-Shabaab", actor2="Military Forces of Somalia")]
        )
        assert (values["actor1.match"], values["actor2.match"]) == (1.0, 0.0)


class TestLocation:
    def test_distance_is_great_circle_kilometres(self) -> None:
        assert distance_km(*KABUL, *KABUL) == 0.0
        assert distance_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.2, abs=0.1)

    def test_points_without_coordinates_miss_and_lower_coverage(self) -> None:
        records = [
            gold(latitude=KABUL[0], longitude=KABUL[1]),
            gold(latitude=KABUL[0], longitude=KABUL[1]),
            gold(latitude=KABUL[0], longitude=KABUL[1]),
        ]
        predictions = [
            Prediction.from_events((event(0, latitude=KABUL[0] + 0.1, longitude=KABUL[1]),)),
            Prediction.from_events((event(0, latitude=KABUL[0] + 1.0, longitude=KABUL[1]),)),
            Prediction.from_events(()),
        ]
        metrics = score(records, predictions).metrics
        assert metrics["location.within_25km"].value == pytest.approx(1 / 3)
        assert metrics["location.coverage"].value == pytest.approx(2 / 3)
        assert metrics["location.median_km"].n == 2
        assert metrics["location.median_km"].value == pytest.approx((11.1 + 111.2) / 2, abs=0.2)

    @pytest.mark.parametrize(
        ("values", "q", "expected"),
        [([], 0.5, None), ([4.0], 0.9, 4.0), ([1.0, 3.0], 0.5, 2.0), ([0.0, 10.0], 0.9, 9.0)],
    )
    def test_percentile_interpolates(
        self, values: list[float], q: float, expected: float | None
    ) -> None:
        assert percentile(values, q) == expected


class TestDate:
    @pytest.mark.parametrize(
        ("predicted", "ok"),
        [
            (date(2011, 11, 19), 1.0),
            (date(2011, 11, 20), 1.0),
            (date(2011, 11, 17), 0.0),
            (None, 0.0),
        ],
    )
    def test_the_event_date_may_be_one_day_off(self, predicted: date | None, ok: float) -> None:
        values = scored({"event_date": "2011-11-19"}, [event(0, event_date=predicted)])
        assert values["event_date.within_1_day"] == ok


class TestErrors:
    def test_worst_records_come_first_and_can_be_limited_to_one_field(self) -> None:
        records = [
            GoldRecord("ok", Article(text="x"), {"killed": 1, "country": "Syria"}),
            GoldRecord("one", Article(text="x"), {"killed": 1, "country": "Syria"}),
            GoldRecord("two", Article(text="x"), {"killed": 1, "country": "Syria"}),
        ]
        predictions = [
            Prediction.from_events((event(1, country="Syria"),)),
            Prediction.from_events((event(1, country="Turkey"),)),
            Prediction.from_events((event(7, country="Iraq"),)),
        ]
        scores = score(records, predictions)
        assert [r.record.record_id for r in scores.worst(5)] == ["two", "one"]
        assert [r.record.record_id for r in scores.worst(5, "killed")] == ["two"]
        miss = scores.worst(1)[0].misses[0]
        assert (miss.field, miss.gold, miss.predicted) == ("killed", 1, 7)

    def test_misses_are_told_apart_by_how_they_went_wrong(self) -> None:
        records = [
            gold(killed=4, event_date="2020-01-02", event_type="Battles"),
            gold(killed=1, event_date="2020-01-02", event_type="Battles"),
        ]
        predictions = [
            Prediction.from_events((event(2, event_date=date(2020, 3, 1)),)),
            Prediction.from_events(()),
        ]
        kinds = score(records, predictions).miss_kinds()
        assert kinds["killed"] == Counter({"too low": 2})
        assert kinds["event_date"] == Counter({"other value": 1, "none predicted": 1})
        assert kinds["event_type"] == Counter({"none predicted": 1})

    def test_scoring_refuses_sequences_of_different_lengths(self) -> None:
        with pytest.raises(ValueError, match="1 gold records but 0 predictions"):
            score([gold(killed=1)], [])

    def test_the_json_summary_is_serialisable(self) -> None:
        scores = score(
            [gold(killed=1, event_date="2020-01-02")], [Prediction.from_events((event(0),))]
        )
        data = json.loads(json.dumps(scores.to_json()))
        assert data["metrics"]["killed.exact"] == {"value": 0.0, "n": 1, "higher_is_better": True}
        assert data["misses"][0]["misses"][1] == {
            "field": "event_date",
            "gold": "2020-01-02",
            "predicted": None,
        }


def write_gold(tmp_path: Path, *records: dict[str, Any]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


class TestLoadGold:
    def test_records_become_articles_with_their_publication_date(self, tmp_path: Path) -> None:
        path = write_gold(
            tmp_path,
            {
                "id": "x-1",
                "text": "Two killed.",
                "publication_date": "2011-11-20",
                "gold": {"killed": 2},
            },
            {"id": "x-2", "text": "Calm.", "publication_date": None, "gold": {"killed": 0}},
        )
        first, second = load_gold(path)
        assert (first.record_id, first.article.published, first.gold) == (
            "x-1",
            date(2011, 11, 20),
            {"killed": 2},
        )
        assert second.article.published is None

    def test_a_line_separator_inside_a_text_does_not_split_the_record(self, tmp_path: Path) -> None:
        text = "First paragraph.\u2028Second paragraph."
        path = tmp_path / "gold.jsonl"
        line = json.dumps({"id": "a", "text": text, "gold": {"killed": 0}}, ensure_ascii=False)
        path.write_text(line + "\n", encoding="utf-8")
        (record,) = load_gold(path)
        assert record.article.text == text

    @pytest.mark.parametrize(
        ("line", "reason"),
        [
            ({"id": "a", "text": "x"}, "no 'gold' object"),
            ({"id": "a", "gold": {}}, "no 'text' field"),
        ],
    )
    def test_a_broken_record_stops_the_evaluation(
        self, tmp_path: Path, line: dict[str, Any], reason: str
    ) -> None:
        with pytest.raises(InputError, match=reason):
            load_gold(write_gold(tmp_path, line))


class TestCommand:
    @pytest.fixture
    def fake_predict(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Predict one 3-killed clash in Kunar for every record, without loading the model."""

        def predict(records: Iterable[GoldRecord], pipeline: object) -> Iterator[Prediction]:
            for _ in records:
                yield Prediction.from_events((event(3, admin1="Konar", country="Afghanistan"),))

        monkeypatch.setattr(evaluate_cli, "predict", predict)
        monkeypatch.setattr(evaluate_cli, "load_pipeline", lambda config: None)

    @pytest.mark.usefixtures("fake_predict")
    def test_prints_figures_errors_and_writes_json(self, tmp_path: Path) -> None:
        gold_path = write_gold(
            tmp_path,
            {"id": "k", "text": "Three killed in Kunar.", "gold": {"killed": 3, "admin1": "Kunar"}},
            {"id": "w", "text": "Five killed in Khost.", "gold": {"killed": 5, "admin1": "Khost"}},
        )
        out = tmp_path / "scores.json"
        result = CliRunner().invoke(
            evaluate_cli.evaluate_cmd,
            [str(gold_path), "--errors", "5", "--json", str(out), "--quiet"],
        )
        assert result.exit_code == 0, result.output
        assert re.search(r"^killed +exact +0\.500 +2$", result.output, re.M)
        assert re.search(r"^injured +exact +n/a +0$", result.output, re.M)
        assert "missed: killed: gold 5, got 3; admin1: gold 'Khost', got 'Konar'" in result.output
        assert "    event_type: 0:'fight'" in result.output
        assert "  killed: 1 (too low 1)" in result.output
        assert json.loads(out.read_text())["metrics"]["admin1.accuracy"]["value"] == 0.5

    def test_errors_show_each_span_in_its_context(self) -> None:
        text = "Officials said on Monday that gunmen had killed seven   villagers near the river."
        start = text.index("seven")
        found = factories.event(
            event_type="Violence against civilians",
            sub_event_type="Attack",
            fatalities=7,
            evidence={"fatalities": (Span(start, start + 5, "seven"),)},
        )
        scores = score([gold(killed=9)], [Prediction.from_events((found,), text=text)])
        shown = evaluate_cli.format_record(scores.worst(1)[0])
        context = "said on Monday that gunmen had killed [seven] villagers near the river."
        assert f"    fatalities: {start}:«…{context}…»" in shown

    @pytest.mark.usefixtures("fake_predict")
    def test_limit_takes_the_first_records(self, tmp_path: Path) -> None:
        gold_path = write_gold(
            tmp_path,
            {"id": "a", "text": "x", "gold": {"killed": 3}},
            {"id": "b", "text": "y", "gold": {"killed": 0}},
        )
        result = CliRunner().invoke(
            evaluate_cli.evaluate_cmd, [str(gold_path), "--limit", "1", "--quiet"]
        )
        assert "1 records" in result.output
        assert re.search(r"^killed +exact +1\.000 +1$", result.output, re.M)


#: ACLED's taxonomy (DESIGN.md): event type → its sub-event types.
TAXONOMY = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
FIXTURES = Path(__file__).resolve().parents[2] / "eval" / "fixtures.jsonl"


@pytest.fixture(scope="module")
def records() -> list[GoldRecord]:
    """The team's labelled fixtures, read once."""
    return load_gold(FIXTURES)


class TestFixturesFile:
    """eval/fixtures.jsonl is what the gate measures types, injured and places on: keep it whole."""

    def test_there_are_at_least_75_distinct_reports(self, records: list[GoldRecord]) -> None:
        ids = [r.record_id for r in records]
        assert len(ids) >= 75 and len(set(ids)) == len(ids)

    @pytest.mark.parametrize(
        ("event_type", "sub_event_type"),
        [(t, s) for t, subs in TAXONOMY.items() for s in subs],
    )
    def test_every_sub_event_type_is_labelled_at_least_twice(
        self, records: list[GoldRecord], event_type: str, sub_event_type: str
    ) -> None:
        labelled = [r for r in records if r.gold["sub_event_type"] == sub_event_type]
        assert len(labelled) >= 2
        assert {r.gold["event_type"] for r in labelled} == {event_type}

    def test_reports_come_from_at_least_12_countries(self, records: list[GoldRecord]) -> None:
        assert len({r.gold["country"] for r in records if "country" in r.gold}) >= 12

    def test_events_are_placed_and_dated_before_publication(
        self, records: list[GoldRecord]
    ) -> None:
        assert records
        for record in records:
            labels = record.gold
            if labels["event_type"] is None:
                assert "country" not in labels and labels["killed"] == 0, record.record_id
                continue
            assert -90 <= labels["latitude"] <= 90 and -180 <= labels["longitude"] <= 180
            assert record.article.published is not None
            assert date.fromisoformat(labels["event_date"]) <= record.article.published
