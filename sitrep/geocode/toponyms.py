"""Finding place names in an annotated article, with the words around them that matter.

The statistical NER misses and mislabels provinces, so names are found by
matching the gazetteer against the doc's tokens (longest match, up to six
tokens) as well as inside GPE/LOC/FAC entities. Each :class:`Mention` records
what the surrounding words say: a feature word ("Helmand *province*", "the
*village* of"), a direction ("*northwestern* Syria"), nearness ("*near*
Kandahar"), a dateline, and whether the place is only where someone spoke or met
("*governor of* Hatay province", "a *meeting in* Ankara"). "The Syrian capital"
is a mention of Damascus.

Example:
    >>> mentions = find_mentions(doc, gazetteer)                      # doctest: +SKIP
    >>> [(m.text, m.feature, m.role) for m in mentions]               # doctest: +SKIP
    [('Idlib', 'admin1', False), ('Syria', None, False), ...]
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sitrep.geocode._names import Context, context, fold
from sitrep.geocode.cues import (
    LOCATIVE,
    in_brackets,
    is_attribute,
    is_border,
    is_dateline,
    is_locative,
    is_modifier,
    is_near,
    is_role,
)
from sitrep.geocode.gazetteer import Gazetteer

_MAX_TOKENS = 6  # "Qal’ eh ye Zal": joiners and particles are tokens too
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NAME_LABELS = frozenset(
    {
        "PERSON",
        "ORG",
        "NORP",
        "DATE",
        "TIME",
        "MONEY",
        "CARDINAL",
        "ORDINAL",
        "QUANTITY",
        "PERCENT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
    }
)
_TERMINAL = frozenset({".", "!", "?", '"', "”", "’", ")"})
_JOINERS = frozenset({"-", "'", "‘", "’", "`", "ʻ", "ʼ"})


@dataclass(frozen=True, slots=True)
class Mention:
    """One place name in the text and what its context says about it.

    ``start``/``end`` cover the name (and a trailing feature word, "Helmand
    province"); ``hint_start`` extends it back over a direction word
    ("northwestern Syria"). ``ids`` are the exact gazetteer matches, empty when
    only a transliteration or fuzzy match can resolve the name. ``weak`` marks a
    name that only its preposition makes a place ("in Goma", tagged as a person):
    it may only resolve inside the article's countries. ``locative`` marks a name
    governed by "in", "at", "near" ("in northern Syria"), where an event is, as
    against "the invasion *of* Ukraine", what it is about. ``role`` marks a name
    that says who rather than where: where people spoke or met ("governor of
    Hatay") or whose group it is ("Borno militants").
    """

    start: int
    end: int
    text: str
    name: str
    sentence: int
    ids: tuple[int, ...]
    feature: str | None = None
    direction: str | None = None
    hint_start: int | None = None
    near: bool = False
    locative: bool = False
    role: bool = False
    dateline: bool = False
    entity: bool = False
    weak: bool = False


def sentences(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the doc's sentences, repaired for news and press-release layout.

    The parser both merges header lines into the first sentence and splits long
    sentences at commas ("… in Muhammad Aghah district, | Logar province,
    yesterday."), which would separate an event from its place. Pieces are cut
    at line breaks and parser boundaries, then a piece that does not end a
    sentence is joined with the next one on the same line.
    """
    cuts = {sent.start for sent in doc.sents}
    pieces: list[list[int]] = []
    start = 0
    for token in doc:
        if token.i in cuts and token.i > start:
            pieces.append([start, token.i, 0])
            start = token.i
        if token.is_space and "\n" in token.text:
            pieces.append([start, token.i + 1, 1])
            start = token.i + 1
    if start < len(doc):
        pieces.append([start, len(doc), 1])
    merged: list[tuple[int, int]] = []
    open_piece: list[int] | None = None
    for piece in pieces:
        if open_piece is not None:
            piece = [open_piece[0], piece[1], piece[2]]
            open_piece = None
        last = next((t for t in reversed(doc[piece[0] : piece[1]]) if not t.is_space), None)
        if not piece[2] and last is not None and last.text not in _TERMINAL:
            open_piece = piece
            continue
        merged.append((piece[0], piece[1]))
    if open_piece is not None:
        merged.append((open_piece[0], open_piece[1]))
    return [(a, b) for a, b in merged if b > a]


def find_mentions(
    doc: Doc, gazetteer: Gazetteer, ranges: list[tuple[int, int]] | None = None
) -> list[Mention]:
    """Every place name of ``doc``, in text order, with its context cues.

    ``ranges`` are the sentence token ranges (:func:`sentences` by default); a
    mention's ``sentence`` indexes them.
    """
    ctx = context()
    text = doc.text  # built anew on every access: read it once
    mentions: list[Mention] = []
    for index, (start, end) in enumerate(ranges if ranges is not None else sentences(doc)):
        i = start
        while i < end:
            capital = _demonym_capital(doc, i, end, index, gazetteer, ctx)
            if capital is not None:
                mentions.append(capital)
                i += 2
                continue
            found = _match_at(doc, i, end, gazetteer, ctx)
            if found is None:
                i += 1
                continue
            length, ids = found
            mention = _mention(doc, text, doc[i : i + length], ids, index, gazetteer, ctx)
            if mention is not None:
                mentions.append(mention)
            i += length
    return mentions


def _demonym_capital(
    doc: Doc, i: int, end: int, sentence: int, gazetteer: Gazetteer, ctx: Context
) -> Mention | None:
    """A demonym before "capital" ("the Bangladeshi capital") mentions that capital city."""
    if i + 1 >= end or doc[i + 1].lower_ != "capital" or not doc[i].is_title:
        return None
    country = gazetteer.demonym_country(doc[i].text)
    capital = gazetteer.capital_of(country) if country is not None else None
    if capital is None:
        return None
    span = doc[i : i + 2]
    return Mention(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        name=gazetteer.place(capital).name,
        sentence=sentence,
        ids=(capital,),
        feature="city",
        near=is_near(doc, i, ctx),
        role=is_role(span, ctx),
        entity=True,
    )


def _startable(token: Token) -> bool:
    """A capitalised word, or the first word of a place entity ("al-Bab").

    A lower-case word inside an entity ("Maya *village*") starts nothing: it would
    match the many towns named after common nouns ("Village", Saint Lucia).
    """
    text = token.text
    if bool(text) and text[0].isupper() and token.is_alpha:
        return True
    return token.ent_type_ in _PLACE_LABELS and token.ent_iob_ == "B"


def _match_at(
    doc: Doc, i: int, end: int, gazetteer: Gazetteer, ctx: Context
) -> tuple[int, tuple[int, ...]] | None:
    """The longest gazetteer name (or cue-marked unknown name) starting at token ``i``."""
    if not _startable(doc[i]):
        return None
    limit = min(_MAX_TOKENS, end - i)
    folded: list[str] = []
    for n in range(limit):
        token = doc[i + n]
        if token.is_punct and token.text not in _JOINERS:
            break
        folded.append(fold(token.text))
    named = _named_extent(doc, i, len(folded), ctx)
    # A town's name that is only the first word of a longer name ("Boko" of "Boko Haram",
    # "Jordan" of "Jordan Peterson") is part of that name, not a place.
    named = max(named, _entity_extent(doc, i, end))
    for n in range(len(folded), 0, -1):
        if not doc[i + n - 1].is_alpha:
            continue
        key = " ".join(part for part in folded[:n] if part)
        if len(key) <= 2:
            continue  # "Ak" of "Ak-Ordo", "Us": too short to be a name without more
        ids = gazetteer.ids_folded(key)
        if ids and not (n < named and all(gazetteer.kind_rank(p) >= 2 for p in ids)):
            return n, ids
    # An unknown capitalised name before a feature word ("Wardag province") is kept for
    # transliteration and fuzzy matching once the article's countries are known. So is
    # one whose first word alone is only some town or district: "Mata" of "Mata Khan
    # district", "Qal" of "Qal’ eh ye Zal district".
    if _named_extent(doc, i, len(folded), ctx):
        return _named_extent(doc, i, len(folded), ctx), ()
    if doc[i].ent_type_ in _PLACE_LABELS and doc[i].ent_iob_ == "B":
        return _entity_extent(doc, i, end), ()
    return None


def _entity_extent(doc: Doc, i: int, end: int) -> int:
    """Capitalised tokens of the named entity that starts at ``i`` (0 when none starts there).

    The model's entities overrun now and then ("Bentiu on" as an ORG): a lower-case
    word ends the name.
    """
    if doc[i].ent_iob_ != "B":
        return 0
    ent_end = i + 1
    while ent_end < end and doc[ent_end].ent_iob_ == "I" and not doc[ent_end].is_lower:
        ent_end += 1
    return ent_end - i


def _named_extent(doc: Doc, i: int, limit: int, ctx: Context) -> int:
    """Tokens of the capitalised name at ``i`` if a feature word follows it, else 0.

    "Ras Kebir town" is one name, even unknown to the gazetteer, not a word and a town.
    """
    n = 1
    while n < limit and _name_part(doc[i + n]) and doc[i + n].lower_ not in ctx.features:
        n += 1
    after = doc[i + n] if i + n < len(doc) else None
    if after is not None and ctx.feature_kind(after.lower_) is not None:
        return n
    return 0


def _name_part(token: Token) -> bool:
    """Whether a token can continue a place name.

    A capitalised word, a joiner, or a particle such as the "e" of "Nahr-e Saraj";
    not a short English function word ("Member *in* Takhar Province" is no name).
    """
    return (
        token.is_title
        or token.text in _JOINERS
        or (token.is_lower and len(token.text) <= 2 and not token.is_stop)
    )


def _mention(
    doc: Doc,
    text: str,
    span: SpacySpan,
    ids: tuple[int, ...],
    sentence: int,
    gazetteer: Gazetteer,
    ctx: Context,
) -> Mention | None:
    """Build the mention for ``span`` if its context lets it be a place name."""
    name = span.text
    key = fold(name)
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    feature = ctx.feature_kind(after.lower_) if after is not None else None
    end_char = span.end_char
    if feature is not None and after is not None:
        end_char = after.idx + len(after.text)
    elif len(span) > 1 and span[-1].lower_ in ctx.features:
        feature = ctx.feature_kind(span[-1].lower_)
        name = span[:-1].text
    elif (
        before is not None
        and before.lower_ == "of"
        and span.start >= 3
        and doc[span.start - 3].lower_ == "the"
    ):
        # "the province of Idlib", "the village of Yusof Kheyl"; not "districts of Homs".
        feature = ctx.feature_kind(doc[span.start - 2].lower_)
    entity = any(t.ent_type_ in _PLACE_LABELS for t in span)
    named_other = all(t.ent_type_ in _NAME_LABELS for t in span)
    if key in ctx.direction or (key in ctx.common and feature is None and not entity):
        return None
    if gazetteer.demonym_country(name) is not None:
        return None  # "Ukrainian", "the Mexican city": a nationality, counted as such
    if name.isupper() and len(name) <= 3 and not any(gazetteer.kind_rank(i) == 0 for i in ids):
        return None  # "US", "UN", "ISF": initials, unless a country's own
    if not ids and feature is None and not entity:
        return None
    if is_modifier(doc, span) or span[0].like_num or _glued(doc, span.start, fold(name), ctx):
        return None  # "Saudi-led", "Five gunmen", the "West" of "Sagaing-West region"
    dateline = bool(ids) and is_dateline(text, span)
    weak = False
    if feature is None and not entity and not dateline:
        # Outside a place entity and without a feature word, a proper noun counts if it is
        # a country or admin division, or (weakly: only inside the article's countries)
        # a town after "in"/"near": the model often takes little-known towns for people,
        # and towns named "Secretary" or "Of" abound.
        # A capitalised word inside a sentence is a name even when tagged as a common
        # noun ("In Rusape, ...").
        if not all(
            t.pos_ == "PROPN" or (t.is_title and not t.is_sent_start) for t in span if t.is_alpha
        ):
            return None
        weak = named_other or all(gazetteer.kind_rank(i) == 3 for i in ids)
        locative = before is not None and before.lower_ in LOCATIVE
        if weak and not (
            locative
            or is_near(doc, span.start, ctx)
            or in_brackets(doc, span)
            or _inside_of(doc, span.start, ctx)
        ):
            return None
    if (
        before is not None
        and before.lower_ == "of"
        and feature is None
        and span.start >= 2
        and doc[span.start - 2].is_title
        and doc[span.start - 2].pos_ == "PROPN"
        and doc[span.start - 2].lower_ not in ctx.direction
    ):
        # "Islamic Movement of Uzbekistan", "Bank of England": part of an organisation's name.
        return None
    if (
        after is not None
        and feature is None
        and after.is_title
        and after.pos_ == "PROPN"
        and (
            not gazetteer.ids_folded(fold(after.text))
            or any(gazetteer.kind_rank(i) == 0 for i in gazetteer.ids_folded(fold(after.text)))
        )
    ):
        # "Malawi Sahib", "Jordan Peterson", "Oyan Kazakhstan (a movement)": a place name
        # opening a longer proper name; with a comma between, "Oyan, Kazakhstan" is two.
        return None
    direction = None
    hint_start = None
    if before is not None and before.lower_ in ctx.direction:
        direction = before.text
        hint_start = before.idx
    return Mention(
        start=span.start_char,
        end=end_char,
        text=text[span.start_char : end_char],
        name=name,
        sentence=sentence,
        ids=ids,
        feature=feature,
        direction=direction,
        hint_start=hint_start,
        near=is_near(doc, span.start, ctx) or is_border(doc, span, end_char),
        locative=is_locative(doc, span.start, ctx),
        role=is_role(span, ctx) or is_attribute(doc, span, ctx),
        dateline=dateline,
        weak=weak,
        entity=entity,
    )


def _glued(doc: Doc, i: int, key: str, ctx: Context) -> bool:
    """Whether a direction or common word is glued by a hyphen to a name: "Sagaing-*West*".

    It is the second half of one name, not a name of its own; two names so
    glued ("Gao-Kidal road") are two places.
    """
    return (
        (key in ctx.direction or key in ctx.common)
        and i >= 2
        and doc[i - 1].text == "-"
        and not doc[i - 1].whitespace_
        and not doc[i - 2].whitespace_
        and doc[i - 2].is_alpha
    )


def _inside_of(doc: Doc, i: int, ctx: Context) -> bool:
    """Whether the name follows "<feature word> of": "Zakho district *of* Dohuk"."""
    return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in ctx.features
