"""``sitrep gazetteer import``: villages and alternate names from the full GeoNames dump.

The packaged gazetteer holds GeoNames' ``cities500`` (places of 500 people or
more); many events happen in villages below that. A user who downloads
``allCountries.zip`` (or one country's ``XX.zip``) and ``alternateNamesV2.zip``
from GeoNames can import them: populated places (feature class ``P``) not
already known are added, and alternate names attach to every known town and
division. The result is one pickle in the cache directory, merged with earlier
imports; the next load compiles it into the index (see :mod:`sitrep.geocode.index`).

Formats (tab-separated, UTF-8, as GeoNames publishes them; ``.txt`` or ``.zip``):

- the *geoname* table, 19 columns: geonameid, name, asciiname, alternatenames,
  latitude, longitude, feature class, feature code, country code, cc2, admin1,
  admin2, admin3, admin4, population, elevation, dem, timezone, modification date;
- the *alternate names* table, 10 columns (``alternateNamesV2``; 8 in the old
  format): alternateNameId, geonameid, isolanguage, alternate name,
  isPreferredName, isShortName, isColloquial, isHistoric, from, to.
"""

from __future__ import annotations

import io
import pickle
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.config import GeocodeConfig
from sitrep.errors import GazetteerError
from sitrep.geocode._names import usable_alias
from sitrep.geocode.index import EXTRAS_NAME, cache_dir, write_atomically

_GEONAME_COLUMNS = 19
_ALTERNATE_COLUMNS = (8, 10)
# Alternate-name "languages" that are codes or links, not names.
_NOT_NAMES = frozenset(
    {"link", "wkdt", "post", "iata", "icao", "faac", "unlc", "abbr", "tcid", "fr_1793", "phon"}
)


@dataclass(frozen=True, slots=True)
class ImportedPlace:
    """One populated place of the geoname table, as the index needs it."""

    geonameid: int
    name: str
    latitude: float
    longitude: float
    country: str
    admin1: str
    admin2: str
    population: int
    alternates: tuple[str, ...]


@dataclass(slots=True)
class Extras:
    """Everything imported so far: places by GeoNames id, alternate names by GeoNames id."""

    places_by_id: dict[int, ImportedPlace] = field(default_factory=dict)
    alternates: dict[int, list[str]] = field(default_factory=dict)

    @property
    def places(self) -> list[ImportedPlace]:
        """The imported places in GeoNames id order (a stable index)."""
        return [self.places_by_id[k] for k in sorted(self.places_by_id)]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What one import added."""

    places: int
    alternates: int
    skipped_lines: int
    path: Path


def load_extras(config: GeocodeConfig) -> Extras | None:
    """The imported data of ``config``'s cache, or ``None`` when nothing was imported.

    Raises:
        GazetteerError: the file exists but cannot be read (import again).
    """
    path = cache_dir(config) / EXTRAS_NAME
    if not path.exists():
        return None
    try:
        with path.open("rb") as handle:
            extras = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
        raise GazetteerError(str(path), f"cannot read the imported GeoNames data ({exc})") from None
    if not isinstance(extras, Extras):
        raise GazetteerError(str(path), "is not sitrep's imported GeoNames data")
    return extras


def import_files(paths: Sequence[Path], config: GeocodeConfig, known: set[int]) -> ImportReport:
    """Read GeoNames dump files and merge them into the cache's imported data.

    ``known`` are the GeoNames ids already in the packaged gazetteer; alternate
    names are kept only for those and for imported places (the dump names
    mountains, rivers and hotels too). Geoname tables are read before
    alternate-name tables, whatever the order given.

    Raises:
        GazetteerError: a file cannot be read, or holds no line in either format.
    """
    extras = load_extras(config) or Extras()
    before_places = len(extras.places_by_id)
    before_names = sum(len(v) for v in extras.alternates.values())
    skipped = 0
    kinds = {path: _width(path) for path in paths}
    for path, width in kinds.items():
        if width not in (_GEONAME_COLUMNS, *_ALTERNATE_COLUMNS):
            raise GazetteerError(str(path), "holds no GeoNames geoname or alternate-name table")
    for path in (p for p, width in kinds.items() if width == _GEONAME_COLUMNS):
        for row in _rows(path, _GEONAME_COLUMNS):
            place = _place(row) if row else None
            skipped += not row
            if place is not None:
                extras.places_by_id[place.geonameid] = place
    wanted = known | set(extras.places_by_id)
    for path in (p for p, width in kinds.items() if width != _GEONAME_COLUMNS):
        for row in _rows(path, kinds[path]):
            skipped += not row
            if row:
                _alternate(row, wanted, extras.alternates)
    target = cache_dir(config) / EXTRAS_NAME
    write_atomically(target, extras)
    if not target.exists():
        raise GazetteerError(str(target), "cannot be written")
    return ImportReport(
        places=len(extras.places_by_id) - before_places,
        alternates=sum(len(v) for v in extras.alternates.values()) - before_names,
        skipped_lines=skipped,
        path=target,
    )


def _width(path: Path) -> int:
    """The number of columns of the file's first data line (0 for an empty file)."""
    for line in _lines(path):
        if line.strip() and not line.startswith("#"):
            return len(line.rstrip("\r\n").split("\t"))
    return 0


def _rows(path: Path, width: int) -> Iterator[list[str]]:
    """The rows of a table file (or of the tables in a zip), streamed; ``[]`` for a bad line."""
    for line in _lines(path):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.rstrip("\r\n").split("\t")
        yield cells if len(cells) == width else []


def _lines(path: Path) -> Iterator[str]:
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    name = member.rsplit("/", 1)[-1].lower()
                    if not name.endswith(".txt") or name in ("readme.txt", "iso-languagecodes.txt"):
                        continue
                    with archive.open(member) as raw:
                        yield from io.TextIOWrapper(raw, encoding="utf-8")
        else:
            with path.open(encoding="utf-8") as handle:
                yield from handle
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        raise GazetteerError(str(path), f"cannot be read ({exc})") from None


def _place(cells: list[str]) -> ImportedPlace | None:
    """A populated place (feature class P) of a geoname row, or ``None``."""
    if cells[6] != "P":
        return None
    try:
        geonameid = int(cells[0])
        latitude, longitude = float(cells[4]), float(cells[5])
        population = int(cells[14] or 0)
    except ValueError:
        return None
    alternates = tuple(dict.fromkeys(n for n in cells[3].split(",") if usable_alias(n)))
    return ImportedPlace(
        geonameid=geonameid,
        name=cells[1],
        latitude=latitude,
        longitude=longitude,
        country=cells[8],
        admin1=cells[10],
        admin2=cells[11],
        population=population,
        alternates=alternates,
    )


def _alternate(cells: list[str], wanted: set[int], out: dict[int, list[str]]) -> None:
    """Add one alternate name to ``out`` if it names a wanted place and reads as a name."""
    try:
        geonameid = int(cells[1])
    except ValueError:
        return
    language, name = cells[2], cells[3]
    colloquial = len(cells) > 6 and cells[6] == "1"
    if geonameid not in wanted or language in _NOT_NAMES or colloquial or not usable_alias(name):
        return
    names = out.setdefault(geonameid, [])
    if name not in names:
        names.append(name)
