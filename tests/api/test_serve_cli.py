"""``sitrep serve``: help text and a clear error instead of a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import cli, main


def test_serve_help_names_every_option() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--ingest-token", "--config"):
        assert option in result.output


def test_serve_on_a_missing_database_fails_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--db", str(tmp_path / "absent.duckdb"), "--quiet"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "no such database" in err and "Traceback" not in err


def test_serve_rejects_an_invalid_port() -> None:
    result = CliRunner().invoke(cli, ["serve", "--port", "70000"])
    assert result.exit_code == 2
