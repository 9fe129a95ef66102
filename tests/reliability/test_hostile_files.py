"""Ingest over what scrapers leave on disk: every input is stored once or reported, no crash.

The model is replaced by the cleaning stand-in so that these run in a second;
the readers, the cleaner, ingest and the store are the real ones.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synthetic_news import CleaningPipeline

from sitrep.config import Config
from sitrep.ingest import IngestReport, ingest
from sitrep.store import Store

CONFIG = Config.load(overrides={"limits": {"max_article_chars": 20_000, "max_file_bytes": 200_000}})

#: name → bytes; each either yields articles or is reported, and none may stop the run.
HOSTILE_FILES: dict[bytes, bytes] = {
    b"not-utf8-name-\xff\xfe.txt": b"Three people were killed in Gao on Monday.",
    b"latin1.txt": "Caf\xe9 bombed in Kabul, two killed.".encode("latin-1"),
    b"surrogates.jsonl": (
        json.dumps(
            {
                "id": "x\ud800",
                "text": "Shelling in \udfffDonetsk.",
                "url": "https://e.invalid/\ud83d",
            }
        )
        + "\n"
        + json.dumps({"id": "2", "text": "Raid in Gao.", "source": "wire\udc80"})
        + "\n"
    ).encode("ascii"),
    b"bombs.jsonl": (
        '{"text": "x", "bomb": ' + "[" * 50_000 + "]" * 50_000 + "}\n"
        '{"text": "' + "y" * 30_000 + '"}\n'
        '{"text": 1' + "0" * 5000 + "}\n"
        '{"text": "ok", "published": "Feb 30"}\n'
        '{"text": "The toll rose from 99999999999999999999 to 1e308.", "published": "2020-02-29"}\n'
    ).encode("ascii"),
    b"binary.txt": bytes(range(256)) * 20,
    b"huge-line.txt": b"killed " * 25_000,
    b"nested.html": b"<html><body>" + b"<div>" * 20_000 + b"Two were killed in Kabul.</body>",
    b"bad-date.txt": b"date 2020-02-30\nFour people were killed.",
    b"invisible.txt": "\u200b\u200e\ufeff\u202e\u2066".encode(),
    b"rtl.txt": "\u202eKilled 3\u202c in \u2067Kabul\u2069 on Feb 30, -0 injured.".encode(),
    b"empty.txt": b"",
    b"nul.jsonl": b'{"text": "a\\u0000b killed 1e308"}\n\x00\x00\n',
}

#: Inputs in HOSTILE_FILES: one per file, one per line of the three JSONL files (a NUL byte
#: rejects its line, not the file).
N_INPUTS = len(HOSTILE_FILES) - 3 + 2 + 5 + 2


def _write(root: Path, files: dict[bytes, bytes]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(os.fsencode(root), name), "wb") as handle:
            handle.write(data)


def _ingest(root: Path, db: Path) -> IngestReport:
    with Store.open(db) as store:
        return ingest([root], store, CleaningPipeline(), CONFIG)


def _article_ids(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [row[0] for row in con.execute("SELECT article_id FROM articles").fetchall()]


def test_hostile_files_are_stored_or_reported_and_nothing_stops_the_run(tmp_path: Path) -> None:
    _write(tmp_path / "in", HOSTILE_FILES)
    report = _ingest(tmp_path / "in", tmp_path / "db.duckdb")
    ids = _article_ids(tmp_path / "db.duckdb")
    assert report.stored == len(ids) == len(set(ids))
    assert report.read == report.stored
    assert report.rejected
    assert all(": " in line and "\n" not in line for line in report.rejected)
    # Every input (a file, or a line of a JSONL file) is stored or reported, exactly once.
    assert report.stored + len(report.rejected) == N_INPUTS
    assert report.stored >= 5  # the readable ones, hostile characters and all


def test_file_names_and_ids_that_are_not_utf8_are_stored_with_replacement_characters(
    tmp_path: Path,
) -> None:
    names = (b"not-utf8-name-\xff\xfe.txt", b"surrogates.jsonl")
    _write(tmp_path / "in", {name: HOSTILE_FILES[name] for name in names})
    report = _ingest(tmp_path / "in", tmp_path / "db.duckdb")
    assert (report.stored, report.rejected) == (3, [])
    with Store.open(tmp_path / "db.duckdb", read_only=True) as store:
        stored = [store.article(article_id) for article_id in _article_ids(tmp_path / "db.duckdb")]
    assert all(a is not None and "\ud800" not in json.dumps(a) for a in stored)
    assert {a["url"] for a in stored if a and a["url"]} == {"https://e.invalid/\ufffd"}


def test_re_ingesting_hostile_files_stores_nothing_twice(tmp_path: Path) -> None:
    _write(tmp_path / "in", HOSTILE_FILES)
    first = _ingest(tmp_path / "in", tmp_path / "db.duckdb")
    second = _ingest(tmp_path / "in", tmp_path / "db.duckdb")
    assert second.stored == 0 and second.unchanged == first.stored
    assert len(_article_ids(tmp_path / "db.duckdb")) == first.stored


names = st.binary(min_size=1, max_size=12).map(
    lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_").lstrip(b".") or b"x"
)
contents = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(list(HOSTILE_FILES.values())),
)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.dictionaries(
        st.tuples(names, st.sampled_from([b".txt", b".jsonl", b".html", b".xml", b""])).map(
            b"".join
        ),
        contents,
        min_size=1,
        max_size=6,
    )
)
def test_any_folder_of_files_ingests_without_an_exception(
    tmp_path_factory: pytest.TempPathFactory, files: dict[bytes, bytes]
) -> None:
    root = tmp_path_factory.mktemp("any")
    _write(root / "in", files)
    report = _ingest(root / "in", root / "db.duckdb")
    ids = _article_ids(root / "db.duckdb")
    assert len(ids) == len(set(ids)) <= report.read
    assert report.stored + report.unchanged == report.read
