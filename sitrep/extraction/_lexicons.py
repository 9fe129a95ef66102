"""Building patterns from the lexicons of ``sitrep/data/lexicons/<language>/``.

Lexicons are data (TOML), so an analyst can extend a trigger list or an actor
table without touching code. They are read by :func:`sitrep._data.lexicon`
(re-exported here as ``load``, by language, English by default); this module
turns their phrase lists into regular expressions.
"""

from __future__ import annotations

import re
from typing import Any

from sitrep._data import lexicon as load

__all__ = ["alternation", "load"]


def alternation(phrases: list[str] | tuple[str, ...]) -> str:
    r"""A regex matching any of the literal ``phrases``, the longest it can; spaces match any space.

    Built as a trie ("air strike" and "air strikes" share ``air\s+strike`` and an
    optional ``s``), so a list of hundreds of names costs one character test per
    position instead of one attempt per name; the optional tails are greedy, so
    "a number of" wins over "a". Phrases are folded to lower case: every pattern
    built from a lexicon is matched case-insensitively.

    Example:
        >>> alternation(["a", "a number of"])
        '(?:a(?:\\s+number\\s+of)?)'
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase.lower():
            node = node.setdefault(char, {})
        node[""] = {}
    return f"(?:{_trie_pattern(trie)})"


def _trie_pattern(node: dict[str, Any]) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
