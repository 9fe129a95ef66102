"""Fixtures of the reliability tests: a database of generated records and a model-free pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from synthetic_news import processed_for

from sitrep.clean import clean_article
from sitrep.records import Article, Processed
from sitrep.store import Store

#: Articles in the generated database.
N_ARTICLES = 40


class CleaningPipeline:
    """Stands in for the NLP pipeline where a test is about everything around it.

    It does what the real pipeline does before the model (cleaning, the empty-text
    reason) and finds nothing, so bodies and files reach the store as the real
    pipeline would hand them over.
    """

    def __init__(self, config: object = None) -> None:
        self.seen = 0

    def process(self, article: Article) -> Processed:
        self.seen += 1
        cleaned = clean_article(article)
        if not cleaned.text.strip():
            return Processed(cleaned, reason="no text left after cleaning")
        return Processed(cleaned)

    def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
        for article in articles:
            yield self.process(article)


@pytest.fixture(scope="session")
def generated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of :data:`N_ARTICLES` generated articles, one event and one figure each."""
    path = tmp_path_factory.mktemp("reliability") / "generated.duckdb"
    with Store.open(path) as store:
        for i in range(N_ARTICLES):
            store.write(processed_for(i))
    return path
