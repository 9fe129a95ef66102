"""``follow_once`` against a loopback news site: every new article once, broken ones skipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from clisupport import FakePipeline
from followsite import Route, Site, news_sitemap, page, rss, sitemap_index, story

from sitrep.config import Config
from sitrep.follow import (
    Fetcher,
    FetchError,
    FetchOptions,
    FollowReport,
    FollowState,
    follow_once,
    state_path,
)
from sitrep.follow.loop import _fetch_page
from sitrep.follow.sources import Entry
from sitrep.store import EventQuery, Store

#: Quick to give up, no pause between requests: the politeness is tested on its own.
QUICK = FetchOptions(delay=0.0, timeout=0.5, retries=1, backoff=0.01, max_bytes=20_000)


def _news_site(site: Site) -> None:
    """A feed and a sitemap index over good pages and every kind of bad one."""
    site.routes.update(
        {
            "/robots.txt": Route(
                b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
            ),
            "/feed.xml": Route(
                rss(
                    "/a1.html",
                    "/moved.html",
                    "/broken.html",
                    "/gone.html",
                    "/slow.html",
                    "/huge.html",
                    "/private/a9.html",
                    "/menu.html",
                    "/report.pdf",
                ),
                content_type="application/rss+xml",
                etag='"feed-1"',
            ),
            "/sitemap.xml": Route(sitemap_index("/news-sitemap.xml"), content_type="text/xml"),
            "/news-sitemap.xml": Route(
                news_sitemap(site.url("/a3.html"), site.url("/a1.html")), content_type="text/xml"
            ),
            "/a1.html": Route(story(1)),
            "/moved.html": Route(status=301, headers={"Location": "/a2.html"}),
            "/a2.html": Route(story(2, "Lagos")),
            "/a3.html": Route(story(3, "Donetsk")),
            "/broken.html": Route(b"oops", status=500),
            "/slow.html": Route(story(4), pause=2.0),
            "/huge.html": Route(page("Huge", "word " * 10_000)),
            "/private/a9.html": Route(story(9)),
            "/menu.html": Route(b"<html><body><nav>Home World</nav></body></html>"),
            "/report.pdf": Route(b"%PDF-1.4", content_type="application/pdf"),
        }
    )


def _pass(
    site: Site, db: Path, pipeline: FakePipeline, *sources: str
) -> tuple[FollowReport, list[str]]:
    lines: list[str] = []
    with Fetcher(QUICK) as fetcher:
        report = follow_once(
            [site.url(s) for s in sources], db, pipeline, Config.load(), fetcher, lines.append
        )
    return report, lines


def test_a_pass_stores_every_new_article_once_and_names_each_failure(
    site: Site, tmp_path: Path
) -> None:
    _news_site(site)
    db = tmp_path / "follow.duckdb"
    report, lines = _pass(site, db, FakePipeline(), "/feed.xml", "/sitemap.xml")
    with Store.open(db, read_only=True) as store:
        events = store.events(EventQuery(limit=None, sort="event_date"))
        stats = store.stats()
        incidents = store.incidents(EventQuery(limit=None))
    assert stats["articles"] == 3
    assert sorted(e["url"] for e in events) == [
        site.url(p) for p in ("/a1.html", "/a2.html", "/a3.html")
    ]
    assert sorted(e["fatalities"] for e in events) == [1, 2, 3]
    assert len(incidents) == 3  # merged into incidents as `sitrep ingest` does
    assert {e["title"] for e in events} == {"Story 1", "Story 2", "Story 3"}
    reasons = {
        line.removeprefix(site.base).split(": ", 1)[0]: line.split(": ", 1)[1] for line in lines
    }
    assert reasons == {
        "/broken.html": "HTTP 500",
        "/gone.html": "HTTP 404",
        "/slow.html": "timed out",
        "/huge.html": "larger than the page size cap of 20,000 bytes",
        "/private/a9.html": "robots.txt disallows it",
        "/menu.html": "no article text found in the HTML",
        "/report.pdf": "not an HTML page (application/pdf)",
    }
    assert report.failures == lines
    assert site.hits("/private/a9.html") == 0
    assert site.hits("/robots.txt") == 1
    for path in ("/a1.html", "/a2.html", "/a3.html", "/moved.html"):
        assert site.hits(path) == 1, path  # a1 is listed twice, fetched once
    assert site.hits("/broken.html") == 2  # one retry
    assert all(r.headers["user-agent"].startswith("sitrep/") for r in site.log)


def test_the_next_pass_asks_conditionally_and_fetches_only_what_is_new(
    site: Site, tmp_path: Path
) -> None:
    _news_site(site)
    db = tmp_path / "follow.duckdb"
    pipeline = FakePipeline()
    _pass(site, db, pipeline, "/feed.xml")
    pipeline.seen.clear()
    before = len(site.log)
    report, _ = _pass(site, db, pipeline, "/feed.xml")
    again = site.log[before:]
    feed_request = next(r for r in again if r.path == "/feed.xml")
    assert feed_request.headers["if-none-match"] == '"feed-1"' and feed_request.status == 304
    assert report.unchanged_sources == 1
    # Only the transient failures are asked again; nothing stored is fetched twice.
    assert {r.path for r in again} == {"/robots.txt", "/feed.xml", "/broken.html", "/slow.html"}
    assert pipeline.seen == []

    site.routes["/feed.xml"] = Route(
        rss("/a1.html", "/a4.html"), content_type="application/rss+xml", etag='"feed-2"'
    )
    site.routes["/a4.html"] = Route(story(4, "Lagos"))
    report, _ = _pass(site, db, pipeline, "/feed.xml")
    assert (report.new_pages, report.stored) == (1, 1)
    assert (site.hits("/a1.html"), site.hits("/a4.html")) == (1, 1)
    with Store.open(db, read_only=True) as store:
        assert store.stats()["articles"] == 3


def test_a_page_that_keeps_failing_is_given_up_after_three_passes(
    site: Site, tmp_path: Path
) -> None:
    site.routes["/feed.xml"] = Route(rss("/broken.html"), content_type="application/rss+xml")
    site.routes["/broken.html"] = Route(b"oops", status=503)
    db = tmp_path / "follow.duckdb"
    for _ in range(5):
        _pass(site, db, FakePipeline(), "/feed.xml")
    assert site.hits("/broken.html") == 3 * (QUICK.retries + 1)
    with FollowState.open(state_path(db)) as state:
        assert state.counts() == {"failed": 1}


def test_a_broken_source_is_one_line_and_the_other_sources_go_on(
    site: Site, tmp_path: Path
) -> None:
    site.routes["/feed.xml"] = Route(rss("/a1.html"), content_type="application/rss+xml")
    site.routes["/a1.html"] = Route(story(1))
    site.routes["/not-a-feed.xml"] = Route(b"<html><body>Sorry</body></html>")
    db = tmp_path / "follow.duckdb"
    report, lines = _pass(site, db, FakePipeline(), "/missing.xml", "/not-a-feed.xml", "/feed.xml")
    assert lines == [
        f"{site.url('/missing.xml')}: HTTP 404",
        f"{site.url('/not-a-feed.xml')}: neither an RSS/Atom feed nor a sitemap",
    ]
    assert report.stored == 1


def test_articles_fetched_before_a_crash_are_stored_without_fetching_again(
    site: Site, tmp_path: Path
) -> None:
    site.routes["/feed.xml"] = Route(rss("/a1.html"), content_type="application/rss+xml")
    site.routes["/a1.html"] = Route(story(1))
    db = tmp_path / "follow.duckdb"
    with FollowState.open(state_path(db)) as state, Fetcher(QUICK) as fetcher:
        _fetch_page(Entry(site.url("/a1.html")), state, fetcher, Config.load().limits, print)
        assert state.counts() == {"pending": 1}
    report, _ = _pass(site, db, FakePipeline(), "/feed.xml")
    assert report.stored == 1
    assert site.hits("/a1.html") == 1


@pytest.mark.parametrize("status", [429, 503])
def test_a_busy_server_is_asked_again_after_growing_pauses(site: Site, status: int) -> None:
    site.routes["/a1.html"] = Route(story(1), fail_first=3)
    pauses: list[float] = []
    options = FetchOptions(delay=0.0, retries=3, backoff=0.5, max_backoff=10.0)
    with Fetcher(options, sleep=pauses.append) as fetcher:
        response = fetcher.get(site.url("/a1.html"))
    assert response.status == 200 and site.hits("/a1.html") == 4
    assert pauses == [0.5, 1.0, 2.0]


def test_retry_after_is_honoured_up_to_the_longest_pause(site: Site) -> None:
    site.routes["/a1.html"] = Route(story(1), fail_first=2, retry_after="30")
    pauses: list[float] = []
    options = FetchOptions(delay=0.0, retries=2, backoff=0.5, max_backoff=10.0)
    with Fetcher(options, sleep=pauses.append) as fetcher:
        fetcher.get(site.url("/a1.html"))
    assert pauses == [10.0, 10.0]


def test_requests_to_one_host_wait_their_turn_and_other_hosts_do_not(site: Site) -> None:
    site.routes.update({"/a1.html": Route(story(1)), "/a2.html": Route(story(2))})
    pauses: list[float] = []
    with Fetcher(FetchOptions(delay=5.0), sleep=pauses.append) as fetcher:
        fetcher.get(site.url("/a1.html"))  # robots.txt (404: all allowed), then the page
        other_host = site.url("/a2.html").replace("127.0.0.1", "localhost")
        fetcher.get(other_host)  # robots.txt of "localhost", then the page
    assert len(pauses) == 2  # one wait per host, before its second request
    assert all(4.0 < pause <= 5.0 for pause in pauses)


def test_robots_crawl_delay_lengthens_the_pause(site: Site) -> None:
    site.routes["/robots.txt"] = Route(
        b"User-agent: *\nCrawl-delay: 7\n", content_type="text/plain"
    )
    site.routes["/a1.html"] = Route(story(1))
    pauses: list[float] = []
    with Fetcher(FetchOptions(delay=1.0), sleep=pauses.append) as fetcher:
        fetcher.get(site.url("/a1.html"))
        fetcher.get(site.url("/a1.html"))
    assert pauses and 6.0 < pauses[-1] <= 7.0 * 2


def test_an_unreachable_robots_txt_forbids_the_host(site: Site) -> None:
    site.routes["/robots.txt"] = Route(b"down", status=500)
    site.routes["/a1.html"] = Route(story(1))
    with Fetcher(QUICK) as fetcher:
        assert not fetcher.allowed(site.url("/a1.html"))
        with pytest.raises(FetchError, match=r"robots\.txt cannot be read") as caught:
            fetcher.get(site.url("/a1.html"))
    assert caught.value.transient  # the page is asked for again on a later pass
    assert site.hits("/a1.html") == 0


def test_a_body_over_the_cap_is_refused(site: Site) -> None:
    site.routes["/huge.html"] = Route(page("Huge", "word " * 10_000))
    with (
        Fetcher(FetchOptions(delay=0.0, max_bytes=1000)) as fetcher,
        pytest.raises(FetchError, match="page size cap of 1,000 bytes"),
    ):
        fetcher.get(site.url("/huge.html"))


def test_passes_repeat_every_interval_and_a_locked_database_costs_one_pass(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitrep.errors import StoreLockedError
    from sitrep.follow import follow

    site.routes["/feed.xml"] = Route(rss("/a1.html"), content_type="application/rss+xml")
    site.routes["/a1.html"] = Route(story(1))
    db = tmp_path / "follow.duckdb"
    real_open = Store.open
    opens: list[Path] = []

    def flaky_open(path: Path, **kwargs: object) -> Store:
        opens.append(path)
        if len(opens) == 1:
            raise StoreLockedError(str(path), "another process holds the database")
        return real_open(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "open", flaky_open)
    passes: list[FollowReport] = []
    failures: list[str] = []

    class Stop(Exception):
        pass

    def sleep(seconds: float) -> None:
        assert seconds == 600
        if len(passes) == 3:
            raise Stop

    with Fetcher(QUICK) as fetcher, pytest.raises(Stop):
        follow(
            [site.url("/feed.xml")],
            db,
            FakePipeline(),
            Config.load(),
            fetcher,
            every=600,
            on_failure=failures.append,
            on_pass=passes.append,
            sleep=sleep,
        )
    assert failures == [f"{db}: another process holds the database"]
    assert [p.stored for p in passes] == [0, 1, 0]  # kept through the locked pass, stored next
    assert site.hits("/a1.html") == 1


def test_a_redirect_is_followed_only_where_robots_txt_allows(site: Site) -> None:
    site.routes.update(
        {
            "/robots.txt": Route(
                b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
            ),
            "/out.html": Route(status=302, headers={"Location": "/private/a9.html"}),
            "/private/a9.html": Route(story(9)),
            "/loop.html": Route(status=301, headers={"Location": "/loop.html"}),
        }
    )
    with Fetcher(QUICK) as fetcher:
        with pytest.raises(FetchError, match=r"robots\.txt disallows it") as refused:
            fetcher.get(site.url("/out.html"))
        assert refused.value.subject == site.url("/private/a9.html")
        with pytest.raises(FetchError, match="more than 5 redirects"):
            fetcher.get(site.url("/loop.html"))
    assert site.hits("/private/a9.html") == 0
    assert site.hits("/loop.html") == 6
