"""What every reader shares: the length limit, date parsing and language codes."""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime

from sitrep.config import LimitsConfig
from sitrep.records import Article, Rejected

_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:$|[T ])")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2}(?=$|[-_])")


def checked(article: Article, limits: LimitsConfig) -> Article | Rejected:
    """Return ``article``, or a rejection when its text is longer than the configured limit.

    The limit guards the NLP stage, whose memory grows with the text; a longer
    "article" is almost always a concatenated dump that should be split first.
    """
    subject = article.origin or "article"
    too_long = limits.article_too_long(len(article.text))
    if too_long:
        return Rejected(subject, too_long)
    if not article.text.strip():
        return Rejected(subject, "no article text")
    return article


def parse_day(value: str) -> date:
    """Read an ISO date, the day of an ISO timestamp, or an RFC 2822 date as a :class:`date`.

    RFC 2822 ("Thu, 27 Feb 2020 21:00:00 GMT") is what feeds and the JSONL of
    feed scrapers carry; anything vaguer ("Feb 30", "yesterday") is refused.

    Raises:
        ValueError: ``value`` is not a real ISO date ("2020-02-30", "27/02/2020"); the
            message says which ("not a real date"), the caller names the value.

    Example:
        >>> parse_day("2020-02-27T21:00:00Z")
        datetime.date(2020, 2, 27)
    """
    value = value.strip()
    match = _ISO_DAY.match(value)
    if match is None:
        try:
            return email.utils.parsedate_to_datetime(value).date()
        except (TypeError, ValueError, IndexError, OverflowError):
            raise ValueError("not a YYYY-MM-DD date") from None
    try:
        day = date.fromisoformat(match.group(1))
        if len(value) > 10:
            # A timestamp must be a whole valid one, not a date followed by junk.
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("not a real date") from None
    return day


def language_code(value: object) -> str | None:
    """Reduce a language tag ("en-US", "EN") to its ISO 639-1 code, or ``None``.

    The pipeline compares codes with ``config.nlp.languages`` ("en"), so a
    regional tag must not make an English article look foreign; a tag that is
    not ISO 639-1 ("eng", "und") gives ``None`` and the language is detected.

    Example:
        >>> language_code("en-US")
        'en'
    """
    if not isinstance(value, str):
        return None
    match = _LANGUAGE_TAG.match(value.strip())
    return match.group().lower() if match else None


def text_field(value: object) -> str | None:
    """A metadata value as a stripped string, or ``None`` when it is absent or not text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
