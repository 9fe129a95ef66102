"""The words around an event that the text and name parts of the pair score compare.

An event's evidence spans are a few words each ("killed", "15"); the sentences
that hold them, with the article's title, are what two outlets rewrite from one
wire story, and their proper names (Djibo, JNIM, Kasuwar Daji) are what tells
two attacks of the same day and country apart. Names that say nothing about
which incident it is (days, months, the event's own country, all-capital
datelines) are left out; the list is ``[names] stop`` in ``merge.toml``.

Example:
    >>> spans = {"event_type": [Span(10, 18, "attacked")]}
    >>> e = Event("e", "a", "Battles", "Armed clash", evidence=spans)
    >>> sorted(event_text(e, None, "Militants attacked the base in Djibo. Unrelated.").names)
    ['Djibo']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.merge._rules import rules
from sitrep.records import Event, Span

_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_NAME = re.compile(r"\b[A-Z][\w’'-]*")
_INITIAL_BEFORE = frozenset('.!?\n"“«(')


@dataclass(frozen=True, slots=True)
class EventText:
    """The sentences that state an event (and its article's title), and their proper names."""

    text: str
    names: frozenset[str]


def event_text(event: Event, title: str | None, article_text: str) -> EventText:
    """The title and the sentences of ``article_text`` holding ``event``'s evidence spans."""
    starts = sorted({s.start for spans in event.evidence.values() for s in spans})
    sentences: dict[int, str] = {}
    for start in starts:
        begin, end = _sentence_around(article_text, start)
        sentences.setdefault(begin, article_text[begin:end].strip())
    body = " ".join(sentences[k] for k in sorted(sentences))
    text = f"{title}. {body}" if title else body
    return EventText(text, _names(text, event))


def evidence_text(event: Event) -> EventText:
    """The event's own evidence words, for when its article's text is not at hand."""
    spans: list[Span] = sorted(
        {s for spans in event.evidence.values() for s in spans}, key=lambda s: (s.start, s.end)
    )
    text = " ".join(s.text for s in spans) or (event.notes or "")
    return EventText(text, _names(text, event))


def _sentence_around(text: str, offset: int) -> tuple[int, int]:
    begin = 0
    for found in _SENTENCE_END.finditer(text, 0, offset):
        begin = found.end()
    after = _SENTENCE_END.search(text, offset)
    return begin, (after.end() if after else len(text))


def _names(text: str, event: Event) -> frozenset[str]:
    stop = rules().stop_names | set((event.country or "").split())
    names = set()
    for m in _NAME.finditer(text):
        word = m.group().removesuffix("’s").removesuffix("'s")
        before = text[: m.start()].rstrip()
        if not before or before[-1] in _INITIAL_BEFORE or word.isupper() or word in stop:
            continue
        names.add(word)
    return frozenset(names)
