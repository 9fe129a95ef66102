"""What every export format shares: where each layer goes, writing each, paging, atomic files.

Every export writes three layers, one file each, because events, incidents and
humanitarian figures have different columns and ACLED tools expect one row
shape per file: ``OUT`` holds the events, ``<stem>.incidents.<ext>`` the
incidents and ``<stem>.figures.<ext>`` the figures, next to it. Records are
streamed page by page, and each file is written under a temporary name and
renamed, so an export never holds the database in memory and never leaves half
a file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from sitrep.store import EventQuery, Store

#: The layers of every export, in the order their files are written.
LAYER_NAMES = ("events", "incidents", "figures")
#: Records fetched from the store per page while exporting.
PAGE = 1000

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export wrote: its files, how many records of each layer, and what was left out.

    ``without_coordinates`` counts, per layer, the records a GeoJSON export left
    out because they have no point to draw (always empty for the other formats).
    """

    format: str
    files: tuple[Path, ...]
    events: int
    incidents: int
    figures: int
    without_coordinates: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        fmt: str,
        files: tuple[Path, ...],
        counts: dict[str, int],
        without_coordinates: dict[str, int] | None = None,
    ) -> ExportReport:
        """A report from per-layer counts (``{"events": 3, "incidents": 1, "figures": 0}``)."""
        return cls(
            fmt,
            files,
            counts["events"],
            counts["incidents"],
            counts["figures"],
            without_coordinates or {},
        )

    def summary(self) -> str:
        """One line for a person: the counts and the files written."""
        text = (
            f"wrote {self.events} events, {self.incidents} incidents, {self.figures} figures "
            f"as {self.format}"
        )
        if self.without_coordinates:
            left_out = ", ".join(f"{n} {layer}" for layer, n in self.without_coordinates.items())
            text += f" (left out for want of coordinates: {left_out})"
        return text + ": " + ", ".join(str(path) for path in self.files)


def layer_paths(out_path: str | Path) -> dict[str, Path]:
    """Where each layer of an export to ``out_path`` goes.

    Example:
        >>> {k: str(v) for k, v in layer_paths("out/events.csv").items()}
        {'events': 'out/events.csv', 'incidents': 'out/events.incidents.csv', \
'figures': 'out/events.figures.csv'}
    """
    path = Path(out_path)
    return {
        "events": path,
        "incidents": path.with_name(f"{path.stem}.incidents{path.suffix}"),
        "figures": path.with_name(f"{path.stem}.figures{path.suffix}"),
    }


def iter_records(store: Store, layer: str, query: EventQuery) -> Iterator[dict[str, Any]]:
    """Every record of ``layer`` matching ``query`` (up to its ``limit``), a page at a time.

    Args:
        store: an open store.
        layer: ``events``, ``incidents`` or ``figures``.
        query: filters, order and the overall limit.
    """
    fetch: Callable[[EventQuery], list[dict[str, Any]]] = getattr(store, layer)
    done = 0
    while query.limit is None or done < query.limit:
        size = PAGE if query.limit is None else min(PAGE, query.limit - done)
        page = fetch(replace(query, limit=size, offset=query.offset + done))
        yield from page
        done += len(page)
        if len(page) < size:
            return


def write_layers(
    store: Store,
    path: Path,
    query: EventQuery,
    write: Callable[[Path, str, Iterator[dict[str, Any]]], _T],
) -> dict[str, _T]:
    """Write every layer of an export to ``path``: ``write(file, layer, records)`` for each.

    Returns:
        What ``write`` returned (a count, say), by layer, in :data:`LAYER_NAMES` order.
    """
    return {
        layer: write(file, layer, iter_records(store, layer, query))
        for layer, file in layer_paths(path).items()
    }


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it only when the block succeeds."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


#: How an exporter writes: the records matching a query, to a path, with a report.
Writer = Callable[[Store, Path, EventQuery], ExportReport]


@dataclass(frozen=True, slots=True)
class Exporter:
    """One export format, as the registry (:mod:`sitrep.export.registry`) lists it.

    Attributes:
        name: what ``--format`` takes (``acled-csv``).
        extension: the files' extension, with its dot (``.csv``).
        media_type: the MIME type of its files, for HTTP answers.
        description: one line for ``--help``.
        write: writes every layer beside the events file it is given.
    """

    name: str
    extension: str
    media_type: str
    description: str
    write: Writer
