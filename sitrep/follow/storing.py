"""The one place ``follow`` hands articles to the ingest path (store, tally, merge incidents).

Followed articles are stored exactly as ``sitrep ingest`` stores files: the same
fingerprint check, pipeline batches, one transaction per article and the same
incremental merge into incidents. Today's ingest reads paths, so the articles
travel as one JSON Lines file, which its JSONL reader turns back into the same
:class:`~sitrep.records.Article` s; when ingest grows a step that takes articles,
this module's body becomes that one call.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sitrep.config import Config
from sitrep.ingest import ArticleProcessor, IngestReport, ingest
from sitrep.records import Article
from sitrep.store import Store


def store_articles(
    articles: Sequence[Article], store: Store, pipeline: ArticleProcessor, config: Config
) -> IngestReport:
    """Store and merge ``articles`` through the ingest path; rejections name each article's URL."""
    with tempfile.TemporaryDirectory(prefix="sitrep-follow-") as folder:
        path = Path(folder) / "articles.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for article in articles:
                out.write(json.dumps(_record(article), ensure_ascii=False) + "\n")
        report = ingest([path], store, pipeline, config)
    names = {f"{path}:{n}": a.url or f"article {n}" for n, a in enumerate(articles, start=1)}
    report.rejected = [_renamed(line, names) for line in report.rejected]
    return report


def _record(article: Article) -> dict[str, str]:
    fields = {
        "text": article.text,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "source": article.source,
        "language": article.language,
    }
    return {name: value for name, value in fields.items() if value is not None}


def _renamed(line: str, names: dict[str, str]) -> str:
    origin, sep, reason = line.partition(": ")
    return f"{names.get(origin, origin)}{sep}{reason}"
