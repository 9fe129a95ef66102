"""What a followed source lists: article links from RSS/Atom feeds and (news) sitemaps.

A source is read for its links only; the article itself is fetched from its
page, because most feeds carry a summary, not the story. A sitemap index lists
further sitemaps rather than articles: they are returned as ``sitemaps`` and
followed like sources. Parsing never fetches anything (feedparser is given
bytes; the XML parser loads no external entities).

Example:
    >>> listing = read_listing(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    ...     b"<url><loc>https://example.org/a1</loc></url></urlset>", "https://example.org/s.xml")
    >>> [entry.url for entry in listing.entries]
    ['https://example.org/a1']
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

import feedparser

from sitrep.errors import InputError
from sitrep.read._common import parse_day, text_field

_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One article a source lists: where it is, and what the listing says of it."""

    url: str
    title: str | None = None
    published: date | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """The articles a source lists, and the further sitemaps a sitemap index names."""

    entries: tuple[Entry, ...] = ()
    sitemaps: tuple[str, ...] = field(default=())


def read_listing(data: bytes, url: str) -> Listing:
    """The links of a feed or sitemap at ``url`` (relative links resolved against it).

    Raises:
        InputError: ``data`` is neither a feed nor a sitemap.
    """
    root = _sitemap_root(data)
    if root is not None:
        return _sitemap(root, url)
    parsed = feedparser.parse(data)
    if not parsed.get("version"):  # feedparser names the dialect of anything it recognised
        raise InputError(url, "neither an RSS/Atom feed nor a sitemap")
    source = text_field(parsed.feed.get("title"))
    entries = []
    for item in parsed.entries:
        link = _http_link(text_field(item.get("link")), url)
        if link:
            day = _day(text_field(item.get("published") or item.get("updated")))
            entries.append(Entry(link, text_field(item.get("title")), day, source))
    return Listing(tuple(entries))


def _sitemap_root(data: bytes) -> ElementTree.Element | None:
    """The root of a sitemap, or ``None`` for anything else.

    The standard library's parser never loads external entities, and its expat
    (2.4 or later) refuses entity-expansion bombs.
    """
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None
    return root if _local(root.tag) in _SITEMAP_ROOTS else None


def _sitemap(root: ElementTree.Element, url: str) -> Listing:
    """``<urlset>`` entries (with the news extension's title and date), or an index's sitemaps."""
    if _local(root.tag) == "sitemapindex":
        locs = (_child_text(node, "loc") for node in root if _is(node, "sitemap"))
        return Listing(sitemaps=tuple(link for loc in locs if (link := _http_link(loc, url))))
    entries = []
    for node in root:
        if not _is(node, "url"):
            continue
        link = _http_link(_child_text(node, "loc"), url)
        if not link:
            continue
        news = next((child for child in node if _is(child, "news")), None)
        title = _child_text(news, "title") if news is not None else None
        day = _child_text(news, "publication_date") if news is not None else None
        day = day or _child_text(node, "lastmod")
        source = None
        if news is not None:
            publication = next((c for c in news if _is(c, "publication")), None)
            source = _child_text(publication, "name") if publication is not None else None
        entries.append(Entry(link, title, _day(day), source))
    return Listing(tuple(entries))


def _is(node: ElementTree.Element, name: str) -> bool:
    return isinstance(node.tag, str) and _local(node.tag) == name


def _local(tag: str) -> str:
    """A tag without its namespace: ``{http://...}url`` → ``url``."""
    return tag.rsplit("}", 1)[-1]


def _child_text(node: ElementTree.Element | None, name: str) -> str | None:
    if node is None:
        return None
    for child in node:
        if _is(child, name):
            return text_field(child.text)
    return None


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return parse_day(value)
    except ValueError:
        return None


def _http_link(link: str | None, base: str) -> str | None:
    """``link`` made absolute against ``base``, without its fragment; only http(s) links."""
    if not link:
        return None
    absolute = urljoin(base, link).split("#", 1)[0]
    return absolute if urlsplit(absolute).scheme in ("http", "https") else None
