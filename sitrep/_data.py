"""Packaged data: the one way sitrep reads the files it ships under ``sitrep/``.

Word lists, tables and defaults are data so that an analyst can change them
without touching code; every module reads them through here, parsed once per
process (``functools.cache``), so a missing file in a broken install is one
clear :class:`~sitrep.errors.ModelError` and a language is one folder of
lexicons: ``sitrep/data/lexicons/<language>/<name>.toml``, read by
:func:`lexicon`. Callers get the parsed value shared by the whole process and
must not change it.

Example:
    >>> lexicon("numbers", lang="en")["vague"]["dozens"]
    12
    >>> "en" in lexicon_languages()
    True
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from sitrep.errors import ModelError

ROOT: Traversable = resources.files("sitrep")
"""Where packaged paths start (the ``sitrep`` package); tests point it at a folder of their own."""

LEXICONS = "data/lexicons"
"""The folder of lexicons, one sub-folder per language (its ISO 639-1 code)."""


def _file(path: str) -> Traversable:
    file = ROOT.joinpath(*path.split("/"))
    if not file.is_file():
        raise ModelError(f"sitrep/{path}", "packaged data file is missing (a broken install?)")
    return file


def exists(path: str) -> bool:
    """Whether the package ships ``path`` (relative to ``sitrep/``), for optional data."""
    return ROOT.joinpath(*path.split("/")).is_file()


@functools.cache
def read_bytes(path: str) -> bytes:
    """The bytes of ``sitrep/<path>`` (to fingerprint data that a cache is compiled from).

    Raises:
        ModelError: the package does not ship ``path``.
    """
    return _file(path).read_bytes()


@functools.cache
def read_text(path: str) -> str:
    """The UTF-8 text of ``sitrep/<path>``.

    Raises:
        ModelError: the package does not ship ``path``.
    """
    return _file(path).read_text("utf-8")


@functools.cache
def read_lines(path: str) -> tuple[str, ...]:
    """The stripped lines of a word list, without blank lines and ``#`` comments.

    Example:
        >>> read_lines("data/languages.txt")[0]
        'ar'
    """
    lines = (line.strip() for line in read_text(path).splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@functools.cache
def read_toml(path: str) -> dict[str, Any]:
    """``sitrep/<path>`` parsed as TOML.

    Raises:
        ModelError: the package does not ship ``path``, or it is not valid TOML.
    """
    try:
        return tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"sitrep/{path}", f"packaged data is not valid TOML ({exc})") from None


@functools.cache
def lexicon(name: str, lang: str = "en") -> dict[str, Any]:
    """The lexicon ``name`` of language ``lang``: ``sitrep/data/lexicons/<lang>/<name>.toml``.

    Raises:
        ModelError: ``lang`` has no such lexicon (see ``docs/languages.md``).

    Example:
        >>> lexicon("numbers")["vague"]["dozens"]
        12
    """
    path = f"{LEXICONS}/{lang}/{name}.toml"
    if not exists(path):
        raise ModelError(
            f"sitrep/{path}", f"language {lang!r} has no {name!r} lexicon (see docs/languages.md)"
        )
    return read_toml(path)


def lexicon_languages() -> frozenset[str]:
    """The languages that have a folder of lexicons."""
    folder = ROOT.joinpath(*LEXICONS.split("/"))
    return frozenset(entry.name for entry in folder.iterdir() if entry.is_dir())


def clear_caches() -> None:
    """Forget every parsed file (for tests that point :data:`ROOT` elsewhere)."""
    for cached in (read_bytes, read_text, read_lines, read_toml, lexicon):
        cached.cache_clear()
