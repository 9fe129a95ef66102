"""``sitrep.extract``: the five-line entry point for Python users.

Example:
    >>> from sitrep import extract                                      # doctest: +SKIP
    >>> extract("At least 22 soldiers were killed on Thursday.", "2020-02-27")  # doctest: +SKIP
"""

from __future__ import annotations

import functools
from datetime import date

from sitrep.config import Config
from sitrep.errors import InputError
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Result


@functools.cache
def _default_config() -> Config:
    return Config.load()


@functools.cache
def _default_pipeline() -> Pipeline:
    return Pipeline(_default_config())


def extract(text: str, published: date | str | None = None) -> Result:
    """Extract the events and humanitarian figures of one article's text.

    Args:
        text: the article, plain text (template junk is cleaned away).
        published: its publication date, against which "Thursday" or "last week"
            are resolved; a ``date`` or an ISO ``YYYY-MM-DD`` string.

    Raises:
        InputError: ``published`` is not a date, or ``text`` is longer than
            ``[limits] max_article_chars`` (the pipeline would give no records).
    """
    too_long = _default_config().limits.article_too_long(len(text))
    if too_long:
        raise InputError("text", too_long)
    if isinstance(published, str):
        try:
            published = date.fromisoformat(published)
        except ValueError:
            raise InputError(repr(published), "published is not a YYYY-MM-DD date") from None
    return _default_pipeline().process(Article(text=text, published=published)).result
