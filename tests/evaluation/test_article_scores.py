"""Article-level scoring on the team's three-article fixture: hand-made outputs, no model."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import factories
import pytest
from click.testing import CliRunner

from sitrep.cli import evaluate as evaluate_cli
from sitrep.evaluation import (
    GoldRecord,
    Prediction,
    evaluate,
    event_matches,
    load_gold,
    score_articles,
)
from sitrep.records import Event, Span

ARTICLES = Path(__file__).resolve().parent / "data" / "articles"


def event(event_type: str, sub_event_type: str, day: date | None, **fields: Any) -> Event:
    fields.setdefault("fatalities", 0)
    fields.setdefault("country", "Niger")
    return factories.event(
        f"e{day}{event_type}",
        "a",
        event_type,
        sub_event_type,
        event_date=day,
        evidence={"event_type": (Span(0, 5, "fight"),)},
        **fields,
    )


ATTACK = event(
    "Violence against civilians",
    "Attack",
    date(2020, 3, 2),
    fatalities=8,
    admin1="Zinder",
)
BACKGROUND = event("Violence against civilians", "Attack", date(2019, 3, 2), fatalities=40)
PROTEST = event("Protests", "Peaceful protest", date(2021, 9, 17), country="Kenya", admin1="Kisumu")
RIOT = event("Riots", "Violent demonstration", date(2020, 5, 10), country="Nigeria")


@pytest.fixture(scope="module")
def records() -> list[GoldRecord]:
    return load_gold(ARTICLES)


GOLD_PROTEST = {"event_type": "Protests", "country": "Kenya", "event_date": "2021-09-17"}


class TestMatchingRule:
    @pytest.mark.parametrize(
        ("output", "matches"),
        [
            (PROTEST, True),
            (event("Protests", "Peaceful protest", date(2021, 9, 19), country="Kenya"), True),
            (event("Protests", "Peaceful protest", date(2021, 9, 20), country="Kenya"), False),
            (event("Protests", "Peaceful protest", None, country="Kenya"), True),
            (event("Protests", "Peaceful protest", date(2021, 9, 17), country=None), True),
            (event("Protests", "Peaceful protest", date(2021, 9, 17), country="Uganda"), False),
            (event("Riots", "Violent demonstration", date(2021, 9, 17), country="Kenya"), False),
        ],
    )
    def test_same_type_same_country_when_known_and_within_two_days(
        self, output: Event, matches: bool
    ) -> None:
        assert event_matches(output, GOLD_PROTEST) is matches


class TestArticleFigures:
    def test_precision_recall_main_recall_and_false_events(self, records: list[GoldRecord]) -> None:
        predictions = [
            Prediction.from_events((ATTACK, BACKGROUND)),  # main found, IED missed, one false
            Prediction.from_events((RIOT,)),  # a flood gave an event
            Prediction.from_events((PROTEST,)),
        ]
        scores = score_articles(records, predictions)
        metrics = {name: (m.value, m.n) for name, m in scores.metrics.items()}
        assert metrics["events.precision"] == (pytest.approx(2 / 4), 4)
        assert metrics["events.recall"] == (pytest.approx(2 / 3), 3)
        assert metrics["main.recall"] == (1.0, 2)
        assert metrics["no_event.false_event_rate"] == (1.0, 1)
        assert scores.metrics["no_event.false_event_rate"].higher_is_better is False

    def test_main_event_fields_come_from_the_deadliest_output_event(
        self, records: list[GoldRecord]
    ) -> None:
        predictions = [
            Prediction.from_events((ATTACK, BACKGROUND)),
            Prediction.from_events(()),
            Prediction.from_events((PROTEST,)),
        ]
        scores = score_articles(records, predictions)
        main = scores.main.metrics
        # The background toll (40) is the deadliest output: the main event is the wrong one.
        assert (main["killed.exact"].value, main["killed.exact"].n) == (0.5, 2)
        assert main["event_date.within_1_day"].value == 0.5
        assert scores.metrics["main.all_six"].value == 0.5
        assert [a.main_all_six for a in scores.articles] == [False, None, True]

    def test_an_article_without_output_misses_its_events(self, records: list[GoldRecord]) -> None:
        scores = score_articles(records, [Prediction.from_events(())] * 3)
        metrics = scores.metrics
        assert metrics["events.precision"].value is None
        assert (metrics["events.recall"].value, metrics["main.recall"].value) == (0.0, 0.0)
        assert metrics["no_event.false_event_rate"].value == 0.0
        assert scores.main.metrics["found.any_event"].value == 0.0

    def test_mixed_gold_is_scored_by_kind(self, records: list[GoldRecord]) -> None:
        single = GoldRecord("r", records[0].article, {"killed": 8})
        result = evaluate([*records, single], [Prediction.from_events((ATTACK,))] * 4)
        assert result.articles is not None and result.articles.n_articles == 3
        assert result.records is not None and result.records.n_records == 1


class TestCommand:
    @pytest.fixture
    def fake_predict(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Predict the Niger attack for every article, without loading the model."""

        def predict(records: Iterable[GoldRecord], pipeline: object) -> Iterator[Prediction]:
            for _ in records:
                yield Prediction.from_events((ATTACK,))

        monkeypatch.setattr(evaluate_cli, "predict", predict)
        monkeypatch.setattr(evaluate_cli, "load_pipeline", lambda config: None)

    @pytest.mark.usefixtures("fake_predict")
    def test_a_folder_of_articles_is_scored_and_written_as_json(self, tmp_path: Path) -> None:
        out = tmp_path / "scores.json"
        result = CliRunner().invoke(
            evaluate_cli.evaluate_cmd,
            [str(ARTICLES), "--errors", "3", "--json", str(out), "--quiet"],
        )
        assert result.exit_code == 0, result.output
        assert "3 articles (2 with events, 1 without); 3 gold events, 3 output events" in (
            result.output
        )
        assert "gold (main) [found]: Violence against civilians / Attack" in result.output
        assert "output (main) [FALSE]: Violence against civilians / Attack" in result.output
        data = json.loads(out.read_text())
        assert data["articles"]["metrics"]["events.precision"]["value"] == pytest.approx(1 / 3)
        assert data["articles"]["metrics"]["no_event.false_event_rate"]["value"] == 1.0

    @pytest.mark.usefixtures("fake_predict")
    def test_a_half_is_taken_before_scoring(self) -> None:
        result = CliRunner().invoke(
            evaluate_cli.evaluate_cmd, [str(ARTICLES), "--half", "tune", "--quiet"]
        )
        assert result.exit_code == 0, result.output
        assert "(tune half): 1 articles (1 with events, 0 without)" in result.output

    def test_errors_on_the_check_half_are_refused(self) -> None:
        result = CliRunner().invoke(
            evaluate_cli.evaluate_cmd, [str(ARTICLES), "--half", "check", "--errors", "5"]
        )
        assert result.exit_code == 2 and "only read in aggregate" in result.output
