"""``sitrep ingest``: stores good inputs, one line per bad input, exit codes, idempotence, lock."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from clisupport import FakePipeline, Run

from sitrep.store import EventQuery, Store


def _counts(db: Path) -> dict[str, int]:
    with Store.open(db, read_only=True) as store:
        stats = store.stats()
    return {k: stats[k] for k in ("articles", "events", "figures")}


def test_ingest_stores_a_corpus_and_prints_the_summary(
    run: Run, fake_pipeline: FakePipeline, corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "db.duckdb"
    result = run("ingest", corpus, "--db", db, "--quiet")
    assert result.code == 0, result.err
    assert "read 5 articles: 5 stored, 0 unchanged, 0 inputs rejected" in result.out
    assert str(db) in result.out
    assert _counts(db) == {"articles": 5, "events": 3, "figures": 1}


def test_re_ingesting_adds_nothing_and_skips_the_pipeline(
    run: Run, fake_pipeline: FakePipeline, corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "db.duckdb"
    assert run("ingest", corpus, "--db", db, "-q").code == 0
    before = _counts(db)
    fake_pipeline.seen.clear()
    again = run("ingest", corpus, "--db", db, "-q")
    assert again.code == 0
    assert "0 stored, 5 unchanged" in again.out
    assert _counts(db) == before
    assert fake_pipeline.seen == []


def _empty(d: Path) -> Path:
    (d / "empty.txt").write_bytes(b"")
    return d / "empty.txt"


def _binary(d: Path) -> Path:
    (d / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    return d / "blob.txt"


def _not_utf8(d: Path) -> Path:
    (d / "garbled.txt").write_bytes(bytes(range(0x80, 0x100)) * 40)
    return d / "garbled.txt"


def _too_large(d: Path) -> Path:
    path = d / "huge.txt"
    with path.open("wb") as handle:  # sparse: costs no disk and no time
        handle.truncate(50 * 1024 * 1024 + 1)
    return path


def _malformed_jsonl(d: Path) -> Path:
    (d / "lines.jsonl").write_text('{"id": "ok", "text": "Fine in Lagos."}\n{"id": broken\n')
    return d / "lines.jsonl"


def _html_without_article(d: Path) -> Path:
    (d / "nav.html").write_text(
        "<!doctype html><html><head><title>Menu</title></head>"
        "<body><nav><a href='/'>Home</a></nav></body></html>"
    )
    return d / "nav.html"


def _bad_date_header(d: Path) -> Path:
    (d / "baddate.txt").write_text("date 2020-02-30\nClashes in Idlib.\n")
    return d / "baddate.txt"


def _missing(d: Path) -> Path:
    return d / "missing.txt"


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty file": (_empty, "file is empty"),
    "binary file": (_binary, "binary"),
    "non-UTF-8 text": (_not_utf8, "not UTF-8"),
    "file over 50 MB": (_too_large, "over the limit"),
    "malformed JSONL line": (_malformed_jsonl, "malformed JSON"),
    "HTML with no article": (_html_without_article, "no article text"),
    "date header that is not a date": (_bad_date_header, "not a real date"),
    "path that does not exist": (_missing, "no such file"),
}


@pytest.mark.parametrize("make_bad, reason", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_a_bad_input_is_one_line_and_the_good_ones_are_stored(
    run: Run,
    fake_pipeline: FakePipeline,
    corpus: Path,
    tmp_path: Path,
    make_bad: Callable[[Path], Path],
    reason: str,
) -> None:
    db = tmp_path / "db.duckdb"
    assert run("ingest", corpus, "--db", db, "-q").code == 0
    before = _counts(db)
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad = make_bad(bad_dir)
    fresh = tmp_path / "fresh.txt"
    fresh.write_text("date 2024-05-01\nGunmen killed 4 villagers near Lagos.\n")

    result = run("ingest", fresh, bad, "--db", db, "-q")

    assert result.code == 1
    assert "Traceback" not in result.err
    assert len(result.err_lines) == 2, result.err
    subject = f"{bad}:2" if bad.suffix == ".jsonl" else str(bad)  # JSONL names the line
    assert result.err_lines[0].startswith(f"sitrep: {subject}: ")
    assert reason in result.err_lines[0]
    assert result.err_lines[1] == "sitrep: 1 input failed (the other inputs were stored)"
    good_jsonl_lines = 1 if bad.suffix == ".jsonl" else 0
    after = _counts(db)
    assert after["articles"] == before["articles"] + 1 + good_jsonl_lines
    assert after["events"] == before["events"] + 1 + good_jsonl_lines


def test_every_bad_input_at_once_is_counted(
    run: Run, fake_pipeline: FakePipeline, tmp_path: Path
) -> None:
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    paths = [make(bad_dir) for make, _ in BAD_INPUTS.values()]
    good = tmp_path / "good.txt"
    good.write_text("Clashes in Idlib killed 7.\n")
    result = run("ingest", good, bad_dir, _missing(bad_dir), "--db", tmp_path / "db.duckdb", "-q")
    assert result.code == 1
    assert "Traceback" not in result.err
    # The directory walk skips the missing path, which is named on the command line instead.
    assert len(result.err_lines) == len(paths) + 1
    assert (
        result.err_lines[-1] == f"sitrep: {len(paths)} inputs failed (the other inputs were stored)"
    )
    assert "2 stored" in result.out  # good.txt and the good JSONL line


@pytest.mark.parametrize(
    "args",
    [
        ("ingest",),
        ("ingest", "x.txt", "--engine", "spark"),
        ("ingest", "x.txt", "--scheduler", "tcp://127.0.0.1:8786"),
        ("ingest", "x.txt", "--workers", "0"),
        ("ingest", "x.txt", "--wait", "-1"),
    ],
    ids=["no path", "unknown engine", "scheduler without dask", "no workers", "negative wait"],
)
def test_usage_mistakes_exit_2(
    run: Run, fake_pipeline: FakePipeline, args: tuple[str, ...]
) -> None:
    result = run(*args)
    assert result.code == 2
    assert "Traceback" not in result.err


#: Holds the database open for writing; prints "ready" once it does.
HOLDER = """
import sys, time
from sitrep.store import Store
with Store.open(sys.argv[1]):
    print("ready", flush=True)
    sys.stdin.read()
"""


def test_a_second_concurrent_ingest_fails_with_one_clear_line(
    run: Run, fake_pipeline: FakePipeline, corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "db.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        result = run("ingest", corpus, "--db", db, "-q", "--wait", "0.5")
    finally:
        holder.communicate("", timeout=30)
    assert result.code == 1
    assert result.err_lines == [
        f"sitrep: error: {db}: database is in use by another process; retry when it has finished"
    ]
    assert fake_pipeline.seen == []
    assert run("ingest", corpus, "--db", db, "-q").code == 0  # the file is intact


def test_ingest_through_python_m_sitrep_reports_the_partial_failure(tmp_path: Path) -> None:
    """A real process: the exit status survives ``python -m sitrep``; no model is loaded."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(
        [sys.executable, "-m", "sitrep", "ingest", empty, "--db", tmp_path / "db.duckdb", "-q"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        f"sitrep: {empty}: file is empty",
        "sitrep: 1 input failed (the other inputs were stored)",
    ]
    assert "read 0 articles" in done.stdout
    with Store.open(tmp_path / "db.duckdb", read_only=True) as store:
        assert store.count_events(EventQuery()) == 0


@pytest.mark.nlp
@pytest.mark.cluster
def test_the_dask_engine_stores_what_the_local_engine_stores(
    run: Run, tmp_path: Path, seed_path: Path
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "seed.txt").write_bytes(seed_path.read_bytes())
    (inputs / "zamfara.txt").write_text(
        "date 2024-01-02\nGunmen killed five villagers in Zamfara state, police said on Monday.\n"
    )
    (inputs / "empty.txt").write_bytes(b"")
    local = run("ingest", inputs, "--db", tmp_path / "local.duckdb", "-q")
    dask = run(
        "ingest",
        inputs,
        "--db",
        tmp_path / "dask.duckdb",
        "-q",
        "--engine",
        "dask",
        "--workers",
        "1",
    )
    assert (local.code, dask.code) == (1, 1)
    assert local.err_lines == dask.err_lines
    assert "in 1 shards: 2 stored" in dask.out

    def events(db: Path) -> list[tuple[str, int | None]]:
        with Store.open(db, read_only=True) as store:
            rows = store.events(EventQuery(limit=None, sort="event_date"))
        return [(e["event_id"], e["fatalities"]) for e in rows]

    assert events(tmp_path / "dask.duckdb") == events(tmp_path / "local.duckdb") != []


def test_a_link_to_a_file_outside_the_folder_is_not_read(
    run: Run, fake_pipeline: FakePipeline, corpus: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("Clashes in Idlib killed 7. This file lies outside the corpus.\n")
    (corpus / "passwd_link.txt").symlink_to(outside)
    (corpus / "alias.txt").symlink_to(corpus / "lagos.txt")
    (corpus / "linked_dir").symlink_to(tmp_path, target_is_directory=True)
    db = tmp_path / "db.duckdb"

    result = run("ingest", corpus, "--db", db, "-q")
    assert fake_pipeline.seen
    assert not any("outside the corpus" in text for text in fake_pipeline.seen)
    assert {line.split(": ", 2)[1] for line in result.err_lines[:-1]} == {
        str(corpus / name) for name in ("alias.txt", "linked_dir", "passwd_link.txt")
    }
    assert all("symbolic link, not followed" in line for line in result.err_lines[:-1])

    followed = run("ingest", corpus, "--db", tmp_path / "follow.duckdb", "-q", "--follow-links")
    assert not any("outside the corpus" in text for text in fake_pipeline.seen)
    assert {line.split(": ", 2)[1] for line in followed.err_lines[:-1]} == {
        str(corpus / "linked_dir"),
        str(corpus / "passwd_link.txt"),
    }
    assert all("outside the folders given" in line for line in followed.err_lines[:-1])
    assert "read 6 articles: 5 stored, 0 unchanged, 1 duplicates" in followed.out  # the alias


def test_an_unreadable_file_is_one_failure_and_the_others_are_stored(
    run: Run,
    fake_pipeline: FakePipeline,
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Clashes in Idlib killed 7.\n")
    real_open = Path.open

    def deny(path: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny)
    monkeypatch.setattr(os, "access", lambda path, mode, **_: Path(path) != locked)
    result = run("ingest", locked, corpus, "--db", tmp_path / "db.duckdb", "-q")
    assert result.code == 1, result.err
    assert result.err_lines[0] == f"sitrep: {locked}: cannot be read (Permission denied)"
    assert "5 stored" in result.out


def test_file_names_are_printed_escaped(
    run: Run, fake_pipeline: FakePipeline, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "forged\nsitrep: 0 inputs failed\x1b[2J.txt").write_bytes(b"")
    result = run("ingest", folder, "--db", tmp_path / "db.duckdb", "-q")
    assert result.code == 1
    assert "\x1b" not in result.err
    assert len(result.err_lines) == 2, result.err
    assert "forged\\nsitrep: 0 inputs failed\\x1b[2J.txt: file is empty" in result.err_lines[0]


def test_the_same_text_with_and_without_a_date_header_does_not_flip(
    run: Run, fake_pipeline: FakePipeline, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = "Police shot 12 protesters in Lagos.\n"
    (folder / "a_plain.txt").write_text(text)
    (folder / "b_dated.txt").write_text("date 2021-10-20\n" + text)
    db = tmp_path / "db.duckdb"

    def stored() -> list[tuple[object, ...]]:
        with Store.open(db, read_only=True) as store:
            return [(e["article_id"], e["published"]) for e in store.events(EventQuery())]

    first = run("ingest", folder, "--db", db, "-q")
    assert "1 stored, 0 unchanged, 1 duplicates" in first.out
    kept = stored()
    for _ in range(2):
        again = run("ingest", folder, "--db", db, "-q")
        assert "0 stored, 1 unchanged, 1 duplicates" in again.out
        assert stored() == kept


def test_the_summary_counts_the_events_of_the_articles_stored(
    run: Run, fake_pipeline: FakePipeline, corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "db.duckdb"
    assert run("ingest", corpus, "--db", db, "-q").code == 0
    extra = tmp_path / "extra.txt"
    extra.write_text("date 2024-05-01\nGunmen killed 4 villagers near Lagos.\n")
    result = run("ingest", corpus, extra, "--db", db, "-q")
    assert "1 stored, 5 unchanged, 0 inputs rejected; 1 events, 0 figures" in result.out
