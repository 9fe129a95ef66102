"""Generated news, hand-built records and a model-free pipeline for the reliability tests.

The texts are short, English, varied (event kinds, places, counts, dates) and
unique by construction, so a corpus of ``n`` of them is ``n`` distinct articles
whose ids are known before ingest. The records built by :func:`processed_for`
(with :mod:`factories`) carry evidence found in their own text, so they are
valid store input without the NLP model. (A module of its own, not ``conftest``:
every test folder has a ``conftest`` and only one of them can be imported under
that name.)
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

from factories import Place, event_in, evidence, figure_in

from sitrep.clean import clean_article
from sitrep.records import Article, Processed, Result

#: Articles in the database of the ``generated_db`` fixture.
N_ARTICLES = 40

PLACES = [
    ("Idlib", "Syria", "SYR", 35.93, 36.63),
    ("Kabul", "Afghanistan", "AFG", 34.53, 69.17),
    ("Mogadishu", "Somalia", "SOM", 2.04, 45.34),
    ("Maiduguri", "Nigeria", "NGA", 11.85, 13.16),
    ("Donetsk", "Ukraine", "UKR", 48.0, 37.8),
    ("Gao", "Mali", "MLI", 16.27, -0.04),
    ("Kandahar", "Afghanistan", "AFG", 31.61, 65.71),
    ("Aleppo", "Syria", "SYR", 36.2, 37.16),
]
#: (sentence template, ACLED event type, sub-event type, trigger word in the template)
KINDS = [
    (
        "{n} people were killed in an air strike on {place} on {day}, officials said.",
        "Explosions/Remote violence",
        "Air/drone strike",
        "air strike",
    ),
    (
        "At least {n} soldiers died when militants attacked a checkpoint near {place} on {day}.",
        "Battles",
        "Armed clash",
        "attacked",
    ),
    (
        "Police arrested {n} protesters in {place} on {day} after a march against prices.",
        "Strategic developments",
        "Arrests",
        "arrested",
    ),
    (
        "A roadside bomb killed {n} civilians outside {place} on {day}, the governor said.",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "roadside bomb",
    ),
    (
        "Shelling of {place} on {day} killed {n} people and wounded many more, medics said.",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "Shelling",
    ),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def article_text(i: int, seed: int = 0) -> tuple[date, str]:
    """The ``i``-th generated article of a corpus: its publication date and text.

    Example:
        >>> article_text(0)[1].endswith("(report 0)")
        True
    """
    rng = random.Random(seed * 1_000_003 + i)
    published = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 900))
    template = KINDS[rng.randrange(len(KINDS))][0]
    place = PLACES[rng.randrange(len(PLACES))][0]
    lead = template.format(n=rng.randint(2, 60), place=place, day=rng.choice(DAYS))
    follow = (
        f"Residents of {place} said the fighting had gone on for {rng.randint(2, 9)} days. "
        f"Aid groups said {rng.randint(100, 9000)} families had fled their homes. (report {i})"
    )
    return published, f"{lead}\n\n{follow}"


def write_corpus(root: Path, n: int, seed: int = 0) -> list[str]:
    """Write ``n`` plain-text articles (with ``date`` headers) under ``root``; return their texts.

    Files are spread over a few sub-folders so that recursive reading is exercised.
    """
    texts = []
    for i in range(n):
        published, text = article_text(i, seed)
        folder = root / f"part{i % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"article_{i:05d}.txt").write_text(
            f"date {published.isoformat()}\n{text}\n", encoding="utf-8"
        )
        texts.append(text)
    return texts


def processed_for(i: int, seed: int = 0) -> Processed:
    """The ``i``-th generated article with one event and one figure, evidenced in its text.

    Used to fill a database without the NLP model; the values follow the text's
    template, so filters on country, type and fatalities return sensible subsets.
    """
    rng = random.Random(seed * 1_000_003 + i)
    published, text = article_text(i, seed)
    rng.randrange(0, 900)  # the draws of article_text, in the same order
    _, event_type, sub_type, trigger = KINDS[rng.randrange(len(KINDS))]
    place, country, iso3, lat, lon = PLACES[rng.randrange(len(PLACES))]
    fatalities = rng.randint(2, 60)
    article = Article(
        text=text,
        title=f"{sub_type} in {place}",
        published=published,
        url=f"https://news.invalid/{seed}/{i}",
        source="Generated Wire",
        language="en",
    )
    reported = event_in(
        article,
        event_type,
        sub_type,
        place=Place(country, iso3, place, place, lat, lon, 1),
        event_date=published,
        date_precision=2,
        fatalities=fatalities if "killed" in text or "died" in text else None,
        qualifier="exact",
        confidence=0.5,
        evidence=evidence(text, event_type=trigger, location=place),
    )
    families = text.split("said ")[-1].split(" families")[0]
    figure = figure_in(
        article,
        "displaced",
        int(families),
        unit="households",
        country=country,
        iso3=iso3,
        location=place,
        evidence=evidence(text, value=f"{families} families"),
    )
    return Processed(article, Result((reported,), (figure,)))


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
