from __future__ import annotations

from datetime import date

import pytest

from sitrep.read import read_feed, read_paths
from sitrep.records import Article, Rejected


def test_rss_entries_become_articles(inputs, limits):
    path = inputs / "wire.rss"
    first, second, empty = read_paths([path], limits)
    assert isinstance(first, Article)
    assert first.text == (
        "Four fighters were killed in clashes near Saraqib on Friday, a monitor said.\n\n"
        "The fighting continued overnight."
    )
    assert first.title == "Clashes in Idlib kill four"
    assert first.url == "https://wire.example.org/2020/02/28/idlib-clashes"
    assert first.published == date(2020, 2, 28)
    assert (first.source, first.language, first.external_id) == ("Example Wire", "en", "wire-0001")
    assert first.origin == f"{path}#1"
    assert isinstance(second, Article)
    assert second.published == date(2020, 2, 29)
    assert isinstance(empty, Rejected)
    assert empty.message == f"{path}#3: feed entry has no content or summary text"


def test_atom_entries_prefer_content_over_summary(inputs, limits):
    first, second = read_paths([inputs / "bulletin.atom"], limits)
    assert isinstance(first, Article)
    assert first.text == (
        "Almost a million people have been displaced since December, the UN said.\n\n"
        "More than half are children."
    )
    assert first.published == date(2020, 3, 1)
    assert first.url == "https://bulletin.example.org/idlib-displacement"
    assert first.source == "Example Bulletin"
    assert isinstance(second, Article)
    assert second.text == "An aid convoy of 30 trucks reached Afrin on Monday."
    assert second.published == date(2020, 3, 2)  # no <published>: the update day


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>',
        b"<?xml version='1.0'?><sitemap><url>https://example.org/</url></sitemap>",
        b"<rss><channel><title>unclosed",
        b"not xml at all",
    ],
)
def test_feed_without_entries_is_rejected(data, limits):
    [rejected] = read_feed(data, "feed.xml", limits)
    assert isinstance(rejected, Rejected)
    assert rejected.reason.startswith("feed has no entries")


def test_feed_links_are_never_fetched(limits, monkeypatch):
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("a feed reader must not open URLs")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    data = (
        b'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://example.invalid/rss.dtd">'
        b'<rss version="2.0"><channel><title>T</title><item>'
        b"<link>http://example.invalid/a</link><description>Two killed.</description>"
        b"</item></channel></rss>"
    )
    [article] = read_feed(data, "feed.xml", limits)
    assert isinstance(article, Article)
    assert article.text == "Two killed."
