"""The words around a place name that say how it relates to an event.

Each cue is a small test on the parsed text around a mention: a hyphenated
modifier ("Saudi-led"), a locative ("in", "at"), a bracketed list of places
("(Jowhar, Middle Shabelle)"), a border ("near the Somalia border"), nearness
("10 km north of"), a speaking or meeting role ("governor of Hatay"), and a
dateline ("KABUL, Afghanistan (…)"). :mod:`sitrep.geocode.toponyms` records them
on each :class:`~sitrep.geocode.toponyms.Mention`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep.geocode._names import Context

_LINKS = frozenset(
    {
        "prep",
        "pobj",
        "compound",
        "appos",
        "nmod",
        "amod",
        "npadvmod",
        "conj",
        "cc",
        "poss",
        "dobj",
        "attr",
    }
)
_MAX_HOPS = 6
LOCATIVE = frozenset({"in", "near", "outside", "at", "around", "into", "toward", "towards"})
_DATELINE_HEAD = re.compile(r"[A-Z][A-Z .'’-]+,\s*")
_TITLE_DATELINE_TAIL = re.compile(r",\s*[A-Z][A-Za-z .'’-]*\s\(")


def is_modifier(doc: Doc, span: SpacySpan) -> bool:
    """A name inside a hyphenated modifier: "Saudi-led", "Kabul-based", "US-backed"."""
    if span.end + 1 >= len(doc):
        return False
    hyphen, word = doc[span.end], doc[span.end + 1]
    return hyphen.text == "-" and not hyphen.whitespace_ and word.is_lower


def is_locative(doc: Doc, start: int, ctx: Context) -> bool:
    """Whether a locative preposition governs the name: "in (northern) Syria", "at Jenin"."""
    i = start - 1
    while i >= 0 and (doc[i].lower_ in ctx.direction or doc[i].lower_ == "the"):
        i -= 1
    return i >= 0 and doc[i].lower_ in LOCATIVE


def in_brackets(doc: Doc, span: SpacySpan) -> bool:
    """Whether the name is one of a bracketed list of places: "(Jowhar, Middle Shabelle)".

    Reports (ACLED's among them) write the district and province of a place so;
    a name there is a place even when the model takes it for a person.
    """
    i = span.start - 1
    while i >= 0 and span.start - i <= 8 and doc[i].text not in (")", "."):
        if doc[i].text == "(":
            return True
        i -= 1
    return False


def is_border(doc: Doc, span: SpacySpan, end_char: int) -> bool:
    """Whether the name is a border's: "near the Somalia border", "the border with Somalia".

    An event there may lie on either side, so the name places it near, not in.
    """
    after = doc[span.end] if span.end < len(doc) and doc[span.end].idx >= end_char else None
    if after is not None and after.lower_ in ("border", "borders", "frontier"):
        return True
    return (
        span.start >= 2
        and doc[span.start - 1].lower_ == "with"
        and doc[span.start - 2].lower_ in ("border", "frontier")
    )


def is_near(doc: Doc, start: int, ctx: Context) -> bool:
    """Whether the name follows "near", "outside", "10 km north of", "the outskirts of"."""
    if start == 0:
        return False
    before = doc[start - 1].lower_
    if before in ("near", "outside", "around", "nearby", "outskirts"):
        return True
    if before in ("of", "from", "to") and start >= 2:
        return doc[start - 2].lower_ in ctx.near
    return False


def is_role(span: SpacySpan, ctx: Context) -> bool:
    """Whether the place is governed by a speaking/meeting word, not by an event.

    Walks up the dependency tree through prepositions, compounds and
    appositions; the first verb met decides (a speech or meeting verb makes it
    a role), and a role noun on the way ("governor", "meeting") does too.
    """
    token = span.root
    for _ in range(_MAX_HOPS):
        head = token.head
        if head.i == token.i:
            return False
        if head.pos_ in ("VERB", "AUX"):
            return head.lemma_.lower() in ctx.role_verbs
        if head.lower_ in ctx.role_nouns or head.lemma_.lower() in ctx.role_nouns:
            return not _is_target(head, ctx)
        if token.dep_ not in _LINKS:
            return False
        token = head
    return False


def is_attribute(doc: Doc, span: SpacySpan, ctx: Context) -> bool:
    """Whether the name says whose group is meant: "*Borno* militants", "a *Kidal* militia".

    A name right before a group noun (``[actor]`` of ``context.toml``) and not
    governed by a locative ("in Kabul police custody" stays a place) names
    the group's origin, as a demonym would, not where the event was.
    """
    if span.end >= len(doc) or is_locative(doc, span.start, ctx):
        return False
    after = doc[span.end]
    return after.lower_ in ctx.actor_nouns


def _is_target(noun: Token, ctx: Context) -> bool:
    """Whether a role noun is what an act struck ("looted a *hospital*"), not who spoke."""
    verb = noun.head
    return (
        (noun.lower_ in ctx.role_targets or noun.lemma_.lower() in ctx.role_targets)
        and noun.dep_ in ("dobj", "nsubjpass")
        and verb.pos_ == "VERB"
        and verb.lemma_.lower() not in ctx.role_verbs
    )


def is_dateline(text: str, span: SpacySpan) -> bool:
    """A name in a line's dateline: "KABUL, Afghanistan (…)", "PAKTIKA PROVINCE, Afghanistan –".

    Datelines say where a release was issued, which is seldom where its event happened.
    """
    line_start = text.rfind("\n", 0, span.start_char) + 1
    prefix = text[line_start : span.start_char]
    if prefix.strip():
        return _DATELINE_HEAD.fullmatch(prefix.lstrip()) is not None
    rest = text[span.end_char : span.end_char + 40].lstrip()
    if not span[0].is_upper or len(span[0].text) < 2:
        # A dateline in title case still has its date in brackets: "Kabul, Afghanistan (Sept. 2)".
        return _TITLE_DATELINE_TAIL.match(rest) is not None
    if rest.lower().startswith("province"):
        rest = rest[len("province") :].lstrip()
    # "KABUL, Afghanistan (…)", "DHAKA - Police …", "GOMA (Reuters) - …"
    return rest[:1] in (",", "-", "–", "—", "(")
