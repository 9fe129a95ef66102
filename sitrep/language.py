"""Language detection: which language an article is written in, cheaply.

The pipeline runs this on every article whose reader did not say, to decide
which of its models (``[nlp.models]``) reads it, if any; so it must cost milliseconds, not
seconds. It uses lingua restricted to the languages of ``sitrep/data/languages.txt``,
in its low-accuracy (trigram) mode, on a prefix of the text: a thousand
characters settle the question as well as the whole article. The detector is
built once per process. Plain English news, most of what sitrep reads, is
recognised before lingua by its function words (``lexicons/en/language.toml``:
"the", "was", "said" make up a fifth of its words and almost none of any other
language's). The low accuracy
mode is weak on a single sentence, so there the function words and lingua decide
together. Capitalised words (names of people, groups and places) are left out
of both judgements: a short English note dense with local names ("Mbakira",
"Chavinyungu") has the trigrams of the names' language, not of its own. A
short text is given a Latin-script language other than English only when it
uses one of that language's function words (listed in ``languages.txt``);
without such evidence it is English or unknown.

Example:
    >>> detect_language("At least 22 Turkish soldiers have been killed in an air strike.")
    'en'
"""

from __future__ import annotations

import functools
import re

from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from sitrep import _data

_PREFIX_CHARS = 1000
"""How much of the text is looked at; cut back to the last space so no word is split."""

_MIN_LETTERS = 20
"""Fewer letters than this give no reliable answer ("Hello" looks Italian)."""

_ENGLISH_SHARE = 0.12
"""English news runs at 0.15–0.30; texts in the other languages at 0.00–0.02."""
_MIN_WORDS = 40
"""From this many words the share of function words alone says English."""
_ENGLISH_CLOSE = 0.25
"""A shorter text at that share is English when the detector also rates English this
high: trigrams alone, weak on one sentence, rate "Police confirmed the arrest of a
militant financier in Mombasa" Spanish 0.52, English 0.48."""
_WORD = re.compile(r"[^\W\d_]+")

_MIN_CONFIDENCE = 0.5
"""Below this share of the detector's confidence the answer is a guess, so ``None``."""


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of the language ``text`` is written in, or ``None`` if unsure.

    ``None`` means the text is too short or too mixed to tell, or is in a
    language outside ``sitrep/data/languages.txt``: callers should treat it as
    unknown rather than as English.

    Example:
        >>> detect_language("Au moins 22 soldats turcs ont été tués dans une frappe aérienne.")
        'fr'
        >>> detect_language("Hello") is None
        True
    """
    sample = text[:_PREFIX_CHARS]
    if len(text) > _PREFIX_CHARS and " " in sample:
        sample = sample[: sample.rindex(" ")]
    # lingua takes UTF-8; a lone surrogate (uncleaned input) would make it raise.
    sample = sample.encode("utf-8", "replace").decode("utf-8")
    if sum(char.isalpha() for char in sample) < _MIN_LETTERS:
        return None
    words = [w.lower() for w in _WORD.findall(sample) if not w[0].isupper()]
    english_words = _english()
    hits = sum(w in english_words for w in words)
    english = hits > 0 and hits >= _ENGLISH_SHARE * len(words)
    if english and len(words) >= _MIN_WORDS:
        return "en"
    plain = " ".join(words)
    judged = plain if sum(char.isalpha() for char in plain) >= _MIN_LETTERS else sample
    ranked = _detector().compute_language_confidence_values(judged)
    if english and any(
        c.language.iso_code_639_1 == IsoCode639_1.EN and c.value >= _ENGLISH_CLOSE for c in ranked
    ):
        return "en"
    if not ranked or ranked[0].value < _MIN_CONFIDENCE:
        return None
    code = str(ranked[0].language.iso_code_639_1.name.lower())
    evidence = _languages().get(code)
    if evidence and len(words) < _MIN_WORDS and not evidence.intersection(words):
        return "en" if english else None
    return code


@functools.cache
def _english() -> frozenset[str]:
    """English function words no other language of ``languages.txt`` uses as words."""
    return frozenset(_data.lexicon("language", "en")["function_words"])


@functools.cache
def _languages() -> dict[str, frozenset[str]]:
    """Each configured language's code, with the function words that attest it (maybe none)."""
    rows = [line.split() for line in _data.read_lines("data/languages.txt")]
    return {row[0]: frozenset(row[1:]) for row in rows}


@functools.cache
def _detector() -> LanguageDetector:
    """The lingua detector for the configured languages, built on first use."""
    iso_codes = [getattr(IsoCode639_1, code.upper()) for code in _languages()]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*iso_codes).with_low_accuracy_mode().build()
