"""The sentences and names an event is compared on."""

from __future__ import annotations

import pytest
from factories import make_event

from sitrep.merge.context import event_text, evidence_text
from sitrep.records import Span

TEXT = (
    "Gunmen attacked Kasuwar Daji village in Zamfara on Sunday. "
    "Police in Gusau said on Monday that Nigeria would respond. Unrelated sentence about Lagos."
)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("attacked", {"Kasuwar", "Daji", "Zamfara"}),
        ("respond", {"Gusau"}),
    ],
)
def test_names_come_from_the_sentence_holding_the_evidence(word: str, expected: set[str]) -> None:
    start = TEXT.index(word)
    e = make_event(
        "e", place="konduga", evidence={"event_type": (Span(start, start + len(word), word),)}
    )
    assert set(event_text(e, None, TEXT).names) == expected


def test_days_the_own_country_and_sentence_initial_words_are_not_names() -> None:
    start = TEXT.index("respond")
    e = make_event(
        "e", place="konduga", evidence={"event_type": (Span(start, start + 7, "respond"),)}
    )
    names = event_text(e, "Attack in Zamfara", TEXT).names
    assert not names & {"Monday", "Nigeria", "Police", "Attack"}
    assert "Zamfara" in names


def test_without_the_article_the_evidence_words_are_used() -> None:
    e = make_event("e", text="attacked Djibo")
    assert evidence_text(e).text == "attacked Djibo"
