from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from factories import event

from sitrep.clean import clean_article
from sitrep.config import Config
from sitrep.ingest import ingest
from sitrep.records import Article, Processed, Result, Span
from sitrep.store import EventQuery, Store


class CountingPipeline:
    """Stands in for the NLP pipeline: one event per article, and counts what it saw."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
        for raw in articles:
            article = clean_article(raw)
            self.seen.append(article.text)
            if article.text.startswith("Bonjour"):
                yield Processed(replace(article, language="fr"), reason="language 'fr'")
                continue
            clash = event(
                article.article_id + "-0",
                article.article_id,
                fatalities=len(article.text),
                evidence={"event_type": (Span(0, 5, article.text[:5]),)},
            )
            yield Processed(article, Result((clash,)))


def _corpus(root: Path) -> Path:
    root.mkdir()
    (root / "a.txt").write_text("date 2020-02-27\nClashes in Idlib killed two.\n")
    (root / "b.txt").write_text("Protest in Lagos.\n")
    (root / "c.txt").write_text("Bonjour, une manifestation.\n")
    (root / "d.jsonl").write_text(
        '{"id": "1", "text": "Shelling in Donetsk."}\n{"id": "2", "text": "Raid in Gao."}\n'
    )
    return root


@pytest.fixture
def config() -> Config:
    return Config.load(overrides={"nlp": {"batch_size": 2}})


def test_ingest_stores_every_article_and_reports_counts(tmp_path: Path, config: Config) -> None:
    corpus = _corpus(tmp_path / "in")
    ticks: list[int] = []
    with Store.open(tmp_path / "db.duckdb") as store:
        report = ingest([corpus], store, CountingPipeline(), config, progress=ticks.append)
        assert store.stats()["articles"] == 5
        assert store.count_events(EventQuery()) == 4
    assert (report.read, report.stored, report.unchanged) == (5, 5, 0)
    assert (report.events, report.without_records, report.rejected) == (4, 1, [])
    assert sum(ticks) == 5
    assert report.summary().startswith("read 5 articles: 5 stored")


def test_re_ingesting_skips_stored_articles_without_processing_them(
    tmp_path: Path, config: Config
) -> None:
    corpus = _corpus(tmp_path / "in")
    pipeline = CountingPipeline()
    with Store.open(tmp_path / "db.duckdb") as store:
        ingest([corpus], store, pipeline, config)
        pipeline.seen.clear()
        (corpus / "b.txt").write_text("Protest in Lagos, police fired tear gas.\n")
        report = ingest([corpus], store, pipeline, config)
        assert store.stats()["articles"] == 6  # b's text changed: a new article id
    assert pipeline.seen == ["Protest in Lagos, police fired tear gas."]
    assert (report.stored, report.unchanged) == (1, 4)


def test_a_changed_jsonl_record_replaces_its_stored_version(tmp_path: Path, config: Config) -> None:
    corpus = _corpus(tmp_path / "in")
    with Store.open(tmp_path / "db.duckdb") as store:
        ingest([corpus], store, CountingPipeline(), config)
        (corpus / "d.jsonl").write_text(
            '{"id": "1", "text": "Shelling in Donetsk, twelve dead."}\n'
            '{"id": "2", "text": "Raid in Gao."}\n'
        )
        report = ingest([corpus], store, CountingPipeline(), config)
        assert store.stats()["articles"] == 5
        assert store.count_events(EventQuery()) == 4
    assert (report.stored, report.unchanged) == (1, 4)


def test_bad_inputs_are_reported_and_good_ones_still_stored(tmp_path: Path, config: Config) -> None:
    corpus = _corpus(tmp_path / "in")
    (corpus / "empty.txt").write_text("")
    (corpus / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    with Store.open(tmp_path / "db.duckdb") as store:
        report = ingest([corpus, tmp_path / "missing.txt"], store, CountingPipeline(), config)
        assert store.stats()["articles"] == 5
    assert len(report.rejected) == 3
    assert all(": " in line and "\n" not in line for line in report.rejected)
    assert any("missing.txt" in line for line in report.rejected)


def test_a_rerun_merges_what_an_interrupted_run_stored_but_never_merged(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitrep.ingest as ingest_module

    corpus = _corpus(tmp_path / "in")
    real_merge = ingest_module.merge_pending

    def crash(*_args: object) -> None:
        raise KeyboardInterrupt  # stopped after the last batch, before the merge

    monkeypatch.setattr(ingest_module, "merge_pending", crash)
    with Store.open(tmp_path / "db.duckdb") as store, pytest.raises(KeyboardInterrupt):
        ingest([corpus], store, CountingPipeline(), config)
    monkeypatch.setattr(ingest_module, "merge_pending", real_merge)

    with Store.open(tmp_path / "db.duckdb") as store:
        assert len(store.pending_articles()) == 5
        assert store.incidents(EventQuery()) == []
        report = ingest([corpus], store, CountingPipeline(), config)
        assert (report.stored, report.unchanged) == (0, 5)
        assert report.merged is not None and report.merged.incidents == 4
        assert store.pending_articles() == []
        events = store.events(EventQuery())
        assert events and all(e["incident_id"] for e in events)


def test_each_article_is_cleaned_once(tmp_path: Path, config: Config) -> None:
    from sitrep._types import CleanedArticle

    corpus = _corpus(tmp_path / "in")
    received: list[Article] = []

    class Recording(CountingPipeline):
        def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
            for article in articles:
                received.append(article)
                yield from super().process_many([article])

    with Store.open(tmp_path / "db.duckdb") as store:
        ingest([corpus], store, Recording(), config)
    assert received and all(isinstance(a, CleanedArticle) for a in received)
