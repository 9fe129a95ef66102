"""Scoring sitrep's output against hand-labelled gold records (``sitrep evaluate``).

A gold file is JSON Lines in the format of ``../shared/evaldata/README.md``: each
line has ``id``, ``text``, optionally ``title`` and ``publication_date`` (or
``published``), and a ``gold`` object. The fields scored, when the gold has them:

- ``killed``, ``injured`` (integers): exact match and mean absolute error, over all
  records and over the records whose gold value is above zero;
- ``event_type``, ``sub_event_type`` (ACLED names, or ``null`` for "no event should
  be coded", e.g. a threat or a denial): accuracy, weighted F1 and confusion table;
- ``country``, ``admin1`` (with ``admin1_all``, every province the record names):
  accuracy after name normalisation;
- ``latitude``/``longitude``: great-circle distance of the predicted point, median,
  90th percentile and share within 25 km;
- ``event_date`` (ISO day): share predicted within one day;
- ``actor1``, ``actor2`` (sitrep's normalised names): exact match after folding.

Conventions, chosen so that one article and one gold record compare fairly:

- An article may yield several events; the gold describes the whole report. The
  predicted ``killed`` (and ``injured``) is the **sum over the article's events**,
  an event without a count adding 0; no event at all means 0.
- Type, place, date and actors come from the **primary event**: the one with the
  most fatalities, ties broken by the earliest evidence span in the text.
- A field absent from a gold record (or ``null``/empty there) is not scored for that
  record, and a metric no record can score is reported as n/a (``None``), never 0.
  The exception is ``event_type``/``sub_event_type``: ``null`` there is a label (the
  class ``(none)``, "nothing to code"), so false alarms cost accuracy.
- A scored field the pipeline left empty counts as wrong (for coordinates: outside
  25 km; median and p90 are over the records that got coordinates, and
  ``location.coverage`` says how many did).
- Names compare case-, diacritic- and transliteration-insensitively ("Konar" =
  "Kunar", "Paktiya" = "Paktia"), with feature words ("province") dropped; an admin1
  also matches when the gold name's words are all in the predicted name ("Wardak" in
  "Maidan Wardak"), and any name of ``admin1_all`` is accepted.

Example:
    >>> from sitrep.records import Article
    >>> gold = GoldRecord("r1", Article(text="Two people were killed."), {"killed": 2})
    >>> scores = score([gold], [Prediction.from_events(())])
    >>> scores.metrics["killed.exact"].value, scores.metrics["injured.exact"].value
    (0.0, None)
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitrep.config import LimitsConfig
from sitrep.errors import InputError
from sitrep.geocode._names import context, fold, translit_key
from sitrep.geocode.distance import distance_km
from sitrep.read.jsonl import read_record
from sitrep.records import Article, Event, Processed, Rejected

if TYPE_CHECKING:
    from sitrep.ingest import ArticleProcessor

NO_EVENT = "(none)"
"""The class of a record that should yield (or yielded) no event."""

WITHIN_KM = 25.0
"""The distance under which a predicted point counts as the gold place (Mordecai's threshold)."""


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One labelled record: the article to run and the labels to compare with."""

    record_id: str
    article: Article
    gold: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the pipeline said about one article, reduced to what is scored.

    ``killed``/``injured`` are sums over the article's events; ``primary`` is the
    event type, place, date and actors are read from (see the module docstring);
    ``text`` is the cleaned text the evidence spans index (it may differ from the
    gold record's raw text), kept to show each span in its context.
    """

    killed: int
    injured: int
    primary: Event | None
    events: tuple[Event, ...] = ()
    reason: str | None = None
    text: str = ""

    @classmethod
    def from_events(
        cls, events: Sequence[Event], reason: str | None = None, text: str = ""
    ) -> Prediction:
        """Summarise an article's events with the counting and primary-event conventions."""
        killed = sum(e.fatalities or 0 for e in events)
        injured = sum(e.injured or 0 for e in events)
        primary = min(events, key=_primary_key, default=None)
        return cls(killed, injured, primary, tuple(events), reason, text)

    @classmethod
    def from_processed(cls, processed: Processed) -> Prediction:
        """Summarise one pipeline output."""
        return cls.from_events(processed.result.events, processed.reason, processed.article.text)


@dataclass(frozen=True, slots=True)
class Metric:
    """One figure: its value (``None`` when no record could be scored) over ``n`` records."""

    value: float | None
    n: int
    higher_is_better: bool = True


@dataclass(frozen=True, slots=True)
class Miss:
    """One scored field that the prediction got wrong."""

    field: str
    gold: Any
    predicted: Any


@dataclass(frozen=True, slots=True)
class RecordResult:
    """A record's misses, for ``--errors``; ``killed_error`` ranks records with equal misses."""

    record: GoldRecord
    prediction: Prediction
    misses: tuple[Miss, ...]
    killed_error: int

    @property
    def badness(self) -> tuple[int, int]:
        """Sort key, worst first when sorted in reverse: number of misses, then killed error."""
        return len(self.misses), self.killed_error


@dataclass(frozen=True, slots=True)
class Scores:
    """Every figure of one evaluation, the type confusion tables and each record's misses.

    ``confusion[field][(gold, predicted)]`` counts records, for ``event_type`` and
    ``sub_event_type``.
    """

    n_records: int
    metrics: dict[str, Metric]
    confusion: dict[str, Counter[tuple[str, str]]]
    records: tuple[RecordResult, ...] = field(default=())

    def worst(self, n: int, only_field: str | None = None) -> list[RecordResult]:
        """The ``n`` records with the most misses; with ``only_field``, those missing that field."""
        pool = [
            r
            for r in self.records
            if r.misses and (only_field is None or any(m.field == only_field for m in r.misses))
        ]
        return sorted(pool, key=lambda r: r.badness, reverse=True)[:n]

    def miss_kinds(self) -> dict[str, Counter[str]]:
        """Per field, how its misses went wrong: nothing predicted, too high, too low, other value.

        Tells "the date is never found" apart from "the date is found wrong", which
        call for different fixes.
        """
        kinds: dict[str, Counter[str]] = {}
        for result in self.records:
            for miss in result.misses:
                kinds.setdefault(miss.field, Counter())[_miss_kind(miss)] += 1
        return dict(sorted(kinds.items(), key=lambda item: -item[1].total()))

    def to_json(self) -> dict[str, Any]:
        """JSON-ready summary: metrics, confusion tables and every record's misses."""
        return {
            "n_records": self.n_records,
            "metrics": {
                name: {"value": m.value, "n": m.n, "higher_is_better": m.higher_is_better}
                for name, m in self.metrics.items()
            },
            "confusion": {
                name: [
                    {"gold": g, "predicted": p, "count": c} for (g, p), c in sorted(table.items())
                ]
                for name, table in self.confusion.items()
            },
            "miss_kinds": {name: dict(kinds) for name, kinds in self.miss_kinds().items()},
            "misses": [
                {
                    "id": r.record.record_id,
                    "misses": [
                        {
                            "field": m.field,
                            "gold": _jsonable(m.gold),
                            "predicted": _jsonable(m.predicted),
                        }
                        for m in r.misses
                    ],
                }
                for r in self.records
                if r.misses
            ],
        }


def load_gold(path: Path, limits: LimitsConfig | None = None) -> list[GoldRecord]:
    """Read a gold JSONL file; the article of each record is built as ``sitrep.read`` builds it.

    Raises:
        InputError: the file cannot be read, or a line is not a usable gold record
            (an evaluation over silently skipped records would not mean much).
    """
    limits = limits or LimitsConfig()
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read ({exc})") from exc
    records: list[GoldRecord] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        article = read_record(line, origin, limits)
        if isinstance(article, Rejected):
            raise InputError(origin, article.reason)
        gold = json.loads(line).get("gold")
        if not isinstance(gold, dict):
            raise InputError(origin, "record has no 'gold' object")
        records.append(GoldRecord(article.external_id or origin, article, gold))
    return records


def predict(records: Iterable[GoldRecord], pipeline: ArticleProcessor) -> Iterator[Prediction]:
    """Run the records' articles through ``pipeline`` (a :class:`sitrep.Pipeline`), in order.

    The pipeline is passed in, not built here, so that scoring alone needs no model
    and one loaded pipeline can serve several gold files.
    """
    for processed in pipeline.process_many(r.article for r in records):
        yield Prediction.from_processed(processed)


def score(records: Sequence[GoldRecord], predictions: Sequence[Prediction]) -> Scores:
    """Compare predictions with gold records, pairwise, under the module's conventions.

    Raises:
        ValueError: the two sequences differ in length.
    """
    if len(records) != len(predictions):
        raise ValueError(f"{len(records)} gold records but {len(predictions)} predictions")
    acc = _Accumulator()
    results = tuple(acc.add(rec, pred) for rec, pred in zip(records, predictions, strict=True))
    return Scores(len(records), acc.metrics(), acc.confusion, results)


def same_place_name(gold: str, predicted: str | None) -> bool:
    """Whether two names of an admin area or country denote the same one.

    Example:
        >>> same_place_name("Kunar", "Konar Province"), same_place_name("Wardak", "Maidan Wardak")
        (True, True)
    """
    if not predicted:
        return False
    gold_words = _name_words(gold)
    predicted_words = _name_words(predicted)
    if not gold_words:
        return False
    if "".join(gold_words) == "".join(predicted_words):
        return True
    return set(gold_words) <= set(predicted_words)


def same_actor(gold: str, predicted: str | None) -> bool:
    """Whether two actor names are the same after folding case, accents and punctuation."""
    return predicted is not None and fold(gold) == fold(predicted)


def weighted_f1(pairs: Counter[tuple[str, str]]) -> float | None:
    """F1 per gold class averaged with gold support as weights (scikit-learn's ``weighted``)."""
    support: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    for (gold, pred), count in pairs.items():
        support[gold] += count
        predicted[pred] += count
        if gold == pred:
            correct[gold] += count
    total = sum(support.values())
    if not total:
        return None
    weighted = 0.0
    for label, n in support.items():
        tp = correct[label]
        if tp:
            precision, recall = tp / predicted[label], tp / n
            weighted += n * 2 * precision * recall / (precision + recall)
    return weighted / total


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile (0–1) with linear interpolation, ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


class _Accumulator:
    """Running tallies per metric while records are scored one by one."""

    def __init__(self) -> None:
        self.hits: dict[str, list[bool]] = {}
        self.errors: dict[str, list[int]] = {}
        self.distances: list[float] = []
        self.confusion: dict[str, Counter[tuple[str, str]]] = {
            "event_type": Counter(),
            "sub_event_type": Counter(),
        }

    def add(self, record: GoldRecord, pred: Prediction) -> RecordResult:
        gold, primary = record.gold, pred.primary
        misses: list[Miss] = []

        def check(name: str, ok: bool, gold_value: Any, predicted: Any) -> None:
            self.hits.setdefault(name, []).append(ok)
            if not ok:
                misses.append(Miss(name.split(".")[0], gold_value, predicted))

        killed_error = 0
        for name, predicted_count in (("killed", pred.killed), ("injured", pred.injured)):
            gold_count = gold.get(name)
            if not isinstance(gold_count, int):
                continue
            error = abs(predicted_count - gold_count)
            if name == "killed":
                killed_error = error
            self.errors.setdefault(f"{name}.mae", []).append(error)
            check(f"{name}.exact", error == 0, gold_count, predicted_count)
            if gold_count > 0:
                self.errors.setdefault(f"{name}.mae_if_any", []).append(error)
                self.hits.setdefault(f"{name}.exact_if_any", []).append(error == 0)

        for name in ("event_type", "sub_event_type"):
            if name in gold:
                gold_label = gold[name] or NO_EVENT
                pred_label = getattr(primary, name) if primary else NO_EVENT
                self.confusion[name][(gold_label, pred_label)] += 1
                check(f"{name}.accuracy", gold_label == pred_label, gold_label, pred_label)

        if gold.get("country"):
            pred_country = primary.country if primary else None
            check(
                "country.accuracy",
                same_place_name(gold["country"], pred_country),
                gold["country"],
                pred_country,
            )
        if gold.get("admin1"):
            pred_admin1 = primary.admin1 if primary else None
            names = [gold["admin1"], *(gold.get("admin1_all") or ())]
            ok = any(same_place_name(n, pred_admin1) for n in names if n)
            check("admin1.accuracy", ok, gold["admin1"], pred_admin1)

        if isinstance(gold.get("latitude"), (int, float)) and isinstance(
            gold.get("longitude"), (int, float)
        ):
            self._add_location(gold, primary, check)

        if gold.get("event_date"):
            gold_day = date.fromisoformat(gold["event_date"])
            pred_day = primary.event_date if primary else None
            ok = pred_day is not None and abs((pred_day - gold_day).days) <= 1
            check("event_date.within_1_day", ok, gold_day, pred_day)

        for name in ("actor1", "actor2"):
            if gold.get(name):
                pred_actor = getattr(primary, name) if primary else None
                check(f"{name}.match", same_actor(gold[name], pred_actor), gold[name], pred_actor)

        return RecordResult(record, pred, tuple(misses), killed_error)

    def _add_location(
        self, gold: Mapping[str, Any], primary: Event | None, check: Callable[..., None]
    ) -> None:
        gold_point = (float(gold["latitude"]), float(gold["longitude"]))
        if primary is None or primary.latitude is None or primary.longitude is None:
            self.hits.setdefault("location.coverage", []).append(False)
            check("location.within_25km", False, gold_point, None)
            return
        self.hits.setdefault("location.coverage", []).append(True)
        km = distance_km(*gold_point, primary.latitude, primary.longitude)
        self.distances.append(km)
        place = f"{primary.location or primary.admin1 or primary.country} ({km:.0f} km)"
        check("location.within_25km", km <= WITHIN_KM, gold_point, place)

    def metrics(self) -> dict[str, Metric]:
        out: dict[str, Metric] = {}
        for name in ("killed", "injured"):
            out[f"{name}.exact"] = self._share(f"{name}.exact")
            out[f"{name}.exact_if_any"] = self._share(f"{name}.exact_if_any")
            out[f"{name}.mae"] = self._mean(f"{name}.mae")
            out[f"{name}.mae_if_any"] = self._mean(f"{name}.mae_if_any")
        for name in ("event_type", "sub_event_type"):
            table = self.confusion[name]
            out[f"{name}.accuracy"] = self._share(f"{name}.accuracy")
            out[f"{name}.weighted_f1"] = Metric(weighted_f1(table), sum(table.values()))
        out["country.accuracy"] = self._share("country.accuracy")
        out["admin1.accuracy"] = self._share("admin1.accuracy")
        out["location.within_25km"] = self._share("location.within_25km")
        out["location.coverage"] = self._share("location.coverage")
        n = len(self.distances)
        out["location.median_km"] = Metric(percentile(self.distances, 0.5), n, False)
        out["location.p90_km"] = Metric(percentile(self.distances, 0.9), n, False)
        out["event_date.within_1_day"] = self._share("event_date.within_1_day")
        out["actor1.match"] = self._share("actor1.match")
        out["actor2.match"] = self._share("actor2.match")
        return out

    def _share(self, name: str) -> Metric:
        values = self.hits.get(name, [])
        return Metric(sum(values) / len(values) if values else None, len(values))

    def _mean(self, name: str) -> Metric:
        values = self.errors.get(name, [])
        return Metric(sum(values) / len(values) if values else None, len(values), False)


def _primary_key(event: Event) -> tuple[int, float]:
    starts = [float(span.start) for spans in event.evidence.values() for span in spans]
    return -(event.fatalities or 0), min(starts, default=math.inf)


def _miss_kind(miss: Miss) -> str:
    if miss.predicted is None or miss.predicted == NO_EVENT:
        return "none predicted"
    if isinstance(miss.gold, int) and isinstance(miss.predicted, int):
        return "too high" if miss.predicted > miss.gold else "too low"
    return "other value"


def _name_words(name: str) -> list[str]:
    features = context().features
    return [translit_key(w) for w in fold(name).split() if w not in features]


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
