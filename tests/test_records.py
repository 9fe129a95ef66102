import doctest
import json
from datetime import date

import factories
import pytest

import sitrep
import sitrep.config
import sitrep.records
from sitrep.records import (
    Article,
    Event,
    Figure,
    Processed,
    Rejected,
    Result,
    Revision,
    Span,
    from_dict,
    stable_id,
    to_dict,
)


def _event() -> Event:
    return factories.event(
        "e1",
        "a1",
        "Explosions/Remote violence",
        "Air/drone strike",
        event_date=date(2020, 2, 27),
        date_precision=1,
        fatalities=22,
        qualifier="at_least",
        revisions=(Revision(9, Span(10, 14, "nine")),),
        sources_quoted=("Rahmi Dogan, governor of Hatay province",),
        evidence={"fatalities": (Span(0, 8, "At least"),)},
    )


@pytest.mark.parametrize("record", [_event(), Span(1, 2, "x"), Figure("f", "a", "displaced", 10)])
def test_records_survive_a_json_round_trip(record: object) -> None:
    data = json.loads(json.dumps(to_dict(record)))
    assert from_dict(type(record), data) == record


def test_processed_round_trip_keeps_article_and_events() -> None:
    processed = Processed(Article(text="t", published=date(2020, 1, 1)), Result(events=(_event(),)))
    assert from_dict(Processed, json.loads(json.dumps(to_dict(processed)))) == processed


@pytest.mark.parametrize(
    ("article", "other", "same"),
    [
        (Article(text="a", url="u"), Article(text="b", url="u"), True),
        (
            Article(text="a", source="s", external_id="1"),
            Article(text="b", source="s", external_id="1"),
            True,
        ),
        (Article(text="a"), Article(text="a"), True),
        (Article(text="a"), Article(text="b"), False),
    ],
)
def test_article_id_is_stable_and_keyed_on_url_then_id_then_text(
    article: Article, other: Article, same: bool
) -> None:
    assert (article.article_id == other.article_id) is same


def test_stable_id_does_not_depend_on_the_process() -> None:
    assert stable_id("x") == stable_id("x") and len(stable_id("x")) == 16


def test_to_dict_adds_article_id() -> None:
    article = Article(text="t", url="u")
    assert to_dict(article)["article_id"] == article.article_id


def test_rejected_message_names_subject_and_reason() -> None:
    assert Rejected("a.txt", "file is empty").message == "a.txt: file is empty"


@pytest.mark.parametrize("module", [sitrep.records, sitrep.config])
def test_docstring_examples_run(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


def test_public_surface_is_short_and_sorted() -> None:
    assert sitrep.__all__ == sorted(sitrep.__all__)
    assert set(sitrep.__all__) == {
        "Article", "Config", "Error", "Event", "Figure", "Incident", "Pipeline", "Result",
        "Span", "extract", "to_dict",
    }
