"""The readers' registry: one entry per format, and the walk and the CLI's help follow it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.read import EXTENSIONS, READERS, input_files


def test_every_extension_belongs_to_one_reader() -> None:
    listed = [ext for reader in READERS.values() for ext in reader.extensions]
    assert len(listed) == len(set(listed)) == len(EXTENSIONS)
    assert all(ext.startswith(".") and ext == ext.lower() for ext in listed)


def test_a_directory_walk_picks_exactly_the_registered_extensions(tmp_path: Path) -> None:
    for ext in [*EXTENSIONS, ".md", ".bin"]:
        (tmp_path / f"a{ext}").write_text("x", encoding="utf-8")
    found = {path.suffix for path in input_files([tmp_path])}
    assert found == set(EXTENSIONS)


def test_the_help_of_ingest_and_extract_lists_every_format() -> None:
    for command in ("ingest", "extract"):
        shown = " ".join(CliRunner().invoke(cli, [command, "--help"]).output.split())
        assert all(reader.label in shown for reader in READERS.values())
        assert all(ext in shown for ext in EXTENSIONS)
