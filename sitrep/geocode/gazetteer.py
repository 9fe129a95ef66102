"""The gazetteer: look-ups over the compiled index of countries, divisions and towns.

:func:`load_gazetteer` reads the index from the cache (``~/.cache/sitrep``),
compiling it there on first use (:mod:`sitrep.geocode.build`: seconds, once);
a warm load takes well under a second. :class:`Gazetteer` answers the
questions resolution asks: which entries a name may mean, what contains what,
which country a demonym names.

Example:
    >>> gazetteer = load_gazetteer(GeocodeConfig())                  # doctest: +SKIP
    >>> gazetteer.lookup("Damascus")[0].country                       # doctest: +SKIP
    'Syria'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from rapidfuzz import fuzz, process

from sitrep.config import GeocodeConfig
from sitrep.errors import GazetteerError
from sitrep.geocode._names import context, fold, translit_key
from sitrep.geocode.build import compile_index, data_version
from sitrep.geocode.dump import load_extras
from sitrep.geocode.index import PREFIX, Index, ids_of, index_path, read_index, write_atomically

PlaceKind = Literal["country", "admin1", "admin2", "city"]
"""What a gazetteer entry is; also its rank, broadest first."""

KINDS: tuple[PlaceKind, ...] = ("country", "admin1", "admin2", "city")


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


class Gazetteer:
    """Look-ups over the compiled index; immutable, shared by every article of a process."""

    def __init__(self, index: Index, fuzzy_threshold: float = 80.0) -> None:
        self._ix = index
        self.fuzzy_threshold = fuzzy_threshold
        self._admin_names: dict[int, tuple[list[str], list[int]]] = {}
        self._capitals: dict[int, int | None] = {}
        self._admin1_table: dict[str, tuple[list[str], list[int]]] | None = None

    @property
    def version(self) -> str:
        """The data packages' versions the index was compiled from."""
        return self._ix.version

    def town_geonames(self) -> set[int]:
        """GeoNames ids of every town in the index (what an imported dump may add names to)."""
        return set(self._ix.geonames)

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
        return ids_of(self._ix.by_name, fold(name))

    def ids_folded(self, folded: str) -> tuple[int, ...]:
        """Like :meth:`ids` for a name already passed through :func:`fold` (the hot path)."""
        return ids_of(self._ix.by_name, folded)

    def translit_ids(self, name: str) -> tuple[int, ...]:
        """Ids of countries, divisions and larger towns sharing ``name``'s transliteration key."""
        return ids_of(self._ix.by_key, translit_key(name))

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

    def fuzzy_admin1_ids(self, name: str) -> tuple[int, ...]:
        """Admin1 divisions of any country whose name is close to ``name`` ("Zaporizhia").

        For a name the text writes as the outer place of a hierarchy ("Vasylivka,
        Zaporizhia") before the article's country is known; the first sound must
        agree, as in :meth:`fuzzy_ids`.
        """
        folded = fold(name)
        if len(folded) < 5:
            return ()
        if self._admin1_table is None:
            # Grouped by first sound, which must agree anyway: each look-up scans ~1/15 of them.
            features = context().features
            table: dict[str, tuple[list[str], list[int]]] = {}
            for place_id, kind in enumerate(self._ix.kinds[: len(self._ix.codes)]):
                if kind == 1:
                    words = fold(self._ix.names[place_id]).split()
                    if len(words) > 1 and words[-1] in features:
                        words = words[:-1]
                    key = " ".join(words)
                    names, ids = table.setdefault(translit_key(key)[:1], ([], []))
                    names.append(key)
                    ids.append(place_id)
            self._admin1_table = table
        names, ids = self._admin1_table.get(translit_key(folded)[:1], ([], []))
        return tuple(
            ids[pos]
            for _match, _score, pos in process.extract(
                folded, names, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold, limit=3
            )
        )

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
        exact = sorted(self.drop_alias_shadows(name, self.ids(name)), key=self._rank)
        ids = exact + sorted(set(self.translit_ids(name)) - set(exact), key=self._rank)
        if not ids and country_id is not None:
            ids = sorted(self.fuzzy_ids(name, [country_id]), key=self._rank)
        if country_id is not None:
            ids = [i for i in ids if self._ix.country[i] == country_id]
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
    version = data_version()
    path = index_path(config, version)
    index = read_index(path) if path.exists() else None
    if index is None or index.version != version:
        index = compile_index(version, config.ruler_min_population, load_extras(config))
        write_atomically(path, index, stale_glob=f"{PREFIX}*.pickle")
    return Gazetteer(index, config.fuzzy_threshold)
