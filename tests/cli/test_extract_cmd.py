"""``sitrep extract``: the table, ``--json``, the ``--jsonl`` evaluation contract, bad inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from clisupport import FakePipeline, Run

from sitrep.records import Event, from_dict


def test_the_table_shows_date_type_place_count_and_actors(
    run: Run, fake_pipeline: FakePipeline, corpus: Path
) -> None:
    result = run("extract", corpus / "idlib.txt", corpus / "paris.txt")
    assert result.code == 0, result.err
    blocks = result.out.split("\n\n")
    assert blocks[0].splitlines()[0] == f"{corpus / 'idlib.txt'} | published 2020-02-27"
    row = blocks[0].splitlines()[2]
    for cell in ("2020-02-27", "Battles / Armed clash", "Idlib, Syria (p3)", "22 (at least)"):
        assert cell in row
    assert "Military Forces of Syria" in row
    assert "displaced  900 people" in blocks[1]
    assert "not extracted: language 'fr'" in blocks[2]


def test_json_lists_article_events_and_figures_per_input(
    run: Run, fake_pipeline: FakePipeline, corpus: Path
) -> None:
    result = run("extract", "--json", corpus)
    assert result.code == 0, result.err
    items = json.loads(result.out)
    assert len(items) == 5
    assert set(items[0]) == {"article", "events", "figures", "reason"}
    first = items[0]
    assert first["article"]["published"] == "2020-02-27"
    event = from_dict(Event, first["events"][0])  # the records' own field names round-trip
    assert event.fatalities == 22 and event.evidence["location"][0].text == "Idlib"


def test_jsonl_writes_one_line_per_good_record_keyed_by_its_id(
    run: Run, fake_pipeline: FakePipeline, tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "a", "text": "Clashes in Idlib killed 5.", "publication_date": "2020-03-01"}\n'
        '{"id": "b", "text": "Nothing to report today."}\n'
        "{not json\n"
        '{"id": "d", "text": "Bonjour tout le monde."}\n'
    )
    out = tmp_path / "out.jsonl"
    result = run("extract", "--jsonl", source, "--out", out)
    assert result.code == 1
    assert result.err_lines == [
        f"sitrep: {source}:3: malformed JSON (Expecting property name enclosed in double quotes "
        "at column 2)",
        "sitrep: 1 input failed (nothing was extracted from them)",
    ]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "d"]
    assert {"id", "events", "figures"} <= set(lines[0])
    assert lines[0]["events"][0]["fatalities"] == 5
    assert lines[0]["events"][0]["event_date"] == "2020-03-01"
    assert lines[1]["events"] == [] and lines[1]["figures"] == []
    assert lines[2]["events"] == [] and "language" in lines[2]["reason"]


def test_jsonl_goes_to_stdout_without_out(
    run: Run, fake_pipeline: FakePipeline, tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 7, "text": "Shelling in Donetsk killed 3."}\n')
    result = run("extract", "--jsonl", source)
    assert result.code == 0, result.err
    assert json.loads(result.out)["id"] == "7"


def test_bad_inputs_are_reported_and_the_good_ones_still_extracted(
    run: Run, fake_pipeline: FakePipeline, corpus: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run("extract", "--json", empty, corpus / "lagos.txt", tmp_path / "nope.txt")
    assert result.code == 1
    assert [item["article"]["origin"] for item in json.loads(result.out)] == [
        str(corpus / "lagos.txt")
    ]
    assert result.err_lines == [
        f"sitrep: {empty}: file is empty",
        f"sitrep: {tmp_path / 'nope.txt'}: no such file or directory",
        "sitrep: 2 inputs failed (nothing was extracted from them)",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("extract",),
        ("extract", "a.txt", "--jsonl", "b.jsonl"),
        ("extract", "--jsonl", "b.jsonl", "--json"),
        ("extract", "a.txt", "--out", "o.jsonl"),
    ],
    ids=["nothing to read", "files and jsonl", "jsonl and json", "out without jsonl"],
)
def test_usage_mistakes_exit_2(
    run: Run, fake_pipeline: FakePipeline, args: tuple[str, ...]
) -> None:
    result = run(*args)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert fake_pipeline.seen == []


@pytest.mark.nlp
def test_the_seed_article_gives_the_worked_example_as_json(run: Run, seed_path: Path) -> None:
    result = run("extract", "--json", seed_path)
    assert result.code == 0, result.err
    (item,) = json.loads(result.out)
    text = item["article"]["text"]
    strikes = [e for e in item["events"] if e["sub_event_type"] == "Air/drone strike"]
    assert strikes, item["events"]
    event = strikes[0]
    assert event["event_date"] == "2020-02-27" and event["date_precision"] == 1
    assert event["event_type"] == "Explosions/Remote violence"
    assert event["actor1"] == "Military Forces of Syria"
    assert event["actor2"] == "Military Forces of Turkey"
    assert (event["country"], event["admin1"], event["geo_precision"]) == ("Syria", "Idlib", 3)
    assert (event["fatalities"], event["qualifier"]) == (22, "at_least")
    assert [r["value"] for r in event["revisions"]] == [9]
    assert any("Hatay" in s for s in event["sources_quoted"])
    assert event["evidence"]
    for name, spans in event["evidence"].items():
        for span in spans:
            assert text[span["start"] : span["end"]] == span["text"], name
    figures = {f["figure_type"]: f for f in item["figures"]}
    assert figures["displaced"]["admin1"] == "Idlib"
    assert figures["refugees"]["value"] == 3_600_000


@pytest.mark.nlp
def test_python_m_sitrep_extract_prints_the_seed_table(seed_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sitrep", "extract", seed_path],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Explosions/Remote violence / Air/drone strike" in done.stdout
    assert "22 (at least); earlier 9" in done.stdout
    assert "Traceback" not in done.stderr
