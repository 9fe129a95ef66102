"""How place names are compared: ASCII folding and transliteration keys.

Place names reach sitrep in many spellings: with or without diacritics
("Kandahār"), hyphens ("Sar-e Pul"), and in several transliterations of one
Pashto or Arabic name ("Kunar"/"Konar", "Paktia"/"Paktiya"). Two keys make them
comparable: :func:`fold` (lower-case ASCII words) for exact matches, and
:func:`translit_key` (folded, then letters that transliterations disagree on
merged) for the second, still exact, chance before fuzzy matching.

Example:
    >>> fold("Sar-e Pul")
    'sar e pul'
    >>> translit_key("Konar") == translit_key("Kunar")
    True
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from unidecode import unidecode

from sitrep import _data

_NON_WORD = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII words of ``text`` joined by one space ("Kandahār" → "kandahar")."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = unidecode(stripped).lower().replace("'", "").replace("`", "")
    return _NON_WORD.sub(" ", ascii_text).strip()


@functools.lru_cache(maxsize=65536)
def translit_key(text: str) -> str:
    """A key shared by common transliterations of one name ("Qandahar" and "Kandahar")."""
    rules = context().transliteration
    key = fold(text).replace(" ", "")
    for old, new in rules:
        key = key.replace(old, new)
    out: list[str] = []
    vowels = context().vowels
    for ch in key:
        mapped = "a" if ch in vowels else ch
        if out and out[-1] == mapped:
            continue
        out.append(mapped)
    return "".join(out)


def is_latin(text: str) -> bool:
    """Whether every letter of ``text`` is Latin, so the name can appear in English text."""
    return all(
        not ch.isalpha() or ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in text
    )


def usable_alias(name: str) -> bool:
    """Whether a GeoNames alternate name can stand for the place in English text.

    Kept: names in Latin letters, capitalised as names, of at most four words.
    GeoNames also lists lower-case romanisations of other scripts ("trtws"),
    codes and numbered forms that no English text uses.
    """
    return (
        bool(name)
        and name[0].isupper()
        and is_latin(name)
        and not any(ch.isdigit() for ch in name)
        and len(name.split()) <= 4
    )


@dataclass(frozen=True, slots=True)
class Context:
    """The word lists of ``data/gazetteer/context.toml``, as sets for fast membership."""

    feature: dict[str, frozenset[str]]
    features: frozenset[str]
    near: frozenset[str]
    direction: frozenset[str]
    role_nouns: frozenset[str]
    role_verbs: frozenset[str]
    role_targets: frozenset[str]
    actor_nouns: frozenset[str]
    common: frozenset[str]
    transliteration: tuple[tuple[str, str], ...]
    vowels: str
    ruler_skip_countries: frozenset[str]
    country_names: dict[str, tuple[str, ...]]
    demonyms: dict[str, tuple[str, ...]]
    admin1_names: dict[str, str]

    def feature_kind(self, word: str) -> str | None:
        """The place kind a feature word names ("province" → "admin1"), if any."""
        for kind in ("admin1", "admin2", "city"):
            if word in self.feature[kind]:
                return kind
        return None


@functools.cache
def context() -> Context:
    """Load the packaged context word lists once per process."""
    data = _data.read_toml("data/gazetteer/context.toml")
    return Context(
        feature={kind: frozenset(words) for kind, words in data["feature"].items()},
        features=frozenset(w for words in data["feature"].values() for w in words),
        near=frozenset(data["near"]["words"]),
        direction=frozenset(data["direction"]["words"]),
        role_nouns=frozenset(data["role"]["nouns"]),
        role_verbs=frozenset(data["role"]["verbs"]),
        role_targets=frozenset(data["role"]["targets"]),
        actor_nouns=frozenset(data["actor"]["nouns"]),
        common=frozenset(data["common"]["words"]),
        transliteration=tuple((old, new) for old, new in data["transliteration"]["replace"]),
        vowels=data["transliteration"]["vowels"],
        ruler_skip_countries=frozenset(data["ruler"]["skip_city_countries"]),
        country_names={code: tuple(names) for code, names in data["country_names"].items()},
        demonyms={code: tuple(words) for code, words in data["demonyms"].items()},
        admin1_names=dict(data["admin1_names"]),
    )


_ENGLISH_FEATURE = re.compile(
    r"^(?:(?:Autonomous )?(?:Region|Province|State|Community|Governorate) of )?(.+?)(?: Regional)?"
    r"(?: Oblast| Region| Province| Governorate| Division| State| Prefecture| Department| County"
    r"| Emirate| Territory| Autonomous Region)?$"
)


def ascii_name(name: str) -> str:
    """The name in ASCII letters, as records carry it ("Xankəndi" → "Xankandi", not "Xank@ndi")."""
    return unidecode(name.replace("ə", "a").replace("Ə", "A"))


def english_name(name: str, aliases: Sequence[str], code: str = "") -> str:
    """The English short name of an admin1: "Kharkiv" for "Kharkivska oblast", "Aleppo" for "Halab".

    English sources, ACLED among them, write a province by the English form
    that Wikidata and GeoNames list as "<name> Oblast", "<name> Governorate",
    "<name> Region". Of those forms the one closest to the official name is
    taken ("Sharqia Governorate" over "Eastern Governorate" for Ash Sharqiyah).
    A name already in plain ASCII without a local feature word ("Awdal", not
    "Kharkivska oblast"), or a division with no such form, keeps its ISO 3166-2 name.
    The special areas of ``docs/geocoding.md`` are named by ``[admin1_names]`` of
    ``context.toml`` ("Autonomous Republic of Crimea").
    """
    chosen = context().admin1_names.get(code)
    if chosen:
        return chosen
    folded = fold(name)
    if name.isascii() and "," not in name and folded.split()[-1] not in context().features:
        return name  # already written in English letters, as its own people write it ("Awdal")
    options = [
        m.group(1)
        for alias in aliases
        if alias.isascii()
        and (m := _ENGLISH_FEATURE.match(alias))
        and m.group(1) != alias  # an English form: "X Oblast", "Region of X"
        and len(m.group(1)) > 3
    ]
    if not options:
        return name
    return max(options, key=lambda option: (fuzz.ratio(fold(option), folded), -len(option)))
