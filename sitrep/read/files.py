"""From paths to readers: walk directories, check sizes, sniff formats, decode bytes.

This is the only part of ``read`` that touches the file system; the readers
themselves take text or bytes, which keeps them testable without files. Every
problem with one input is a :class:`~sitrep.records.Rejected` naming it, and
the iteration goes on with the next input.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from sitrep.config import LimitsConfig
from sitrep.read._decode import looks_binary
from sitrep.read.formats import EXTENSIONS, READERS, Reader
from sitrep.records import Article, Rejected

_SNIFF_BYTES = 2048
_FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf")
_HTML_MARKERS = (b"<!doctype html", b"<html")
_BINARY = "binary file (contains NUL bytes), not text"


def read_paths(
    paths: Iterable[str | Path], limits: LimitsConfig, *, follow_links: bool = False
) -> Iterator[Article | Rejected]:
    """Read every article of the given files and directories, in a stable order.

    Directories are walked recursively in sorted order; hidden files and
    directories are skipped, and so are files whose extension is not one of
    :data:`EXTENSIONS` (a README next to a corpus is not an article). A file
    named explicitly is read whatever its extension, its format sniffed from
    its first bytes. Articles carry raw text: cleaning is the next stage.

    A symbolic link inside a directory is not followed (it is reported), so a
    link to ``/etc/passwd`` dropped in a corpus is never read; with
    ``follow_links`` it is, when its target lies inside one of the given
    directories, and never outside them.

    Example:
        >>> from sitrep.config import LimitsConfig
        >>> [item.message for item in read_paths(["missing.txt"], LimitsConfig())]
        ['missing.txt: no such file or directory']
    """
    problems: list[Rejected] = []
    for file in input_files(paths, follow_links=follow_links, problem=problems.append):
        yield from problems
        problems.clear()
        yield from read_file(file, limits)
    yield from problems


def input_files(
    paths: Iterable[str | Path],
    *,
    follow_links: bool = False,
    problem: Callable[[Rejected], object] = lambda _r: None,
) -> Iterator[Path]:
    """The files :func:`read_paths` reads, in its order; links left alone go to ``problem``.

    Example:
        >>> list(input_files(["notes.txt"]))
        [PosixPath('notes.txt')]
    """
    given = [Path(p) for p in paths]
    roots = [os.path.realpath(p) for p in given if p.is_dir()]
    for path in given:
        if path.is_dir():
            yield from _walk(path, roots, follow_links, problem)
        else:
            yield path


def read_articles(
    paths: Iterable[str | Path],
    limits: LimitsConfig,
    rejected: Callable[[Rejected], object],
    *,
    follow_links: bool = False,
) -> Iterator[Article]:
    """The articles of :func:`read_paths`, handing each rejection to ``rejected`` as it comes.

    What every consumer of a batch wants: the good articles as a stream for the
    pipeline, the bad inputs reported on the side (a list's ``append``, a counter).

    Example:
        >>> from sitrep.config import LimitsConfig
        >>> bad: list[Rejected] = []
        >>> list(read_articles(["missing.txt"], LimitsConfig(), bad.append)), bad[0].reason
        ([], 'no such file or directory')
    """
    for item in read_paths(paths, limits, follow_links=follow_links):
        if isinstance(item, Rejected):
            rejected(item)
        else:
            yield item


def read_file(path: Path, limits: LimitsConfig) -> Iterator[Article | Rejected]:
    """Read one file: one article (text, HTML), or one per line (JSONL) or entry (feed)."""
    subject = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        yield Rejected(subject, "no such file or directory")
        return
    except ValueError:  # a NUL byte in the path
        yield Rejected(repr(subject), "not a valid path")
        return
    except OSError as exc:
        yield Rejected(subject, f"cannot be read ({exc.strerror or exc})")
        return
    if not stat.S_ISREG(info.st_mode):
        yield Rejected(subject, "not a regular file")
        return
    if info.st_size == 0:
        yield Rejected(subject, "file is empty")
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as exc:
        yield Rejected(subject, f"cannot be read ({exc.strerror or exc})")
        return
    reader = _format(path, head)
    if not reader.whole:
        # Streamed line by line: only each line is bounded, not the file, and a bad byte
        # rejects its line only; a file whose first line is binary is no JSONL at all.
        if looks_binary(head.split(b"\n", 1)[0]):
            yield Rejected(subject, _BINARY)
        else:
            yield from reader.read(path, limits)
        return
    if info.st_size > limits.max_file_bytes:
        yield Rejected(
            subject,
            f"file is {info.st_size:,} bytes, over the limit of {limits.max_file_bytes:,} "
            "(limits.max_file_bytes)",
        )
        return
    if looks_binary(head):
        yield Rejected(subject, _BINARY)
        return
    yield from reader.read(path, limits)


def _walk(
    root: Path, roots: list[str], follow_links: bool, problem: Callable[[Rejected], object]
) -> list[Path]:
    """Every non-hidden file under ``root`` with a known extension, sorted.

    Links are not followed, or with ``follow_links`` only to targets inside one
    of ``roots`` (real paths), each real folder walked once. A folder that cannot
    be listed, and a link left alone, are passed to ``problem`` rather than
    skipped in silence.
    """

    def unlisted(error: OSError) -> None:
        problem(Rejected(str(error.filename), f"cannot be read ({error.strerror or error})"))

    found: list[Path] = []
    walked: set[str] = set()
    for folder, dirs, files in os.walk(root, onerror=unlisted, followlinks=follow_links):
        real = os.path.realpath(folder)
        if real in walked or not _inside(real, roots):
            dirs[:] = []
            if real not in walked:
                problem(Rejected(folder, "link points outside the folders given; not followed"))
            continue
        walked.add(real)
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            if os.path.islink(os.path.join(folder, name)) and not follow_links:
                problem(Rejected(os.path.join(folder, name), _LINK_SKIPPED))
                continue
            kept.append(name)
        dirs[:] = kept
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in EXTENSIONS:
                continue
            path = Path(folder, name)
            if path.is_symlink():
                if not follow_links:
                    problem(Rejected(str(path), _LINK_SKIPPED))
                    continue
                if not _inside(os.path.realpath(path), roots):
                    problem(Rejected(str(path), "link points outside the folders given; not read"))
                    continue
            found.append(path)
    return sorted(found)


_LINK_SKIPPED = "symbolic link, not followed (--follow-links reads links inside the folder)"


def _inside(real: str, roots: list[str]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _format(path: Path, head: bytes) -> Reader:
    """The extension's reader; a ``.txt`` or unknown file that is really markup is sniffed."""
    by_extension = EXTENSIONS.get(path.suffix.lower())
    if by_extension is not None and by_extension is not READERS["text"]:
        return by_extension
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(_HTML_MARKERS):
        return READERS["html"]
    if start.startswith(b"<") and any(marker in start for marker in _FEED_MARKERS):
        return READERS["feed"]
    if by_extension is None and start.startswith(b"{"):
        return READERS["jsonl"]
    return READERS["text"]
