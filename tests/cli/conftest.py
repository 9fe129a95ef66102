"""CLI test helpers: run ``sitrep`` in-process as the console script does, with a fake pipeline."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.clean import clean_article
from sitrep.cli import _common, main
from sitrep.config import Config
from sitrep.records import Article, Event, Figure, Processed, Result, Span

#: Places the fake pipeline "geocodes": name → (country, ISO alpha-3, latitude, longitude).
PLACES = {
    "Idlib": ("Syria", "SYR", 35.93, 36.63),
    "Lagos": ("Nigeria", "NGA", 6.45, 3.39),
    "Donetsk": ("Ukraine", "UKR", None, None),
}


def _span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start, start + len(words), words)


class FakePipeline:
    """Stands in for the NLP pipeline: one event per article that names a known place.

    The fatality count is the first number in the text, a figure is found after
    "displaced", and an article starting "Bonjour" is stored with a reason, as
    the real pipeline does with French.
    """

    def __init__(self) -> None:
        self.seen: list[str] = []

    def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
        for raw in articles:
            article = clean_article(raw)
            self.seen.append(article.text)
            if article.text.startswith("Bonjour"):
                yield Processed(article, reason="language 'fr' is not read by the English pipeline")
                continue
            yield Processed(article, Result(self._events(article), self._figures(article)))

    @staticmethod
    def _events(article: Article) -> tuple[Event, ...]:
        text = article.text
        place = next((name for name in PLACES if name in text), None)
        if place is None:
            return ()
        country, iso3, lat, lon = PLACES[place]
        number = re.search(r"\d+", text)
        evidence = {"location": (_span(text, place),)}
        if number:
            evidence["fatalities"] = (_span(text, number.group()),)
        return (
            Event(
                event_id=f"{article.article_id}-e0",
                article_id=article.article_id,
                event_type="Battles",
                sub_event_type="Armed clash",
                source=article.source,
                url=article.url,
                published=article.published,
                event_date=article.published,
                date_precision=1 if article.published else None,
                actor1="Military Forces of Syria" if place == "Idlib" else None,
                inter1=1 if place == "Idlib" else None,
                country=country,
                iso3=iso3,
                admin1=place,
                location=place,
                latitude=lat,
                longitude=lon,
                geo_precision=3,
                fatalities=int(number.group()) if number else None,
                qualifier="at_least" if number and "at least" in text.lower() else None,
                evidence=evidence,
            ),
        )

    @staticmethod
    def _figures(article: Article) -> tuple[Figure, ...]:
        match = re.search(r"(\d+) (?:people )?displaced", article.text)
        if not match:
            return ()
        return (
            Figure(
                figure_id=f"{article.article_id}-f0",
                article_id=article.article_id,
                figure_type="displaced",
                value=int(match.group(1)),
                evidence={"value": (_span(article.text, match.group()),)},
            ),
        )


@dataclass(frozen=True)
class Outcome:
    """What one ``sitrep`` run did: its exit status and what it printed."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


Run = Callable[..., Outcome]


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> FakePipeline:
    """Every command that builds a pipeline gets this fake one (no model is loaded)."""
    fake = FakePipeline()

    def load(config: Config) -> FakePipeline:
        return fake

    monkeypatch.setattr(_common, "load_pipeline", load)
    return fake


@pytest.fixture
def run() -> Run:
    """Run ``sitrep ARGS...`` through ``main()``, as the console script does, in isolation."""

    def invoke(*args: str | Path) -> Outcome:
        runner = CliRunner()
        with runner.isolation() as (out, err, _):
            try:
                main([str(a) for a in args])
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            sys.stdout.flush()
            sys.stderr.flush()
            return Outcome(code, out.getvalue().decode(), err.getvalue().decode())

    return invoke


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Five good articles in four formats' worth of files."""
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "idlib.txt").write_text(
        "date 2020-02-27\nAt least 22 soldiers were killed in Idlib; 900 people displaced.\n"
    )
    (root / "lagos.txt").write_text("date 2021-10-20\nPolice shot 12 protesters in Lagos.\n")
    (root / "paris.txt").write_text("Bonjour, une manifestation a Paris.\n")
    (root / "wire.jsonl").write_text(
        '{"id": "w1", "text": "Shelling in Donetsk killed 3.", "published": "2022-03-01"}\n'
        '{"id": "w2", "text": "A quiet day in the capital.", "published": "2022-03-02"}\n'
    )
    return root
