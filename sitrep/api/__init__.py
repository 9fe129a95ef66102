"""sitrep's HTTP service: the JSON API and the dashboard, over one DuckDB file.

Start it with ``sitrep serve --db FILE``; build it in code with :func:`create_app`.

Example:
    >>> from sitrep import Config
    >>> from sitrep.api import create_app
    >>> app = create_app(Config.load(), "sitrep.duckdb")              # doctest: +SKIP
"""

from __future__ import annotations

from sitrep.api.app import create_app, serve

__all__ = ["create_app", "serve"]
