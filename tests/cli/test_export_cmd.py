"""``sitrep export``: its formats are the registry's, and each writes the registry's files."""

from __future__ import annotations

from pathlib import Path

from clisupport import FakePipeline, Run

from sitrep.export import EXPORTERS, layer_paths


def test_the_format_choices_are_the_registered_exporters(run: Run) -> None:
    result = run("export", "--help")
    assert result.code == 0
    assert EXPORTERS
    for exporter in EXPORTERS.values():
        assert f"{exporter.name}: {exporter.description}" in " ".join(result.out.split())
    refused = run("export", "--db", "x.duckdb", "--format", "xlsx", "--out", "x.xlsx")
    assert refused.code == 2
    assert all(name in refused.err for name in EXPORTERS)


def test_each_registered_format_exports_the_ingested_records(
    run: Run, fake_pipeline: FakePipeline, corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "e.duckdb"
    assert run("ingest", corpus, "--db", db, "-q").code == 0
    assert EXPORTERS
    for name, exporter in EXPORTERS.items():
        out = tmp_path / name / f"events{exporter.extension}"
        result = run("export", "--db", db, "--format", name, "--out", out)
        assert result.code == 0, result.err
        assert result.out.startswith("wrote ") and f" as {name}" in result.out
        assert all(path.stat().st_size > 0 for path in layer_paths(out).values())
