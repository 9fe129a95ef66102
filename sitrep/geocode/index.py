"""The compiled gazetteer index and its cache file: what is pickled, where, and how safely.

The index is a handful of parallel arrays plus name dictionaries, compiled once
(see :mod:`sitrep.geocode.build`) and pickled into the cache directory. The file
name carries everything the index depends on (the packages' versions, the format,
the ruler's population floor, a fingerprint of imported GeoNames dumps), so a
change of any of them compiles a new index and the old one is dropped. Files of
other formats (``gazetteer-*``, written by earlier sitrep versions) are left alone.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.config import GeocodeConfig

FORMAT = 12
"""Bump when the pickled layout or the compiled names change."""

PREFIX = "gazetteer2-"
"""File-name prefix of this format's indexes (``gazetteer-`` was formats ≤ 8)."""

EXTRAS_NAME = "geonames-import.pickle"
"""The cache file ``sitrep gazetteer import`` writes (see :mod:`sitrep.geocode.dump`)."""


@dataclass(slots=True)
class Index:
    """The compiled, picklable gazetteer: parallel arrays indexed by place id."""

    version: str
    kinds: bytearray
    names: list[str]
    codes: list[str]  # ISO 3166 / GeoNames admin codes of countries and divisions
    geonames: array[int]  # GeoNames ids of towns, from id ``len(codes)`` on
    country: array[int]
    admin1: array[int]
    admin2: array[int]
    lat: array[float]
    lng: array[float]
    population: array[int]
    iso2: list[str]
    iso3: list[str]
    by_name: dict[str, int | tuple[int, ...]]  # one id stored bare: most names have one
    by_key: dict[str, int | tuple[int, ...]]
    demonyms: dict[str, int]
    admins_of: dict[int, tuple[int, ...]]
    patterns: list[dict[str, Any]]


def ids_of(table: dict[str, int | tuple[int, ...]], key: str) -> tuple[int, ...]:
    """The ids a name table holds for ``key`` (one id is stored bare: fewer objects to load)."""
    found = table.get(key, ())
    return (found,) if isinstance(found, int) else found


def cache_dir(config: GeocodeConfig) -> Path:
    """The cache directory of ``config`` (``~/.cache/sitrep`` by default)."""
    return (
        Path(config.cache_dir).expanduser()
        if config.cache_dir
        else Path.home() / ".cache" / "sitrep"
    )


def index_path(config: GeocodeConfig, version: str) -> Path:
    """Where the index for ``version`` (the data packages' versions) is cached.

    An imported dump changes the index, so its size and modification time are
    part of the name.
    """
    directory = cache_dir(config)
    extras = directory / EXTRAS_NAME
    tag = ""
    if extras.exists():
        stat = extras.stat()
        tag = "-x" + hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:8]
    safe = version.replace("/", "_").replace(" ", "")
    return directory / f"{PREFIX}{safe}-f{FORMAT}-p{config.ruler_min_population}{tag}.pickle"


def read_index(path: Path) -> Index | None:
    """Unpickle the index with the cyclic garbage collector paused; ``None`` if unreadable.

    Unpickling creates about a million strings and tuples, none of them in a
    cycle; left on, the collector walks the growing heap again and again, which
    costs about 40 % of the load (the ≤ 1 s warm-load target).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            index = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None
    finally:
        if enabled:
            gc.enable()
    return index if isinstance(index, Index) else None


def write_atomically(path: Path, payload: object, stale_glob: str | None = None) -> None:
    """Pickle ``payload`` so a reader never sees half a file; drop files matching ``stale_glob``.

    An unwritable cache only costs speed: the index is then compiled per process.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        if stale_glob is not None:
            for stale in path.parent.glob(stale_glob):
                if stale != path:
                    stale.unlink(missing_ok=True)
    except OSError:
        return
