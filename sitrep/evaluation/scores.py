"""Record-level scoring: one gold event per record, compared with the article's output.

The fields scored, when the gold has them:

- ``found``: over the records whose gold describes an event (a type, a legacy or
  ISAF type, or someone killed), the share that yielded any event at all;
- ``killed``, ``injured`` (integers): exact match and mean absolute error, over all
  records and over those whose gold value is above zero; the sum over the
  article's events, and the main event's own count (``main_exact``);
- ``event_type``, ``sub_event_type`` (ACLED names, or ``null`` for "no event should
  be coded"): accuracy, weighted F1 and confusion table; a record that carries
  only a legacy type (``event_type_legacy``, ACLED before 2019) is not scored on
  type;
- ``country``, ``admin1`` (with ``admin1_all``, every province the record names);
- ``latitude``/``longitude`` (or ACLED's ``lat``/``lon``): great-circle distance of
  the main event's point: median, 90th percentile, share within 25 km, and that
  share again over the places ACLED codes as the town itself (``geo_precision``
  1, ``within_25km_precise``);
- ``event_date`` (ISO day): share within one day, and again over the records whose
  text dates the event (``within_1_day_dated``; :mod:`~sitrep.evaluation.matching`
  states the rule);
- ``actor1``, ``actor2``: exact match after folding.

A field absent from a gold record (or ``null``/empty there) is not scored for that
record. The exception is ``event_type``/``sub_event_type``: ``null`` there is a
label (the class ``(none)``, "nothing to code"), so false alarms cost accuracy. A
scored field the pipeline left empty counts as wrong (for coordinates: outside
25 km; median and p90 are over the records that got coordinates, and
``location.coverage`` says how many did).

Example:
    >>> from sitrep.records import Article
    >>> gold = GoldRecord("r1", Article(text="Two people were killed."), {"killed": 2})
    >>> scores = score([gold], [Prediction.from_events(())])
    >>> scores.metrics["killed.exact"].value, scores.metrics["injured.exact"].value
    (0.0, None)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sitrep.evaluation.figures import Metric, mean, percentile, share, weighted_f1
from sitrep.evaluation.gold import GoldRecord
from sitrep.evaluation.matching import (
    same_actor,
    same_admin1,
    same_place_name,
    text_dates_event,
)
from sitrep.evaluation.prediction import Prediction
from sitrep.geocode.distance import distance_km
from sitrep.records import Event

NO_EVENT = "(none)"
"""The class of a record that should yield (or yielded) no event."""

WITHIN_KM = 25.0
"""The distance under which a predicted point counts as the gold place (Mordecai's threshold)."""

COUNT_METRICS = ("exact", "exact_if_any", "main_exact", "main_exact_if_any", "mae", "mae_if_any")
"""The figures of ``killed`` and ``injured``, in the order they are shown."""


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
            "metrics": metrics_json(self.metrics),
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


def metrics_json(metrics: Mapping[str, Metric]) -> dict[str, dict[str, Any]]:
    """Figures as JSON objects: value, number of records, direction."""
    return {
        name: {"value": m.value, "n": m.n, "higher_is_better": m.higher_is_better}
        for name, m in metrics.items()
    }


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


def describes_event(gold: Mapping[str, Any]) -> bool:
    """Whether a record-level gold says the text reports an event (what ``found`` is over)."""
    if gold.get("event_type") or gold.get("event_type_legacy") or gold.get("isaf_event_types"):
        return True
    killed = gold.get("killed")
    return isinstance(killed, int) and killed > 0


def gold_point(gold: Mapping[str, Any]) -> tuple[float, float] | None:
    """The gold coordinates (``latitude``/``longitude``, or ACLED's ``lat``/``lon``), if any."""
    lat = gold.get("latitude", gold.get("lat"))
    lon = gold.get("longitude", gold.get("lon"))
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        return float(lat), float(lon)
    return None


class _Accumulator:
    """Running tallies per metric while records are scored one by one."""

    def __init__(self) -> None:
        self.hits: dict[str, list[bool]] = {}
        self.errors: dict[str, list[float]] = {}
        self.distances: list[float] = []
        self.confusion: dict[str, Counter[tuple[str, str]]] = {
            "event_type": Counter(),
            "sub_event_type": Counter(),
        }

    def tally(self, name: str, ok: bool) -> None:
        self.hits.setdefault(name, []).append(ok)

    def add(self, record: GoldRecord, pred: Prediction) -> RecordResult:
        gold, primary = record.gold, pred.primary
        misses: list[Miss] = []

        def check(name: str, ok: bool, gold_value: Any, predicted: Any) -> None:
            self.tally(name, ok)
            if not ok:
                misses.append(Miss(name.split(".")[0], gold_value, predicted))

        if describes_event(gold):
            check("found.any_event", primary is not None, "an event", None)
        killed_error = self._add_counts(gold, pred, check)
        legacy_only = not gold.get("event_type") and gold.get("event_type_legacy")
        for name in ("event_type", "sub_event_type"):
            if name in gold and not legacy_only:
                gold_label = gold[name] or NO_EVENT
                pred_label = getattr(primary, name) if primary else NO_EVENT
                self.confusion[name][(gold_label, pred_label)] += 1
                check(f"{name}.accuracy", gold_label == pred_label, gold_label, pred_label)

        if gold.get("country"):
            pred_country = primary.country if primary else None
            ok = same_place_name(gold["country"], pred_country)
            check("country.accuracy", ok, gold["country"], pred_country)
        if gold.get("admin1"):
            pred_admin1 = primary.admin1 if primary else None
            names = [gold["admin1"], *(gold.get("admin1_all") or ())]
            ok = any(same_admin1(n, pred_admin1) for n in names if n)
            check("admin1.accuracy", ok, gold["admin1"], pred_admin1)

        point = gold_point(gold)
        if point is not None:
            self._add_location(point, gold.get("geo_precision") == 1, primary, check)

        if gold.get("event_date"):
            gold_day = date.fromisoformat(gold["event_date"])
            pred_day = primary.event_date if primary else None
            ok = pred_day is not None and abs((pred_day - gold_day).days) <= 1
            check("event_date.within_1_day", ok, gold_day, pred_day)
            text = "\n".join(filter(None, (record.article.title, record.article.text)))
            if text_dates_event(text, gold_day, record.article.published):
                self.tally("event_date.within_1_day_dated", ok)

        for name in ("actor1", "actor2"):
            if gold.get(name):
                pred_actor = getattr(primary, name) if primary else None
                check(f"{name}.match", same_actor(gold[name], pred_actor), gold[name], pred_actor)

        return RecordResult(record, pred, tuple(misses), killed_error)

    def _add_counts(
        self, gold: Mapping[str, Any], pred: Prediction, check: Callable[..., None]
    ) -> int:
        killed_error = 0
        for name, summed, main in (
            ("killed", pred.killed, pred.main_killed),
            ("injured", pred.injured, pred.main_injured),
        ):
            gold_count = gold.get(name)
            if not isinstance(gold_count, int):
                continue
            error = abs(summed - gold_count)
            if name == "killed":
                killed_error = error
            self.errors.setdefault(f"{name}.mae", []).append(error)
            check(f"{name}.exact", error == 0, gold_count, summed)
            self.tally(f"{name}.main_exact", main == gold_count)
            if gold_count > 0:
                self.errors.setdefault(f"{name}.mae_if_any", []).append(error)
                self.tally(f"{name}.exact_if_any", error == 0)
                self.tally(f"{name}.main_exact_if_any", main == gold_count)
        return killed_error

    def _add_location(
        self,
        point: tuple[float, float],
        precise: bool,
        primary: Event | None,
        check: Callable[..., None],
    ) -> None:
        if primary is None or primary.latitude is None or primary.longitude is None:
            self.tally("location.coverage", False)
            check("location.within_25km", False, point, None)
            if precise:
                self.tally("location.within_25km_precise", False)
            return
        self.tally("location.coverage", True)
        km = distance_km(*point, primary.latitude, primary.longitude)
        self.distances.append(km)
        place = f"{primary.location or primary.admin1 or primary.country} ({km:.0f} km)"
        check("location.within_25km", km <= WITHIN_KM, point, place)
        if precise:
            self.tally("location.within_25km_precise", km <= WITHIN_KM)

    def metrics(self) -> dict[str, Metric]:
        out: dict[str, Metric] = {"found.any_event": self._share("found.any_event")}
        for name in ("killed", "injured"):
            for kind in COUNT_METRICS:
                key = f"{name}.{kind}"
                out[key] = mean(self.errors.get(key, [])) if "mae" in kind else self._share(key)
        for name in ("event_type", "sub_event_type"):
            table = self.confusion[name]
            out[f"{name}.accuracy"] = self._share(f"{name}.accuracy")
            out[f"{name}.weighted_f1"] = Metric(weighted_f1(table), sum(table.values()))
        for key in ("country.accuracy", "admin1.accuracy"):
            out[key] = self._share(key)
        for key in ("within_25km", "within_25km_precise", "coverage"):
            out[f"location.{key}"] = self._share(f"location.{key}")
        n = len(self.distances)
        out["location.median_km"] = Metric(percentile(self.distances, 0.5), n, False)
        out["location.p90_km"] = Metric(percentile(self.distances, 0.9), n, False)
        for key in ("event_date.within_1_day", "event_date.within_1_day_dated"):
            out[key] = self._share(key)
        out["actor1.match"] = self._share("actor1.match")
        out["actor2.match"] = self._share("actor2.match")
        return out

    def _share(self, name: str) -> Metric:
        return share(self.hits.get(name, []))


def _miss_kind(miss: Miss) -> str:
    if miss.predicted is None or miss.predicted == NO_EVENT:
        return "none predicted"
    if isinstance(miss.gold, int) and isinstance(miss.predicted, int):
        return "too high" if miss.predicted > miss.gold else "too low"
    return "other value"


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
