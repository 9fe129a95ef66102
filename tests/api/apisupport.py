"""Support for the API and dashboard tests: hand-built records and a real server on loopback.

The first article is the worked example of DESIGN.md (the seed article's body);
the others are short reports written for these tests. Every field's evidence
is found in its article's text, so the spans are exact by construction.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from sitrep.config import Config
from sitrep.records import Article, Event, Figure, Processed, Result, Revision, Span, stable_id

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_000_f27050b7da281b43.txt"


def span(text: str, phrase: str, nth: int = 0) -> Span:
    """The ``nth`` occurrence of ``phrase`` in ``text`` as a Span (fails loudly if absent)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase), phrase)


def _evidence(text: str, **fields: str | tuple[str, ...]) -> dict[str, tuple[Span, ...]]:
    out = {}
    for field, phrases in fields.items():
        phrases = (phrases,) if isinstance(phrases, str) else phrases
        out[field] = tuple(span(text, p) for p in phrases)
    return out


def seed_processed() -> Processed:
    """The seed article with its air strike event and two humanitarian figures."""
    raw = SEED.read_text(encoding="utf-8")
    text = raw[raw.index("At least 22") :].strip()
    article = Article(
        text=text,
        title="Turkish soldiers killed in Idlib air strike",
        published=date(2020, 2, 27),
        url="https://example.org/news/idlib-air-strike",
        source="Example News",
        language="en",
    )
    aid = article.article_id
    event = Event(
        event_id=stable_id(aid, "event", "0"),
        article_id=aid,
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        source=article.source,
        url=article.url,
        published=article.published,
        event_date=date(2020, 2, 27),
        date_precision=1,
        actor1="Military Forces of Syria",
        actor2="Military Forces of Turkey",
        assoc_actor1="Military Forces of Russia",
        inter1=1,
        inter2=8,
        country="Syria",
        iso3="SYR",
        admin1="Idlib",
        location="Idlib",
        latitude=35.93,
        longitude=36.63,
        geo_precision=3,
        fatalities=22,
        fatalities_low=22,
        fatalities_high=22,
        injured_mentioned=True,
        qualifier="at_least",
        revisions=(Revision(9, span(text, "nine")),),
        sources_quoted=("Rahmi Dogan, governor of Hatay province",),
        notes="On 27 February 2020, Syrian government forces struck Turkish soldiers in Idlib.",
        confidence=0.9,
        evidence=_evidence(
            text,
            event_type="air strike",
            sub_event_type="air strike",
            event_date="Thursday",
            actor1="government forces",
            assoc_actor1="backed by Russia",
            actor2="Turkish soldiers",
            location="province of Idlib",
            country="Syria",
            fatalities=("At least 22", "increased to 22"),
            injured="others were injured",
            sources_quoted="Rahmi Dogan, governor of Hatay province",
        ),
    )
    displaced = Figure(
        figure_id=stable_id(aid, "figure", "0"),
        article_id=aid,
        figure_type="displaced",
        value=1_000_000,
        qualifier="up_to",
        period_start=date(2019, 12, 1),
        country="Syria",
        iso3="SYR",
        admin1="Idlib",
        geo_precision=3,
        evidence=_evidence(text, value="almost a million", figure_type="displaced"),
    )
    refugees = Figure(
        figure_id=stable_id(aid, "figure", "1"),
        article_id=aid,
        figure_type="refugees",
        value=3_600_000,
        qualifier="more_than",
        country="Turkey",
        iso3="TUR",
        evidence=_evidence(text, value="more than 3.6 million", figure_type="Syrian refugees"),
    )
    return Processed(article, Result(events=(event,), figures=(displaced, refugees)))


#: (published, text, event_type, sub_event_type, country, admin1, location, lat, lon, fatalities,
#:  evidence phrases for: type trigger, place, fatalities or None)
_REPORTS = [
    (
        date(2020, 2, 20),
        "At least 12 people were killed when gunmen attacked a market in Maiduguri, "
        "Borno state, on Thursday, police said.",
        ("Violence against civilians", "Attack", "Nigeria", "Borno", "Maiduguri"),
        (11.85, 13.16, 12),
        ("gunmen attacked", "Maiduguri", "At least 12"),
    ),
    (
        date(2020, 2, 24),
        "Protesters marched peacefully through Nairobi on Monday to demand lower fuel "
        "prices, organisers said.",
        ("Protests", "Peaceful protest", "Kenya", "Nairobi", "Nairobi"),
        (-1.29, 36.82, None),
        ("marched peacefully", "Nairobi", None),
    ),
    (
        date(2020, 3, 3),
        "A roadside bomb killed three soldiers near Gao, Mali, on Tuesday, the army said.",
        ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Mali", "Gao", "Gao"),
        (16.27, -0.04, 3),
        ("roadside bomb", "near Gao", "three soldiers"),
    ),
    (
        date(2020, 3, 5),
        "Police arrested 14 opposition supporters in Harare on Thursday.",
        ("Strategic developments", "Arrests", "Zimbabwe", "Harare", "Harare"),
        (-17.83, 31.05, None),
        ("arrested", "Harare", None),
    ),
]


def report_processed() -> list[Processed]:
    """Four short reports, one event each, in four countries over two weeks."""
    out = []
    for i, (published, text, kinds, place, phrases) in enumerate(_REPORTS):
        event_type, sub_type, country, admin1, location = kinds
        lat, lon, fatalities = place
        trigger, where, toll = phrases
        article = Article(
            text=text,
            title=f"Report {i}",
            published=published,
            url=f"https://example.org/news/report-{i}",
            source="Example Wire",
            language="en",
        )
        evidence = _evidence(text, event_type=trigger, sub_event_type=trigger, location=where)
        if toll:
            evidence["fatalities"] = (span(text, toll),)
        event = Event(
            event_id=stable_id(article.article_id, "event", "0"),
            article_id=article.article_id,
            event_type=event_type,
            sub_event_type=sub_type,
            source=article.source,
            url=article.url,
            published=published,
            event_date=published,
            date_precision=1,
            country=country,
            admin1=admin1,
            location=location,
            latitude=lat,
            longitude=lon,
            geo_precision=1,
            fatalities=fatalities,
            qualifier="at_least" if toll and toll.startswith("At least") else None,
            confidence=0.7,
            evidence=evidence,
        )
        out.append(Processed(article, Result(events=(event,))))
    return out


def all_processed() -> list[Processed]:
    """Every hand-built article, the seed first."""
    return [seed_processed(), *report_processed()]


def build_db(path: Path) -> Path:
    """Write every hand-built article to a new database at ``path`` and merge incidents.

    The incidents are merged as ``sitrep ingest`` merges them, so that
    ``/incidents`` has records to list.
    """
    from sitrep.config import Config
    from sitrep.merge import update_incidents
    from sitrep.store import Store

    with Store.open(path) as store:
        for processed in all_processed():
            store.write(processed)
        events = [e.event_id for p in all_processed() for e in p.result.events]
        update_incidents(store, events, Config.load())
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(db: Path, *extra: str, timeout: float = 30.0) -> Iterator[str]:
    """Run ``sitrep serve`` on a free loopback port; yield its base URL; stop it afterwards."""
    port = free_port()
    args: Sequence[str] = (
        sys.executable,
        "-m",
        "sitrep",
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
        "--quiet",
        *extra,
    )
    env = {k: v for k, v in os.environ.items() if k != "SITREP_INGEST_TOKEN"}
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                output = proc.stdout.read() if proc.stdout else ""
                raise RuntimeError(f"sitrep serve exited with {proc.returncode}: {output}")
            try:
                if httpx.get(f"{base}/stats", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("sitrep serve did not start in time")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


TOKEN = "test-token-3f9c2a"
#: Small limits so that the limit tests need small bodies.
LIMITS = {"max_request_bytes": 4096, "max_article_chars": 1000, "max_batch_articles": 3}


class EchoPipeline:
    """Stands in for the NLP pipeline where a test is about the HTTP layer, not extraction.

    It returns each article with no records and remembers what it was given.
    """

    def __init__(self, config: Config) -> None:
        self.seen: list[Article] = []

    def process(self, article: Article) -> Processed:
        self.seen.append(article)
        return Processed(article)

    def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
        for article in articles:
            yield self.process(article)


def make_config(**api: Any) -> Config:
    return Config.load(overrides={"limits": LIMITS, "api": api})
