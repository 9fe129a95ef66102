"""Every export format, registered once: its name, extension, media type and writer.

The CLI's ``--format`` choices, the demo's exports and the API's media types
all come from :data:`EXPORTERS`. A new format is one module with an
``EXPORTER`` and one line here.
"""

from __future__ import annotations

from sitrep.errors import InputError
from sitrep.export import acled_csv, geojson, parquet
from sitrep.export.files import Exporter

#: name → exporter, in the order ``--help`` and the demo list them.
EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter for exporter in (acled_csv.EXPORTER, geojson.EXPORTER, parquet.EXPORTER)
}
#: The names ``--format`` accepts.
FORMATS = tuple(EXPORTERS)


def exporter(name: str) -> Exporter:
    """The exporter called ``name``.

    Raises:
        InputError: no format has that name.

    Example:
        >>> exporter("geojson").extension
        '.geojson'
    """
    try:
        return EXPORTERS[name]
    except KeyError:
        raise InputError(name, f"unknown export format; use one of {', '.join(FORMATS)}") from None
