"""The ``read`` stage: paths, files and feeds in; :class:`~sitrep.records.Article` s out.

One reader per format (plain text with an optional ``date YYYY-MM-DD`` header,
HTML, JSON Lines, RSS/Atom), each registered once in :data:`READERS`
(:mod:`sitrep.read.formats`), and :func:`read_paths` to walk files and
directories and pick the reader. Readers return the *raw* text (HTML already
reduced to its article); :mod:`sitrep.clean` is the next stage. Bad input is a
:class:`~sitrep.records.Rejected` naming it, never an exception.

Example:
    >>> from sitrep.config import LimitsConfig
    >>> for item in read_paths(["corpus/"], LimitsConfig()):      # doctest: +SKIP
    ...     print(item.message if isinstance(item, Rejected) else item.title)
"""

from __future__ import annotations

from sitrep.read.feeds import read_feed
from sitrep.read.files import input_files, read_articles, read_file, read_paths
from sitrep.read.formats import EXTENSIONS, READERS, Reader, describe
from sitrep.read.htmlpage import read_html
from sitrep.read.jsonl import read_jsonl, read_record
from sitrep.read.plaintext import read_text
from sitrep.records import Rejected

__all__ = [
    "EXTENSIONS",
    "READERS",
    "Reader",
    "Rejected",
    "describe",
    "input_files",
    "read_articles",
    "read_feed",
    "read_file",
    "read_html",
    "read_jsonl",
    "read_paths",
    "read_record",
    "read_text",
]
