"""Sources quoted: on whose word a figure rests ("according to an official in Turkey").

Two shapes cover nearly every attribution in news text: the subject of a verb
of saying ("Rahmi Dogan, governor of Hatay province, said") and the object of
"according to" / "citing". Both are read from the parse, so appositions come
with the name ("Rahmi Dogan, governor of Hatay province in southeastern
Turkey"). Bare pronouns ("he said") name no one and are left out.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitrep.extraction._lexicons import alternation, load

_MAX_WORDS = 14


@dataclass(frozen=True, slots=True)
class Source:
    """Who is quoted, as the words of the text, with their offsets."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Cues:
    verbs: frozenset[str]
    attribution: re.Pattern[str]
    pronouns: frozenset[str]
    determiners: frozenset[str]


@functools.cache
def _cues(lang: str) -> _Cues:
    speech = load("speech", lang)
    words = load("sources", lang)
    return _Cues(
        verbs=frozenset(speech["speech_verbs"]),
        attribution=re.compile(rf"\b(?:{alternation(speech['attribution'])})\s+", re.I),
        pronouns=frozenset(words["pronouns"]),
        determiners=frozenset(words["determiners"]),
    )


def find_sources(doc: Doc, start: int, end: int, lang: str = "en") -> list[Source]:
    """The sources quoted in the sentence(s) ``doc.text[start:end]``, in text order."""
    cues = _cues(lang)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    found: dict[int, Source] = {}
    for token in span:
        if token.lemma_ in cues.verbs and token.pos_ in ("VERB", "AUX"):
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    source = _phrase(doc, child, cues)
                    if source is not None:
                        found[source.start] = source
    # The sentence's own text, not doc.text: spaCy rebuilds that from every token on each
    # access, which made an article of thousands of sentences quadratic.
    text, base = span.text, span.start_char
    for m in cues.attribution.finditer(text, start - base, end - base):
        stop = base + m.end()
        after = doc.char_span(stop, min(end, stop + 1), alignment_mode="expand")
        if after is None or len(after) == 0:
            continue
        head = after[0]
        while head.head is not head and head.head.i > head.i and head.head.i < span.end:
            head = head.head
        source = _phrase(doc, head, cues)
        if source is not None:
            found[source.start] = source
    return [found[k] for k in sorted(found)]


def _phrase(doc: Doc, head: Token, cues: _Cues) -> Source | None:
    """The noun phrase ``head`` heads, without a trailing relative clause or quote."""
    if head.lower_ in cues.pronouns and not list(head.children):
        return None
    left = head.left_edge.i
    right = head.right_edge.i
    for child in head.children:
        if child.dep_ in ("relcl", "acl") and child.i > head.i:
            right = min(right, child.left_edge.i - 1)
    words: Span = doc[left : right + 1]
    while len(words) and words[-1].is_punct:
        words = words[:-1]
    while len(words) and (words[0].is_punct or words[0].lower_ in cues.determiners):
        words = words[1:]
    if not len(words) or len(words) > _MAX_WORDS or any(t.text in '"“”' for t in words):
        return None
    if len(words) == 1 and words[0].lower_ in cues.pronouns:
        return None
    return Source(words.text, words.start_char, words.end_char)
