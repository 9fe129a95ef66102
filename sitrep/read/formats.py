"""The input formats sitrep reads, each registered once: name, extensions and reader.

A new format is one module with its reader and one entry in :data:`READERS`:
the directory walk picks files by :data:`EXTENSIONS`, and the CLI's help and
the documentation list the formats with :func:`describe`, so nothing else
names them.

Example:
    >>> sorted(READERS)
    ['feed', 'html', 'jsonl', 'text']
    >>> EXTENSIONS[".htm"].name
    'html'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitrep.config import LimitsConfig
from sitrep.read._decode import decode
from sitrep.read.feeds import read_feed
from sitrep.read.htmlpage import read_html
from sitrep.read.jsonl import read_jsonl
from sitrep.read.plaintext import read_text
from sitrep.records import Article, Rejected

#: Reads one file (already checked to exist, be regular and not empty): its articles or rejections.
FileReader = Callable[[Path, LimitsConfig], Iterable[Article | Rejected]]


@dataclass(frozen=True, slots=True)
class Reader:
    """One input format.

    ``whole`` readers get files read into memory, so the file is bounded by
    ``limits.max_file_bytes`` and refused when binary; the others stream (JSON
    Lines: each line is bounded, and a bad byte rejects its line only).
    """

    name: str
    label: str
    extensions: tuple[str, ...]
    read: FileReader
    whole: bool = True


def _whole(
    read_bytes: Callable[[bytes, str, LimitsConfig], Iterable[Article | Rejected]],
) -> FileReader:
    """A file reader from a reader of the file's bytes."""

    def read(path: Path, limits: LimitsConfig) -> Iterator[Article | Rejected]:
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield Rejected(str(path), f"cannot be read ({exc.strerror or exc})")
            return
        yield from read_bytes(data, str(path), limits)

    return read


def _decoded(
    read_one: Callable[[str, str, LimitsConfig], Article | Rejected],
) -> Callable[[bytes, str, LimitsConfig], Iterator[Article | Rejected]]:
    """A reader of bytes from a reader of text: the bytes decoded first (UTF-8, else sniffed)."""

    def read(data: bytes, origin: str, limits: LimitsConfig) -> Iterator[Article | Rejected]:
        text, reason = decode(data)
        yield Rejected(origin, reason) if text is None else read_one(text, origin, limits)

    return read


READERS: dict[str, Reader] = {
    reader.name: reader
    for reader in (
        Reader("text", "text", (".txt", ".text"), _whole(_decoded(read_text))),
        Reader("html", "HTML", (".html", ".htm", ".xhtml"), _whole(_decoded(read_html))),
        Reader("jsonl", "JSON Lines", (".jsonl", ".ndjson"), read_jsonl, whole=False),
        # feedparser honours the XML encoding declaration itself: the bytes go in undecoded.
        Reader("feed", "RSS/Atom", (".xml", ".rss", ".atom"), _whole(read_feed)),
    )
}

EXTENSIONS: dict[str, Reader] = {
    extension: reader for reader in READERS.values() for extension in reader.extensions
}
"""Extensions a directory walk picks up; other files in a directory are not inputs."""


def describe() -> str:
    """The formats for a person, with their extensions.

    Example:
        >>> describe().split("; ")[0]
        'text (.txt, .text)'
    """
    return "; ".join(f"{r.label} ({', '.join(r.extensions)})" for r in READERS.values())
