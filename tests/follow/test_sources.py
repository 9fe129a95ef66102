"""Links out of RSS/Atom feeds, news sitemaps and sitemap indexes; anything else refused."""

from __future__ import annotations

from datetime import date

import pytest
from followsite import news_sitemap, rss, sitemap_index

from sitrep.errors import InputError
from sitrep.follow.sources import read_listing

BASE = "https://wire.example/feeds/main.xml"


def test_an_rss_feed_lists_its_links_resolved_with_titles_and_days() -> None:
    listing = read_listing(rss("/news/a1.html", "https://other.example/b#comments"), BASE)
    assert [e.url for e in listing.entries] == [
        "https://wire.example/news/a1.html",
        "https://other.example/b",
    ]
    first = listing.entries[0]
    assert (first.title, first.published, first.source) == (
        "Item 0",
        date(2020, 2, 27),
        "The Test Wire",
    )
    assert listing.sitemaps == ()


def test_an_atom_feed_lists_its_links() -> None:
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>'
        b'<entry><title>One</title><link href="https://wire.example/1"/>'
        b"<updated>2021-10-20T08:00:00Z</updated><id>1</id></entry></feed>"
    )
    (entry,) = read_listing(atom, BASE).entries
    assert (entry.url, entry.published, entry.source) == (
        "https://wire.example/1",
        date(2021, 10, 20),
        "Atom Wire",
    )


def test_a_news_sitemap_gives_links_titles_days_and_publication() -> None:
    (entry,) = read_listing(news_sitemap("https://wire.example/a"), BASE).entries
    assert (entry.url, entry.title, entry.published, entry.source) == (
        "https://wire.example/a",
        "Mapped 0",
        date(2020, 2, 27),
        "Sitemap Wire",
    )


def test_a_sitemap_index_names_further_sitemaps_not_articles() -> None:
    listing = read_listing(sitemap_index("/s1.xml", "https://wire.example/s2.xml"), BASE)
    assert listing.entries == ()
    assert listing.sitemaps == ("https://wire.example/s1.xml", "https://wire.example/s2.xml")


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "mailto:desk@wire.example", "ftp://wire.example/a"]
)
def test_links_that_are_not_http_are_left_out(link: str) -> None:
    assert read_listing(rss(link), BASE).entries == ()


@pytest.mark.parametrize(
    "data",
    [b"<html><body>Not a feed</body></html>", b"", b"\x89PNG\r\n\x1a\n", b'{"items": []}'],
)
def test_what_is_neither_feed_nor_sitemap_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError, match="neither an RSS/Atom feed nor a sitemap"):
        read_listing(data, BASE)


def test_an_entity_bomb_in_a_sitemap_is_refused_not_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">'.encode()
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + b']><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&i;</loc></url></urlset>'
    )
    with pytest.raises(InputError):
        read_listing(bomb, BASE)
