"""``sitrep gazetteer import``: GeoNames dump files (geoname and alternate-name tables).

The two sample files in ``data/`` are written for these tests in GeoNames' formats;
their places are invented (GeoNames ids from 90,000,000 on) and lie in Helmand.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from sitrep.config import GeocodeConfig
from sitrep.errors import GazetteerError
from sitrep.geocode.dump import import_files, load_extras

DATA = Path(__file__).parent / "data"
GEONAMES = DATA / "geonames_sample.txt"
ALTERNATES = DATA / "alternate_names_sample.txt"
LASHKAR_GAH = 1134720  # a cities500 town: imported alternate names attach to it


def test_populated_places_and_their_usable_names_are_imported(tmp_path: Path) -> None:
    config = GeocodeConfig(cache_dir=str(tmp_path))
    report = import_files([ALTERNATES, GEONAMES], config, known={LASHKAR_GAH})
    extras = load_extras(config)
    assert extras is not None
    assert sorted(extras.places_by_id) == [90000001, 90000002]  # the mountain is not a place
    village = extras.places_by_id[90000001]
    assert (village.country, village.admin1, village.population) == ("AF", "10", 0)
    assert set(village.alternates) == {"Zarbakhsh Kalai", "Zarbakhsh-e Kalan"}
    # Links, lower-case romanisations, colloquial names and unknown places are left out;
    # historic names are kept.
    assert extras.alternates == {90000002: ["Tor Ghundai"], LASHKAR_GAH: ["Bost Lashkari"]}
    assert (report.places, report.alternates, report.skipped_lines) == (2, 2, 1)


def test_a_zip_is_read_like_the_text_it_holds_and_imports_add_up(tmp_path: Path) -> None:
    config = GeocodeConfig(cache_dir=str(tmp_path / "cache"))
    archive = tmp_path / "AF.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(GEONAMES, "AF.txt")
        out.writestr("readme.txt", "not a table")
    assert import_files([archive], config, known=set()).places == 2
    assert import_files([ALTERNATES], config, known=set()).alternates == 1
    extras = load_extras(config)
    assert extras is not None and extras.alternates == {90000002: ["Tor Ghundai"]}


def test_a_file_in_neither_format_is_an_error(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("a\tb\tc\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"notes\.txt"):
        import_files([other], GeocodeConfig(cache_dir=str(tmp_path)), known=set())
