"""The whole pipeline (clean → annotate → extract → geocode) on random and adversarial text.

Whatever the text and publication date, ``Pipeline.process`` returns a
:class:`Processed` whose records are valid: every evidence span lies inside the
cleaned text and equals ``text[start:end]``, counts are non-negative and
bounded, codes are in range, and the store accepts the result. These load the
model once per session (``pipeline`` fixture of ``tests/conftest.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.extraction.counts import MAX_COUNT, parse_number
from sitrep.records import Article, Event, Figure, Processed, Span
from sitrep.store import Store

pytestmark = pytest.mark.nlp

FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Pieces of news prose that make the extractor work (triggers, counts, dates, places).
NEWS = [
    "At least 22 soldiers were killed in an air strike in Idlib on Thursday.",
    "The toll rose from nine to 22, the governor of Hatay said.",
    "Police arrested 30 protesters in Lagos on Monday.",
    "A roadside bomb killed four civilians near Kandahar last week.",
    "Almost a million people have been displaced since December 2019.",
    "Shelling killed between three and six people in Donetsk, Reuters reported.",
    "Dozens were wounded when militants attacked a checkpoint in Gao.",
    "date 2020-02-30\n",
    "\n\n",
]
#: Numbers and dates that break naive parsing, each next to a word that makes it a count.
ODD = [
    "99999999999999999999 killed",
    "the toll rose from 99999999999999999999 to 1e308",
    "1e308 people were killed",
    "-0 dead",
    "9223372036854775808 civilians were killed",
    "18446744073709551616 injured",
    "NaN killed",
    "killed Infinity",
    "twenty-two billion trillion killed",
    "a million million million displaced",
    "on Feb 30",
    "on 30 February 2020",
    "on 2020-02-30",
    "on 31/12/99999",
    "in 9999 BC",
    "on 0000-00-00",
    "last Thursday",
    "next year",
    "0.5 people were killed",
    "1,000,000,000,000,000 displaced",
]
HOSTILE_CHARS = "\ud800\udfff\u200b\u200c\u200d\u202e\u202c\u2066\u2069\ufeff\x00\x1b\u2028\xad"
hostile_text = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from(HOSTILE_CHARS)), max_size=60
)
documents = st.lists(
    st.one_of(st.sampled_from(NEWS), st.sampled_from(ODD), hostile_text), min_size=1, max_size=12
).map(" ".join)
published = st.one_of(
    st.none(),
    st.dates(),
    st.sampled_from([date.min, date.max, date(2020, 2, 29), date(1900, 1, 1)]),
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("fuzz") / "pipeline.duckdb") as opened:
        yield opened


def _spans(record: Event | Figure) -> Iterator[Span]:
    for spans in record.evidence.values():
        yield from spans
    if isinstance(record, Event):
        yield from (revision.span for revision in record.revisions)


def _count_ok(value: int | None) -> bool:
    return value is None or (isinstance(value, int) and 0 <= value <= MAX_COUNT)


def assert_valid(processed: Processed, store: Store) -> None:
    """Every promise a record makes, then the store's acceptance (twice: idempotent)."""
    assert isinstance(processed, Processed)
    if processed.reason is not None:
        assert processed.reason and "\n" not in processed.reason
    text = processed.article.text
    records: list[Event | Figure] = [*processed.result.events, *processed.result.figures]
    for record in records:
        for span in _spans(record):
            assert 0 <= span.start <= span.end <= len(text), (span, len(text))
            assert text[span.start : span.end] == span.text
        assert record.article_id == processed.article.article_id
        assert record.latitude is None or -90 <= record.latitude <= 90
        assert record.longitude is None or -180 <= record.longitude <= 180
        assert record.geo_precision in (None, 1, 2, 3)
    for event in processed.result.events:
        counts = (event.fatalities, event.fatalities_low, event.fatalities_high, event.injured)
        assert all(_count_ok(v) for v in counts), counts
        assert all(_count_ok(r.value) for r in event.revisions)
        if event.fatalities_low is not None and event.fatalities_high is not None:
            assert event.fatalities_low <= event.fatalities_high
        assert event.date_precision in (None, 1, 2, 3)
        assert 0.0 <= event.confidence <= 1.0
        assert event.evidence, "an event with no evidence cannot be defended"
    for figure in processed.result.figures:
        assert all(_count_ok(v) for v in (figure.value, figure.low, figure.high))
        if figure.low is not None and figure.high is not None:
            assert figure.low <= figure.high
    ids = [e.event_id for e in processed.result.events]
    assert len(ids) == len(set(ids))
    store.write(processed)
    assert store.write(processed) is False


@FUZZ
@given(documents, published)
def test_any_document_gives_valid_storable_records(pipeline, store, text, day) -> None:  # type: ignore[no-untyped-def]
    assert_valid(pipeline.process(Article(text=text, published=day)), store)


@FUZZ
@given(st.text(max_size=400), published)
def test_any_unicode_text_gives_valid_storable_records(pipeline, store, text, day) -> None:  # type: ignore[no-untyped-def]
    assert_valid(pipeline.process(Article(text=text, published=day)), store)


@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize("day", [None, date(2020, 2, 27), date.min, date.max])
def test_odd_numbers_and_dates_near_killed_give_valid_records(pipeline, store, odd, day) -> None:  # type: ignore[no-untyped-def]
    text = f"Officials said {odd} in an air strike on the village near Idlib on Thursday."
    assert_valid(pipeline.process(Article(text=text, published=day, url=f"u:{odd}:{day}")), store)


@pytest.mark.parametrize(
    "text",
    [
        "killed " * 5_000,  # one huge line of triggers
        "At least 22 soldiers were killed. " * 800,  # the same event thousands of times
        "<div>" * 5000 + "Two were killed in Kabul." + "</div>" * 5000,  # markup as plain text
        "\u202e" + "Twelve were killed in Aleppo. " * 50 + "\u202c",  # right-to-left override
        "Ka\u200bbul: thr\u200dee kil\u200cled\ufeff in a bomb\xadbing.",  # zero-width inside words
    ],
    ids=["huge-line", "repeated-event", "nested-markup", "rtl", "zero-width"],
)
def test_pathological_articles_give_valid_records(pipeline, store, text) -> None:  # type: ignore[no-untyped-def]
    assert_valid(pipeline.process(Article(text=text, published=date(2020, 2, 27))), store)


@pytest.mark.parametrize(
    "words",
    ["99999999999999999999", "9223372036854775808", "twenty-two billion trillion", "1e308"],
)
def test_a_number_no_count_of_people_can_reach_is_no_count(words: str) -> None:
    assert parse_number(words) is None


def test_process_many_keeps_order_and_count_over_hostile_batches(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    texts = [*NEWS, *ODD, "", "\u200b\ufeff", "\x00" * 100]
    out = list(pipeline.process_many(Article(text=t, url=f"b:{i}") for i, t in enumerate(texts)))
    assert [p.article.url for p in out] == [f"b:{i}" for i in range(len(texts))]
    with Store.open(tmp_path / "batch.duckdb") as store:
        for processed in out:
            assert_valid(processed, store)
        assert store.stats()["articles"] == len(texts)


@pytest.mark.parametrize(
    "text",
    ["killed Infinity", "Police killed Infinity.", "Soldiers killed the insurgent commander."],
)
def test_a_victim_named_after_the_verb_gives_forward_spans(pipeline, store, text) -> None:  # type: ignore[no-untyped-def]
    processed = pipeline.process(Article(text=text))
    assert processed.result.events
    assert_valid(processed, store)
