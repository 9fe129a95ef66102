"""RSS and Atom feed files: one article per entry, read from the local file only.

feedparser is handed the file's bytes, never a URL or a path string, so
reading a feed can never fetch anything (feedparser would download a string
that looks like a URL). Each entry's content, or its summary when the feed has
no full text, is stripped of HTML; the feed's title becomes the source.

Example:
    >>> from sitrep.config import LimitsConfig
    >>> feed = b'<rss version="2.0"><channel><title>Wire</title><item><title>Clash</title>'
    >>> feed += b"<description>&lt;p&gt;Two killed in Idlib.&lt;/p&gt;</description>"
    >>> feed += b"</item></channel></rss>"
    >>> [article.text for article in read_feed(feed, "wire.xml", LimitsConfig())]
    ['Two killed in Idlib.']
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import feedparser

from sitrep.config import LimitsConfig
from sitrep.read._common import checked, language_code, text_field
from sitrep.read._markup import html_to_text
from sitrep.records import Article, Rejected


def read_feed(data: bytes, origin: str, limits: LimitsConfig) -> Iterator[Article | Rejected]:
    """Yield one Article or Rejected per entry of the feed in ``data``.

    Entries are named ``origin#N`` (1-based) in their ``Article.origin`` and in
    rejections, so a bad entry can be found in the file.
    """
    try:
        parsed = feedparser.parse(data)
    # feedparser wraps most parse errors in ``bozo_exception`` but lets some
    # through from its XML and encoding back ends on hostile input.
    except Exception as exc:
        yield Rejected(origin, f"feed could not be parsed ({type(exc).__name__})")
        return
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" (not a well-formed feed: {problem})" if problem else ""
        yield Rejected(origin, f"feed has no entries{detail}")
        return
    feed = parsed.feed
    source = text_field(feed.get("title"))
    language = language_code(feed.get("language"))
    for number, entry in enumerate(parsed.entries, start=1):
        yield _read_entry(entry, f"{origin}#{number}", source, language, limits)


def _read_entry(
    entry: Any, origin: str, source: str | None, language: str | None, limits: LimitsConfig
) -> Article | Rejected:
    contents = [part.get("value", "") for part in entry.get("content", [])]
    body = max(contents, key=len, default="") or entry.get("summary", "")
    text = html_to_text(body) if isinstance(body, str) else ""
    if not text.strip():
        return Rejected(origin, "feed entry has no content or summary text")
    title = entry.get("title")
    article = Article(
        text=text,
        title=(html_to_text(title) or None) if isinstance(title, str) else None,
        published=_entry_day(entry),
        url=text_field(entry.get("link")),
        source=source,
        language=language,
        external_id=text_field(entry.get("id")),
        origin=origin,
    )
    return checked(article, limits)


def _entry_day(entry: Any) -> date | None:
    """The entry's publication day (else its update day), as feedparser normalised it to UTC."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            try:
                return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except ValueError:
                return None
    return None
