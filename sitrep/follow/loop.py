"""The follow loop: read each source, fetch each new page, read its article, store, repeat.

One pass reads every source (a 304 costs nothing), fetches the pages it has
not seen, reads each with sitrep's HTML reader (trafilatura) and stores the
articles source by source through the ingest path
(:func:`~sitrep.ingest.ingest_articles`, the step ``sitrep ingest`` runs after
reading its files), which merges them into incidents. The database is written
through a :class:`~sitrep.store.Writer`, so a server can show it meanwhile. A
source or page that fails is one line and a count, and the pass goes on. The
:mod:`~sitrep.follow.state` file makes passes and restarts cheap: a page is
fetched once, and an article fetched before a crash is stored on restart
without fetching it again.

Example:
    >>> report = follow_once(["https://example.org/feed.xml"], Path("sitrep.duckdb"),
    ...                      pipeline, config, fetcher)               # doctest: +SKIP
    >>> report.summary()                                               # doctest: +SKIP
    '1 sources (0 unchanged): 12 new pages, 11 stored, 0 unchanged, 1 failed; 9 events, 2 figures'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from trafilatura.utils import decode_file

from sitrep._types import ArticleProcessor
from sitrep.config import Config, LimitsConfig
from sitrep.errors import InputError, StoreError
from sitrep.follow.fetch import Fetcher, FetchError, Response
from sitrep.follow.sources import Entry, Listing, read_listing
from sitrep.follow.state import FollowState, state_path
from sitrep.ingest import IngestReport, ingest_articles
from sitrep.read import read_html
from sitrep.records import Article, Rejected
from sitrep.store import Writer

#: Seconds a pass waits for a database another process is writing.
_LOCK_TIMEOUT = 60.0
_HTML_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass(slots=True)
class FollowReport(IngestReport):
    """What one pass did: an ingest's counts of the articles it stored, and the fetching.

    ``failures`` holds one ``url: reason`` line per failed source or page (a page
    that holds no article is one of them, never one of the ingest's ``rejected``).
    """

    sources: int = 0
    unchanged_sources: int = 0
    new_pages: int = 0
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for a person: sources read, pages fetched, articles stored, failures."""
        return (
            f"{self.sources} sources ({self.unchanged_sources} unchanged): "
            f"{self.new_pages} new pages, {self.stored} stored, {self.unchanged} unchanged, "
            f"{len(self.failures)} failed; {self.events} events, {self.figures} figures"
        )


def follow_once(
    sources: Sequence[str],
    db: Path,
    pipeline: ArticleProcessor,
    config: Config,
    fetcher: Fetcher,
    on_failure: Callable[[str], None] = lambda _line: None,
) -> FollowReport:
    """One pass over ``sources``: every new article they list, stored once in ``db``.

    Args:
        sources: RSS/Atom feed and sitemap URLs.
        db: the DuckDB file (the follow state is kept beside it).
        pipeline: the NLP pipeline (anything with ``process_many``).
        config: limits and batch sizes, as for ``sitrep ingest``.
        fetcher: the polite HTTP client.
        on_failure: called with each failure line as it happens.

    Raises:
        StoreError: the database cannot be written (fetched articles are kept for the next pass).
    """
    report = FollowReport()

    def fail(url: str, reason: str) -> None:
        line = f"{url}: {reason}"
        report.failures.append(line)
        on_failure(line)

    with FollowState.open(state_path(db)) as state:
        _store_pending(state, db, pipeline, config, report)  # left by a killed run
        queue, seen = list(dict.fromkeys(sources)), set(sources)
        tried: set[str] = set()
        while queue:
            source = queue.pop(0)
            report.sources += 1
            listing = _read_source(source, state, fetcher, report, fail)
            for sitemap in listing.sitemaps:
                if sitemap not in seen:
                    seen.add(sitemap)
                    queue.append(sitemap)
            for entry in listing.entries:
                if entry.url not in tried and state.is_new(entry.url):
                    tried.add(entry.url)
                    report.new_pages += 1
                    _fetch_page(entry, state, fetcher, config.limits, fail)
            _store_pending(state, db, pipeline, config, report)
        # Pages a busy server failed earlier, whether or not their source still lists them.
        for url in state.retry_due():
            if url not in tried:
                _fetch_page(Entry(url), state, fetcher, config.limits, fail)
        _store_pending(state, db, pipeline, config, report)
    return report


def follow(
    sources: Sequence[str],
    db: Path,
    pipeline: ArticleProcessor,
    config: Config,
    fetcher: Fetcher,
    *,
    every: float | None,
    on_failure: Callable[[str], None],
    on_pass: Callable[[FollowReport], None],
    sleep: Callable[[float], None],
) -> FollowReport:
    """Pass after pass, ``every`` seconds apart (one pass when ``every`` is None).

    Failure lines go to ``on_failure`` as they happen and each pass's report to
    ``on_pass``. When passes repeat, a database that cannot be written (another
    process holding it too long) costs that pass, not the loop: the fetched
    articles wait in the state for the next. Returns the last pass's report.

    Raises:
        StoreError: in a single pass (``every`` None), the database cannot be written.
    """
    while True:
        try:
            report = follow_once(sources, db, pipeline, config, fetcher, on_failure)
        except StoreError as error:
            if every is None:
                raise
            report = FollowReport(failures=[str(error)])
            on_failure(str(error))
        on_pass(report)
        if every is None:
            return report
        sleep(every)


def _read_source(
    url: str,
    state: FollowState,
    fetcher: Fetcher,
    report: FollowReport,
    fail: Callable[[str, str], None],
) -> Listing:
    etag, modified = state.validators(url)
    try:
        response = fetcher.get(url, etag=etag, last_modified=modified)
        if response.body is None:
            report.unchanged_sources += 1
            return Listing()
        listing = read_listing(response.body, response.url)
    except InputError as error:
        fail(url, error.reason)
        return Listing()
    # Validators are kept only once the listing was read, so a broken feed is read again.
    state.checked(url, response.etag, response.last_modified)
    return listing


def _fetch_page(
    entry: Entry,
    state: FollowState,
    fetcher: Fetcher,
    limits: LimitsConfig,
    fail: Callable[[str, str], None],
) -> None:
    try:
        response = fetcher.get(entry.url)
    except FetchError as error:
        state.failed(entry.url, error.reason, transient=error.transient)
        fail(entry.url, error.reason)
        return
    article = page_article(response, entry, limits)
    if isinstance(article, Rejected):
        state.failed(entry.url, article.reason, transient=False)
        fail(entry.url, article.reason)
        return
    state.keep([entry.url, response.url], article)


def page_article(response: Response, entry: Entry, limits: LimitsConfig) -> Article | Rejected:
    """The article of a fetched page, completed from what the listing said of it.

    The page's own metadata wins (its title, date, site name); the listing fills
    what the page lacks. The URL is where the page was found after redirects, so
    two links to one page give one article.
    """
    kind = response.content_type.split(";", 1)[0].strip().lower()
    if kind not in _HTML_TYPES:
        return Rejected(entry.url, f"not an HTML page ({kind})")
    read = read_html(decode_file(response.body or b""), entry.url, limits)
    if isinstance(read, Rejected):
        return read
    return replace(
        read,
        url=response.url,
        title=read.title or entry.title,
        published=read.published or entry.published,
        source=read.source or entry.source,
    )


def _store_pending(
    state: FollowState,
    db: Path,
    pipeline: ArticleProcessor,
    config: Config,
    report: FollowReport,
) -> None:
    pending = state.pending()
    if not pending:
        return
    articles = list(_one_per_article(article for _url, article in pending))
    with Writer(db, lock_timeout=_LOCK_TIMEOUT) as writer:
        ingest_articles(articles, writer, pipeline, config, report=report)
    state.stored(url for url, _article in pending)


def _one_per_article(articles: Iterable[Article]) -> Iterable[Article]:
    """Articles with distinct ids (a listed link and where it led keep the same article)."""
    seen: set[str] = set()
    for article in articles:
        if article.article_id not in seen:
            seen.add(article.article_id)
            yield article
