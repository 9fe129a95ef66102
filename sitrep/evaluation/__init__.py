"""Scoring sitrep against hand-labelled gold (``sitrep evaluate``, the quality gate, benches).

One module per job:

* :mod:`~sitrep.evaluation.gold`: reading gold JSONL, the tune/check halves
  (``sha256(id)``), a record's source and part;
* :mod:`~sitrep.evaluation.prediction`: the pipeline's output for a record, its
  main event (the one with the most fatalities);
* :mod:`~sitrep.evaluation.scores`: record-level figures (one gold event per
  record: ACLED notes, ISAF releases, the team's fixtures);
* :mod:`~sitrep.evaluation.groups`: the same figures per source and ACLED part;
* :mod:`~sitrep.evaluation.articles`: article-level figures (every event of an
  article: event precision and recall, main-event recall, false events);
* :mod:`~sitrep.evaluation.run`: all of it for one gold set;
* :mod:`~sitrep.evaluation.matching`, :mod:`~sitrep.evaluation.figures`: when
  two values agree, and the arithmetic of a figure;
* :mod:`~sitrep.evaluation.report`: the figures as text and Markdown tables;
* :mod:`~sitrep.evaluation.clusters`: the merge stage's clustering against
  labelled incidents (pairwise and B-cubed).

``docs/evaluation.md`` says how to use them and which half to look at.
"""

from __future__ import annotations

from sitrep.evaluation.articles import ArticleScores, event_matches, score_articles
from sitrep.evaluation.figures import Metric, percentile, weighted_f1
from sitrep.evaluation.gold import (
    HALVES,
    GoldRecord,
    Half,
    half_of,
    load_gold,
    select_half,
)
from sitrep.evaluation.groups import score_groups
from sitrep.evaluation.matching import same_actor, same_admin1, same_place_name, text_dates_event
from sitrep.evaluation.prediction import Prediction, predict
from sitrep.evaluation.run import Evaluation, evaluate
from sitrep.evaluation.scores import NO_EVENT, Miss, RecordResult, Scores, score

__all__ = [
    "HALVES",
    "NO_EVENT",
    "ArticleScores",
    "Evaluation",
    "GoldRecord",
    "Half",
    "Metric",
    "Miss",
    "Prediction",
    "RecordResult",
    "Scores",
    "evaluate",
    "event_matches",
    "half_of",
    "load_gold",
    "percentile",
    "predict",
    "same_actor",
    "same_admin1",
    "same_place_name",
    "score",
    "score_articles",
    "score_groups",
    "select_half",
    "text_dates_event",
    "weighted_f1",
]
