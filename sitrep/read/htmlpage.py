"""HTML pages, reduced to their article text by trafilatura.

Navigation, footers, cookie banners and comments are dropped here, not by the
cleaner: only the page's structure says which text is the article. The title,
publication date, canonical URL and site name come from the page's metadata
when it has them.

Example:
    >>> from sitrep.config import LimitsConfig
    >>> page = "<html><body><p>At least 22 soldiers were killed on Thursday.</p></body></html>"
    >>> read_html(page, "a.html", LimitsConfig()).text
    'At least 22 soldiers were killed on Thursday.'
"""

from __future__ import annotations

import logging

import trafilatura
from trafilatura.settings import Document

from sitrep.config import LimitsConfig
from sitrep.read._common import checked, parse_day, text_field
from sitrep.records import Article, Rejected

_MIN_ARTICLE_WORDS = 5
"""Fewer words than this is a menu or an error page ("Home World"), not an article."""

# trafilatura logs every page it finds no text in; sitrep reports those as rejections.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def read_html(html: str, origin: str, limits: LimitsConfig) -> Article | Rejected:
    """Read the article of one HTML page, or say why there is none."""
    try:
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
        )
    # trafilatura and lxml raise a wide and undocumented range of errors on hostile
    # markup (deep nesting, broken encodings); any of them means "no article here".
    except Exception as exc:
        return Rejected(origin, f"HTML could not be parsed ({type(exc).__name__})")
    if not isinstance(document, Document):
        return Rejected(origin, "no article text found in the HTML")
    text = document.text
    if not text or len(text.split()) < _MIN_ARTICLE_WORDS:
        return Rejected(origin, "no article text found in the HTML")
    title = text_field(document.title)
    paragraphs = [line for line in text.split("\n") if line.strip()]
    if title and paragraphs and paragraphs[0].strip() == title:
        paragraphs = paragraphs[1:] or paragraphs  # the headline repeated as the first line
    try:
        published = parse_day(document.date) if document.date else None
    except ValueError:
        published = None  # a metadata guess, not the author's claim: drop it, keep the article
    article = Article(
        text="\n\n".join(paragraphs),
        title=title,
        published=published,
        url=text_field(document.url),
        source=text_field(document.sitename),
        origin=origin,
    )
    return checked(article, limits)
