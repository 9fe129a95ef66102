"""Support for the CLI tests: a fake pipeline (no model) and the outcome of one ``sitrep`` run.

Kept out of ``conftest.py`` so that test modules can import it by a name no
other test folder uses (every folder's ``conftest`` is called ``conftest``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from factories import Place, event_in, evidence, figure_in, span

from sitrep.clean import clean_article
from sitrep.records import Article, Event, Figure, Processed, Result

#: Places the fake pipeline "geocodes": name → (country, ISO alpha-3, latitude, longitude).
PLACES = {
    "Idlib": ("Syria", "SYR", 35.93, 36.63),
    "Lagos": ("Nigeria", "NGA", 6.45, 3.39),
    "Donetsk": ("Ukraine", "UKR", None, None),
}


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
        found = evidence(text, location=place)
        if number:
            found["fatalities"] = (span(text, number.group()),)
        return (
            event_in(
                article,
                "Battles",
                "Armed clash",
                event_id=f"{article.article_id}-e0",
                place=Place(country, iso3, place, place, lat, lon, 3),
                event_date=article.published,
                date_precision=1 if article.published else None,
                actor1="Military Forces of Syria" if place == "Idlib" else None,
                inter1=1 if place == "Idlib" else None,
                fatalities=int(number.group()) if number else None,
                qualifier="at_least" if number and "at least" in text.lower() else None,
                evidence=found,
            ),
        )

    @staticmethod
    def _figures(article: Article) -> tuple[Figure, ...]:
        match = re.search(r"(\d+) (?:people )?displaced", article.text)
        if not match:
            return ()
        return (
            figure_in(
                article,
                "displaced",
                int(match.group(1)),
                figure_id=f"{article.article_id}-f0",
                evidence=evidence(article.text, value=match.group()),
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
