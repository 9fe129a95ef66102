"""Triggers: the words that say an event of an ACLED sub-event type happened, and whether it did.

Phrases come from ``triggers.toml`` (data, so an analyst can extend them); one
regex alternation per process finds them with exact offsets. Finding a phrase is
not enough: "threatened to strike", "no attack took place", "if they attack" and
"linked to an IED attack last year" name events that did not happen here and
now, so every match gets a *status* read from the dependency parse and the
words around it: ``asserted``, ``negated``, ``irrealis`` or ``background``.

Example:
    >>> [t.sub_event_type for t in find_triggers("An air strike hit the town.", 0, 27)]
    ['Air/drone strike']
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span, Token

from sitrep.extraction._lexicons import alternation, load

Status = Literal["asserted", "negated", "irrealis", "background", "object"]


@dataclass(frozen=True, slots=True)
class SubEvent:
    """One row of ``triggers.toml``: an ACLED sub-event type and how it folds."""

    event_type: str
    sub_event_type: str
    family: str
    priority: int


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger phrase found in the text (``start``/``end`` index the article text)."""

    kind: SubEvent
    start: int
    end: int

    @property
    def sub_event_type(self) -> str:
        """The ACLED sub-event type the phrase names."""
        return self.kind.sub_event_type


@dataclass(frozen=True, slots=True)
class _Lexicon:
    pattern: re.Pattern[str]
    by_phrase: dict[str, SubEvent]
    by_type: dict[str, SubEvent]
    irrealis_verbs: frozenset[str]
    irrealis_aux: frozenset[str]
    conditional: frozenset[str]
    object_verbs: frozenset[str]
    conduct_verbs: frozenset[str]
    background: re.Pattern[str]
    gathering: re.Pattern[str]
    gathering_verbs: frozenset[str]
    claim_verbs: frozenset[str]
    founding: re.Pattern[str]
    founding_verbs: frozenset[str]
    base_nouns: frozenset[str]
    founding_particles: dict[str, str]
    negative_determiners: frozenset[str]
    trace_prepositions: frozenset[str]
    launch_verbs: frozenset[str]
    grievance_prepositions: frozenset[str]


@functools.cache
def _lexicon(lang: str) -> _Lexicon:
    by_phrase: dict[str, SubEvent] = {}
    by_type: dict[str, SubEvent] = {}
    for row in load("triggers", lang)["sub_event"]:
        kind = SubEvent(row["event_type"], row["sub_event_type"], row["family"], row["priority"])
        by_type[kind.sub_event_type] = kind
        for phrase in row["phrases"]:
            known = by_phrase.get(phrase.lower())
            if known is None or known.priority < kind.priority:
                by_phrase[phrase.lower()] = kind
    speech = load("speech", lang)
    words = load("status", lang)
    return _Lexicon(
        pattern=re.compile(rf"(?<![\w-])(?:{alternation(list(by_phrase))})(?![\w-])", re.I),
        by_phrase=by_phrase,
        by_type=by_type,
        irrealis_verbs=frozenset(speech["irrealis_verbs"]),
        irrealis_aux=frozenset(speech["irrealis_aux"]),
        conditional=frozenset(speech["conditional_marks"]),
        object_verbs=frozenset(speech["object_verbs"]),
        conduct_verbs=frozenset(speech["conduct_verbs"]),
        gathering=re.compile(rf"\b(?:{alternation(speech['gathering_stems'])})", re.I),
        gathering_verbs=frozenset(speech["gathering_verbs"]),
        claim_verbs=frozenset(speech["claim_verbs"]),
        founding=re.compile(rf"\b(?:{alternation(speech['base_nouns'])})", re.I),
        founding_verbs=frozenset(speech["founding_verbs"]),
        base_nouns=frozenset(speech["base_nouns"]),
        founding_particles=dict(words["founding_particles"]),
        negative_determiners=frozenset(words["negative_determiners"]),
        trace_prepositions=frozenset(words["trace_prepositions"]),
        launch_verbs=frozenset(words["launch_verbs"]),
        grievance_prepositions=frozenset(words["grievance_prepositions"]),
        background=re.compile(
            rf"\b(?:{alternation(speech['background_cues'])})\b(?=[^.;]{{0,40}}$)", re.I
        ),
    )


def sub_event(sub_event_type: str, lang: str = "en") -> SubEvent:
    """The lexicon row of ``sub_event_type`` (for events inferred from counts alone).

    Raises:
        KeyError: no trigger row names that sub-event type.
    """
    return _lexicon(lang).by_type[sub_event_type]


def find_triggers(text: str, start: int, end: int, lang: str = "en") -> list[Trigger]:
    """Every trigger phrase in ``text[start:end]`` (in language ``lang``), in text order.

    Example:
        >>> s = "Police fired tear gas at protesters."
        >>> sorted({t.sub_event_type for t in find_triggers(s, 0, len(s))})
        ['Peaceful protest', 'Protest with intervention']
    """
    lex = _lexicon(lang)
    found = []
    for m in lex.pattern.finditer(text, start, end):
        phrase = " ".join(m.group(0).lower().split())
        kind = lex.by_phrase.get(phrase)
        if kind is not None:
            found.append(Trigger(kind, m.start(), m.end()))
    return found


def find_gatherings(doc: Doc, text: str, start: int, end: int, lang: str = "en") -> list[Trigger]:
    """People gathering to make a claim: a demonstration named by no protest word.

    "Taxi drivers gathered around the square to demand a raise", "residents
    blocked the highway demanding a bus licence", "people march through the city
    for abortion rights": a verb of gathering (or of blocking a road) whose
    purpose clause is a claim (demand, denounce, call for, show support) is a
    peaceful protest, found on the parse, not in a list of phrasings. The trigger
    is the gathering verb, so its status is read like any other's.
    """
    lex = _lexicon(lang)
    if not lex.gathering.search(text, start, end):
        return []  # most clauses: no word of gathering, no walk over the parse
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    found = []
    for token in span:
        if token.pos_ != "VERB" or token.lemma_.lower() not in lex.gathering_verbs:
            continue
        purpose = [
            c
            for c in token.children
            if c.dep_ in ("xcomp", "advcl", "conj") and c.lemma_.lower() in lex.claim_verbs
        ]
        if purpose:
            kind = lex.by_type["Peaceful protest"]
            found.append(Trigger(kind, token.idx, token.idx + len(token.text)))
    return found


def find_bases(doc: Doc, text: str, start: int, end: int, lang: str = "en") -> list[Trigger]:
    """A force setting up a post: "troops set up a new military post near Tal Tamr".

    A verb of founding (establish, build, set up) whose object is a military site
    (base, post, outpost, camp) is ACLED's *Headquarters or base established*,
    however the object is modified; the trigger is the verb.
    """
    lex = _lexicon(lang)
    if not lex.founding.search(text, start, end):
        return []
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    found = []
    for token in span:
        lemma = token.lemma_.lower()
        if token.pos_ != "VERB" or lemma not in lex.founding_verbs:
            continue
        particle = lex.founding_particles.get(lemma)
        if particle and not any(c.dep_ == "prt" and c.lower_ == particle for c in token.children):
            continue
        if any(c.dep_ == "dobj" and c.lemma_.lower() in lex.base_nouns for c in token.children):
            kind = lex.by_type["Headquarters or base established"]
            found.append(Trigger(kind, token.idx, token.idx + len(token.text)))
    return found


def status(doc: Doc, sentence_start: int, start: int, end: int, lang: str = "en") -> Status:
    """Whether the event a phrase at ``[start, end)`` names is asserted to have happened.

    Reads the parse around the phrase: a negated governing verb ("did not attack",
    "no attack was reported"), a modal or conditional ("could strike", "if they
    attack"), a governing verb of intention ("threatened to strike", "promised to
    launch an offensive"), or a background cue just before it ("linked to an IED
    attack", "responsible for the bombing").
    """
    lex = _lexicon(lang)
    # The words before the phrase, not doc.text: spaCy rebuilds that from every token on
    # each access, which made an article of thousands of triggers quadratic.
    before = doc.char_span(sentence_start, start, alignment_mode="expand")
    cue_at = None
    if before is not None:
        cue = lex.background.search(before.text[: start - before.start_char])
        cue_at = None if cue is None else before.start_char + cue.start()
    span = doc.char_span(start, end, alignment_mode="expand")
    if cue_at is not None and (
        span is None or len(span) == 0 or _background(doc, cue_at, span.root)
    ):
        return "background"
    if span is None or len(span) == 0:
        return "asserted"
    token = span.root
    if any(
        child.dep_ == "det" and child.lower_ in lex.negative_determiners for child in token.children
    ):
        return "negated"
    if _denied_trace(token, lex):
        return "negated"  # "there were no signs of an explosion"
    if (
        token.dep_ in ("compound", "amod", "nmod")
        and token.head.i > token.i
        and token.head.lower_ not in lex.by_phrase
        and not _headline_predicate(span, lex)
    ):
        return "object"  # "grenade launcher", "IED materials", "suicide vest maker"
    if _grievance(token, lex):
        return "background"  # "protested against the kidnapping of a student"
    verb = token if token.pos_ in ("VERB", "AUX") else _governing_verb(token)
    if verb is None:
        return "asserted"
    if verb is not token and verb.lemma_ in lex.object_verbs and not _conducted(verb, lex):
        return "object"
    if any(child.dep_ == "neg" for child in verb.children):
        return "negated"
    if _irrealis(verb, lex):
        return "irrealis"
    if verb is not token and verb.lemma_ in lex.irrealis_verbs and not _subject_of(token, verb):
        # "warned of suicide attacks", "vowed revenge for the attack"; but the doer of
        # such a verb is real: "protesters demanded access to water".
        return "irrealis"
    if verb is not token and _irrealis(verb, lex, governing=True):
        return "irrealis"  # "denied (that) any attack took place"
    if (
        verb is not token
        and verb.lemma_ in lex.launch_verbs
        and _irrealis(verb, lex, governing=True)
    ):
        return "irrealis"
    if token.pos_ == "VERB" and _irrealis(token, lex, governing=True):
        return "irrealis"
    return "asserted"


def _denied_trace(token: Token, lex: _Lexicon) -> bool:
    """An event noun under "no <noun> of": "no signs of an explosion", "no trace of an attack"."""
    if token.dep_ != "pobj" or token.head.lower_ not in lex.trace_prepositions:
        return False
    return any(
        c.dep_ == "det" and c.lower_ in lex.negative_determiners for c in token.head.head.children
    )


def _background(doc: Doc, cue_start: int, trigger: Token) -> bool:
    """Whether a background cue before a trigger makes its event another one than the news.

    A cue verb that tells what someone once did ("the man who carried out the
    attack", "a commander suspected of planning bombings") sets the event in a
    clause about a person, so a cue verb counts only where it heads a relative or
    adnominal clause (or is passive: "was accused of") and the trigger lies inside
    it. The same verb as the sentence's own past predicate ("the air force carried
    out airstrikes") reports the news; a nominal cue ("revenge for", "linked to")
    always points elsewhere.
    """
    cue = doc.char_span(cue_start, cue_start + 1, alignment_mode="expand")
    if cue is None or len(cue) == 0:
        return True
    verb = cue[0]
    if verb.pos_ != "VERB":
        return True
    clause = verb
    while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ in ("relcl", "acl", "pcomp", "advcl") or any(
        child.dep_ in ("auxpass", "nsubjpass") for child in verb.children
    ):
        return trigger.i == verb.i or verb.is_ancestor(trigger) or clause.is_ancestor(trigger)
    return False


def _conducted(verb: Token, lex: _Lexicon) -> bool:
    """Whether a verb of organising ("miners organized a protest") reports the event as done.

    Such a verb is an object verb in a clause about a person's role ("an insurgent
    who coordinates suicide attacks": present, habitual, relative), but as a
    clause's own past predicate it says the event took place.
    """
    return (
        verb.lemma_ in lex.conduct_verbs
        and "Past" in verb.morph.get("Tense", [])
        and verb.dep_ not in ("relcl", "acl")
    )


def _headline_predicate(span: Span, lex: _Lexicon) -> bool:
    """Whether a trigger parsed as a noun modifier is a headline's verb ("Traders riot and ...").

    A headline drops its finite verb's cues, and the parser reads "Youth attack
    meeting" as a noun compound. In a sentence with no finite verb at all, an
    event word (not a weapon: "grenade launcher" stays an object) is the
    headline's predicate.
    """
    kind = lex.by_phrase.get(" ".join(span.text.lower().split()))
    if kind is None or kind.event_type == "Explosions/Remote violence":
        return False
    return not any("Fin" in t.morph.get("VerbForm", []) for t in span.sent)


def _grievance(token: Token, lex: _Lexicon) -> bool:
    """An event named as what a protest is about: "demonstrated against the kidnapping of ...".

    The object of "against", "over" or "about" under a protest word or a verb of
    claim-making is the protest's grievance, an event told elsewhere (often
    "coded separately"), not one this clause reports.
    """
    if token.dep_ != "pobj" or token.head.lower_ not in lex.grievance_prepositions:
        return False
    head = token.head.head
    if head.lemma_.lower() in lex.claim_verbs:
        return True
    kind = lex.by_phrase.get(head.lower_)
    return kind is not None and kind.family == "protest"


def _subject_of(token: Token, verb: Token) -> bool:
    """Whether ``token`` lies in the subject of ``verb`` (what it governs is its complement)."""
    while token.head.i != verb.i and token.head.i != token.i:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


def _governing_verb(token: Token) -> Token | None:
    for ancestor in token.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor
    return None


def _irrealis(verb: Token, lex: _Lexicon, *, governing: bool = False) -> bool:
    """A modal, a condition, or (with ``governing``) a verb of intention above ``verb``."""
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in lex.irrealis_aux:
            return True
        if child.dep_ == "mark" and child.lower_ in lex.conditional:
            return True
    return governing and verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_ in lex.irrealis_verbs
