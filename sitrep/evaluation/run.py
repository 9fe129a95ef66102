"""One evaluation of a gold set: record-level figures, per group, and article-level figures.

A gold set may mix record-level gold (one event per record) and article-level
gold (``gold.events``); each kind is scored by its own rules and reported apart,
so that one command can score every file at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sitrep.evaluation.articles import ArticleScores, score_articles
from sitrep.evaluation.figures import Metric
from sitrep.evaluation.gold import GoldRecord
from sitrep.evaluation.groups import score_groups
from sitrep.evaluation.prediction import Prediction
from sitrep.evaluation.scores import Scores, score


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The figures of one run: ``records`` and ``groups`` for record-level gold, ``articles``.

    ``records`` is ``None`` when the set has no record-level gold, ``articles``
    when it has no article-level gold; ``groups`` is empty when the record-level
    gold comes from one source without parts.
    """

    records: Scores | None
    groups: dict[str, Scores]
    articles: ArticleScores | None

    def figures(self) -> dict[str, Metric]:
        """Every figure by one flat name, as the gate and the benchmark tables name them.

        Record-level and article-level figures keep their names; the main-event
        figures of the articles are prefixed ``main:`` (``main:killed.exact``).
        """
        out = dict(self.records.metrics) if self.records else {}
        if self.articles is not None:
            out |= self.articles.metrics
            out |= {f"main:{name}": m for name, m in self.articles.main.metrics.items()}
        return out

    def to_json(self) -> dict[str, Any]:
        """JSON-ready: each part's own summary, and each group's figures."""
        return {
            **(self.records.to_json() if self.records else {"n_records": 0}),
            "groups": {name: s.to_json()["metrics"] for name, s in self.groups.items()},
            "articles": self.articles.to_json() if self.articles else None,
        }


def evaluate(records: Sequence[GoldRecord], predictions: Sequence[Prediction]) -> Evaluation:
    """Score each kind of gold by its rules.

    Raises:
        ValueError: the two sequences differ in length.
    """
    if len(records) != len(predictions):
        raise ValueError(f"{len(records)} gold records but {len(predictions)} predictions")
    pairs = list(zip(records, predictions, strict=True))
    single = [(r, p) for r, p in pairs if not r.article_level]
    multi = [(r, p) for r, p in pairs if r.article_level]
    single_records, single_predictions = [r for r, _ in single], [p for _, p in single]
    return Evaluation(
        records=score(single_records, single_predictions) if single else None,
        groups=score_groups(single_records, single_predictions) if single else {},
        articles=(score_articles([r for r, _ in multi], [p for _, p in multi]) if multi else None),
    )
