"""Loading the lexicons of ``sitrep/data/lexicons/`` once per process.

Lexicons are data (TOML), so an analyst can extend a trigger list or an actor
table without touching code; each loader parses its file once
(``functools.cache``) and returns plain, read-only values.
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources
from typing import Any


@functools.cache
def load(name: str) -> dict[str, Any]:
    """Parse ``sitrep/data/lexicons/<name>.toml``.

    Example:
        >>> load("numbers")["vague"]["dozens"]
        12
    """
    text = resources.files("sitrep").joinpath("data", "lexicons", f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


def alternation(phrases: list[str] | tuple[str, ...]) -> str:
    r"""A regex alternation of literal ``phrases``, longest first, spaces matching any space.

    Longest first so that "a number of" wins over "a" and "air strikes" over "air strike".

    Example:
        >>> alternation(["a", "a number of"])
        'a\\s+number\\s+of|a'
    """
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace("\\ ", r"\s+") for p in ordered)
