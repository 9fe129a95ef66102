"""``sitrep follow``: poll feeds and sitemaps, fetch each new article page, store it once.

One module per job: :mod:`~sitrep.follow.fetch` (polite HTTP),
:mod:`~sitrep.follow.sources` (links out of RSS/Atom feeds and news sitemaps),
:mod:`~sitrep.follow.state` (what was fetched, kept beside the database) and
:mod:`~sitrep.follow.loop` (the passes, which store through
:func:`sitrep.ingest.ingest_articles`, as ``sitrep ingest`` does).

Example:
    >>> with Fetcher(FetchOptions()) as fetcher:                               # doctest: +SKIP
    ...     follow_once(["https://example.org/feed.xml"], Path("sitrep.duckdb"),
    ...                 Pipeline(config), config, fetcher).summary()
"""

from __future__ import annotations

from sitrep.follow.fetch import Fetcher, FetchError, FetchOptions, user_agent
from sitrep.follow.loop import FollowReport, follow, follow_once
from sitrep.follow.state import FollowState, state_path

__all__ = [
    "FetchError",
    "FetchOptions",
    "Fetcher",
    "FollowReport",
    "FollowState",
    "follow",
    "follow_once",
    "state_path",
    "user_agent",
]
