"""JSON Lines: one article per line, streamed so a file of any size reads in bounded memory.

Each line is an object with ``text`` (required) and optionally ``id``,
``title``, ``published`` (or ``publication_date``), ``url``, ``source`` and
``language``. A bad line is rejected with ``path:line`` and the reading goes
on with the next: one broken record must not cost the rest of a corpus.

Example:
    >>> from sitrep.config import LimitsConfig
    >>> article = read_record('{"id": 7, "text": "Clashes."}', "a.jsonl:1", LimitsConfig())
    >>> article.external_id, article.origin
    ('7', 'a.jsonl:1')
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from sitrep.config import LimitsConfig
from sitrep.read._common import checked, language_code, parse_day, text_field
from sitrep.records import Article, Rejected

_CHUNK = 1 << 20


def read_jsonl(path: Path, limits: LimitsConfig) -> Iterator[Article | Rejected]:
    """Yield one Article or Rejected per non-blank line of the file at ``path``.

    A line longer than ``limits.max_file_bytes`` is rejected without being held
    in memory; this, not the file size, is what bounds memory for JSONL.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Rejected(str(path), f"cannot be read ({exc.strerror or exc})")
        return
    with handle:
        number = 0
        while True:
            number += 1
            raw = handle.readline(limits.max_file_bytes + 1)
            if not raw:
                return
            origin = f"{path}:{number}"
            if len(raw) > limits.max_file_bytes and not raw.endswith(b"\n"):
                _skip_rest_of_line(handle)
                yield Rejected(
                    origin,
                    f"line is over {limits.max_file_bytes:,} bytes (limits.max_file_bytes)",
                )
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield Rejected(origin, "line is not valid UTF-8 (JSON Lines must be UTF-8)")
                continue
            if line.strip():
                yield read_record(line, origin, limits)


def read_record(line: str, origin: str, limits: LimitsConfig) -> Article | Rejected:
    """Read one JSON object (one line) into an Article, or say what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Rejected(origin, f"malformed JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return Rejected(origin, "malformed JSON (nested too deeply)")
    except ValueError as exc:  # e.g. an integer literal with thousands of digits
        return Rejected(origin, f"malformed JSON ({exc})")
    if not isinstance(record, dict):
        return Rejected(origin, f"record is a JSON {type(record).__name__}, not an object")
    text = record.get("text")
    if not isinstance(text, str):
        reason = "has no 'text' field" if text is None else "'text' is not a string"
        return Rejected(origin, f"record {reason}")
    published_value = record.get("published") or record.get("publication_date")
    published = None
    if published_value not in (None, ""):
        if not isinstance(published_value, str):
            return Rejected(origin, f"'published' is not a date string: {published_value!r:.40}")
        try:
            published = parse_day(published_value)
        except ValueError as exc:
            return Rejected(origin, f"'published' is {exc}: {published_value[:40]!r}")
    article = Article(
        text=text,
        title=text_field(record.get("title")),
        published=published,
        url=text_field(record.get("url")),
        source=text_field(record.get("source")),
        language=language_code(record.get("language")),
        external_id=text_field(record.get("id")),
        origin=origin,
    )
    return checked(article, limits)


def _skip_rest_of_line(handle: BinaryIO) -> None:
    while True:
        chunk = handle.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return
