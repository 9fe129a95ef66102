"""Every event sitrep finds in the demo corpus lies in the country the corpus labels give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep import Pipeline
from sitrep.config import Config
from sitrep.evaluation import same_place_name
from sitrep.read import read_paths
from sitrep.records import Article

pytestmark = pytest.mark.nlp

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "sitrep" / "data" / "corpus"


def _labels() -> dict[tuple[str, str | None], str]:
    """(file under the corpus, record id) → labelled country."""
    out: dict[tuple[str, str | None], str] = {}
    for name in ("incidents-a.jsonl", "incidents-b.jsonl"):
        for line in (REPO / "eval" / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("country"):
                out[(row["file"], row["id"])] = row["country"]
    return out


def test_every_demo_event_lies_in_its_labelled_country(pipeline: Pipeline) -> None:
    labels = _labels()
    articles = [a for a in read_paths([CORPUS], Config.load().limits) if isinstance(a, Article)]
    checked: list[str] = []
    wrong: list[str] = []
    for processed in pipeline.process_many(articles):
        article = processed.article
        path = (article.origin or "").split(":")[0]
        relative = Path(path).resolve().relative_to(CORPUS).as_posix() if path else ""
        country = labels.get((relative, article.external_id)) or labels.get((relative, None))
        for event in processed.result.events if country else ():
            checked.append(relative)
            if not same_place_name(country, event.country):
                wrong.append(f"{relative}: {event.country} ({event.location}), labelled {country}")
    assert len(checked) > 100  # the corpus has ~150 labelled articles with events
    assert wrong == []
