"""The project's gold sets, by name: what the quality gate and ``bench/accuracy.py`` measure.

Named once here so that the gate's floors, the benchmark tables and the docs
speak of the same sets. The real dev data lives outside the repository
(``../shared/evaldata/``, ACLED's terms keep it out); ``$SITREP_EVALDATA`` points
elsewhere. The ACLED files are measured by half: ``tune`` is looked at while
tuning rules, ``check`` only in aggregate (see :mod:`sitrep.evaluation.gold`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitrep.evaluation.gold import GoldRecord, Half, half_of
from sitrep.evaluation.prediction import Prediction


@dataclass(frozen=True, slots=True)
class GoldSet:
    """One measured set: a gold file (or folder), the half of it, and what it is."""

    name: str
    path: Path
    half: Half
    about: str
    in_repo: bool

    @property
    def present(self) -> bool:
        """Whether the gold is here: the file exists, or the folder holds ``.jsonl`` files."""
        return any(self.path.glob("*.jsonl")) if self.path.is_dir() else self.path.exists()

    def command(self, repo: Path) -> str:
        """The ``sitrep evaluate`` command that measures this set alone, run from ``repo``.

        Paths are shown relative to the repository (``../shared/evaldata/dev.jsonl``
        for the dev data in its usual place), so the command reads the same on
        every machine.
        """
        if self.path.is_relative_to(repo):
            shown = str(self.path.relative_to(repo))
        elif self.path.is_relative_to(repo.parent):
            shown = f"../{self.path.relative_to(repo.parent)}"
        else:
            shown = f"$SITREP_EVALDATA/{self.path.name}"
        half = "" if self.half == "all" else f" --half {self.half}"
        return f"sitrep evaluate {shown}{half}"

    def select(
        self, records: Sequence[GoldRecord], predictions: Sequence[Prediction]
    ) -> tuple[list[GoldRecord], list[Prediction]]:
        """The records (and their predictions) of this set's half."""
        kept = [i for i, r in enumerate(records) if self.half in ("all", half_of(r.record_id))]
        return [records[i] for i in kept], [predictions[i] for i in kept]


def evaldata_folder(repo: Path) -> Path:
    """Where the real dev data is: ``$SITREP_EVALDATA``, else ``../shared/evaldata``."""
    return Path(os.environ.get("SITREP_EVALDATA") or repo.parent / "shared" / "evaldata")


def gold_sets(repo: Path, evaldata: Path | None = None) -> dict[str, GoldSet]:
    """Every set, by name, in the order the tables show them."""
    data = evaldata or evaldata_folder(repo)
    acled = "ACLED notes (Raleigh et al. 2010, acleddata.com)"
    sets = [
        GoldSet("isaf_dev", data / "isaf_dev.jsonl", "all", "ISAF press releases", False),
        GoldSet("dev.tune", data / "dev.jsonl", "tune", f"{acled}, Africa", False),
        GoldSet("dev.check", data / "dev.jsonl", "check", f"{acled}, Africa", False),
        GoldSet("dev_global.tune", data / "dev_global.jsonl", "tune", f"{acled}, world", False),
        GoldSet("dev_global.check", data / "dev_global.jsonl", "check", f"{acled}, world", False),
        GoldSet("fixtures", repo / "eval" / "fixtures.jsonl", "all", "team-written reports", True),
        GoldSet("holdout", repo / "eval" / "holdout.jsonl", "all", "held-out reports", True),
        GoldSet("wikinews", repo / "eval" / "wikinews", "all", "whole Wikinews articles", True),
    ]
    return {s.name: s for s in sets}
