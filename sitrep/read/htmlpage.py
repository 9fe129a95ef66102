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

#: Elements whose content is never article text; dropped before the size check and parsing.
_INERT = ("script", "style", "noscript", "template", "svg")

# trafilatura logs every page it finds no text in; sitrep reports those as rejections.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def read_html(html: str, origin: str, limits: LimitsConfig) -> Article | Rejected:
    """Read the article of one HTML page, or say why there is none.

    Parsing costs time and memory in proportion to the markup (about 0.6 s and
    35 MB per MB on the reference machine), so a page whose markup, scripts and
    styles left out, passes ``limits.max_html_bytes`` is refused before it is parsed.
    """
    html = without_inert_elements(html)
    size = len(html.encode("utf-8", "surrogatepass"))
    if size > limits.max_html_bytes:
        return Rejected(
            origin,
            f"HTML page is {size:,} bytes without its scripts and styles, over the limit of "
            f"{limits.max_html_bytes:,} (limits.max_html_bytes)",
        )
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


def without_inert_elements(html: str) -> str:
    """``html`` without the content of script, style and similar elements, in linear time.

    News pages owe much of their weight to inline scripts and JSON; none of it is
    text. A plain scan (no regular expression, which backtracks on an element
    that is never closed): an unclosed element drops the rest of the page.

    Example:
        >>> without_inert_elements("<p>a</p><script>var x = '<p>';</script><p>b</p>")
        '<p>a</p><p>b</p>'
    """
    lower = html.lower()
    # The next "<tag" of each kind, found again only once the scan has passed it,
    # so that every character is looked at a bounded number of times.
    upcoming = {tag: lower.find(f"<{tag}") for tag in _INERT}
    parts: list[str] = []
    at = 0
    while True:
        for tag, i in upcoming.items():
            if 0 <= i < at:
                upcoming[tag] = lower.find(f"<{tag}", at)
        found = [(i, tag) for tag, i in upcoming.items() if i >= 0]
        if not found:
            parts.append(html[at:])
            return "".join(parts)
        start, tag = min(found)
        after = start + len(tag) + 1
        if after < len(lower) and (lower[after].isalnum() or lower[after] in "-_"):
            parts.append(html[at:after])  # <scripts>, <svgfoo>: another element
            at = after
            continue
        parts.append(html[at:start])
        close = lower.find(f"</{tag}", after)
        if close < 0:
            return "".join(parts)
        end = lower.find(">", close)
        at = len(html) if end < 0 else end + 1
