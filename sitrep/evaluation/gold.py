"""Gold records: reading labelled JSON Lines, the tuning/check halves, and where a record came from.

A gold file is JSON Lines in the format of ``../shared/evaldata/README.md``: each
line has ``id``, ``text``, optionally ``title``, ``source`` and
``publication_date`` (or ``published``), and a ``gold`` object. The article of
each record is built exactly as ``sitrep``'s JSONL reader builds it, so the
extractor sees the title and text a user's input would give it.

Two kinds of ``gold`` object are understood. A **record-level** gold labels one
event (``killed``, ``event_type``, ``country``…: the ACLED notes, ISAF releases
and the team's fixtures). An **article-level** gold has ``events``, a list of
every event the article reports (``[]`` for none), one of them ``main``: the
hand-labelled whole articles of ``eval/wikinews/``.

The halves: a record whose ``sha256(id)``'s first byte is even belongs to the
**tune** half, the others to the **check** half. The split depends on the id
alone, so it is the same on every machine and for every version of the file, and
a record never changes half. Rules are tuned by looking at the tune half; the
check half is only ever reported in aggregate.

Example:
    >>> half_of("acled:acled_ken:KEN1"), part_of("acled:acled_ken:KEN1", "acled")
    ('check', 'Kenya')
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sitrep.config import LimitsConfig
from sitrep.errors import InputError
from sitrep.read.jsonl import read_record
from sitrep.records import Article, Rejected

Half = Literal["tune", "check", "all"]
HALVES: tuple[Half, ...] = ("tune", "check", "all")

#: The parts of the ACLED dev files (the middle of ``acled:<part>:<event id>``), by their
#: names in ``../shared/evaldata/README.md``. A part not listed is reported by its own name.
ACLED_PARTS = {
    "acled_ken": "Kenya",
    "acled_ben": "Benin",
    "acled2016": "Africa 2016",
    "acled2022g": "World 2022",
    "acled2025mx": "2025",
    "acled2025mm": "2025",
    "acled2025ge": "2025",
}


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One labelled record: the article to run and the labels to compare with."""

    record_id: str
    article: Article
    gold: Mapping[str, Any]

    @property
    def source(self) -> str:
        """The record's ``source`` (``acled``, ``isaf``, ``wikinews``…), ``unknown`` if none."""
        return self.article.source or "unknown"

    @property
    def part(self) -> str | None:
        """For a record of a multi-part source (ACLED), the part it comes from."""
        return part_of(self.record_id, self.source)

    @property
    def article_level(self) -> bool:
        """Whether the gold lists every event of the article (``events``) instead of one."""
        return isinstance(self.gold.get("events"), list)


def half_of(record_id: str) -> Literal["tune", "check"]:
    """The half a record belongs to: tune when the first byte of ``sha256(id)`` is even."""
    return "tune" if hashlib.sha256(record_id.encode()).digest()[0] % 2 == 0 else "check"


def select_half(records: Iterable[GoldRecord], half: Half) -> list[GoldRecord]:
    """The records of one half (``all``: every record), in file order."""
    return [r for r in records if half == "all" or half_of(r.record_id) == half]


def part_of(record_id: str, source: str) -> str | None:
    """The part of an ACLED id ``acled:<part>:<event id>`` by its README name; else ``None``."""
    pieces = record_id.split(":")
    if source != "acled" or len(pieces) < 3:
        return None
    return ACLED_PARTS.get(pieces[1], pieces[1])


def gold_files(paths: Sequence[Path]) -> list[Path]:
    """The gold files named: a folder stands for the ``*.jsonl`` files in it, sorted.

    Raises:
        InputError: a path does not exist, or a folder holds no ``.jsonl`` file.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.jsonl"))
            if not found:
                raise InputError(str(path), "folder holds no .jsonl gold file")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(str(path), "does not exist")
    return files


def load_gold(path: Path | Sequence[Path], limits: LimitsConfig | None = None) -> list[GoldRecord]:
    """Read gold JSONL (a file, a folder of files, or a list of either), in order.

    Raises:
        InputError: a file cannot be read, or a line is not a usable gold record
            (an evaluation over silently skipped records would not mean much).
    """
    limits = limits or LimitsConfig()
    records: list[GoldRecord] = []
    for file in gold_files([path] if isinstance(path, Path) else path):
        records.extend(_load_file(file, limits))
    return records


def _load_file(path: Path, limits: LimitsConfig) -> list[GoldRecord]:
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
        if "events" in gold and not _valid_events(gold["events"]):
            raise InputError(origin, "'gold.events' must be a list of objects, one 'main' if any")
        records.append(GoldRecord(article.external_id or origin, article, gold))
    return records


def _valid_events(events: Any) -> bool:
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        return False
    return not events or sum(bool(e.get("main")) for e in events) == 1
