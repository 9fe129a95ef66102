"""The ``sitrep`` command line: thin commands over the library functions of the same name.

Each command lives in its own module of this package and is imported only when
it runs, so ``sitrep extract`` never pays for the web server or the cluster
engine. Every :class:`sitrep.Error` becomes one line on stderr and exit status 1;
usage mistakes exit 2; a batch with some failed inputs exits 1 after a report.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from sitrep.errors import Error

#: command name → "module:function" (relative to this package).
COMMANDS: dict[str, str] = {
    "extract": "extract:extract_cmd",
    "ingest": "ingest:ingest_cmd",
    "follow": "follow:follow_cmd",
    "events": "query:events_cmd",
    "incidents": "query:incidents_cmd",
    "export": "export:export_cmd",
    "evaluate": "evaluate:evaluate_cmd",
    "geocode": "geocode:geocode_cmd",
    "gazetteer": "gazetteer:gazetteer_cmd",
    "serve": "serve:serve_cmd",
    "demo": "demo:demo_cmd",
}


class _LazyGroup(click.Group):
    """A click group that imports a command's module only when it is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        module = importlib.import_module(f"{__name__}.{module_name}")
        command: click.Command = getattr(module, attr)
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sitrep")
def cli() -> None:
    """sitrep: turn news articles into an evidenced event dataset, offline."""


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI; sitrep errors become one line and exit status 1, never a traceback."""
    try:
        return cli.main(args=argv, prog_name="sitrep", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("sitrep: aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except Error as exc:
        click.echo(f"sitrep: error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("sitrep: interrupted", err=True)
        sys.exit(130)
