"""The tables of a sitrep database and the version that names their shape.

Plain latitude/longitude columns with bounding-box filters are enough for the
queries sitrep serves, so the spatial extension is not needed (and cannot be
installed offline). Lists that are only ever read whole (revisions, sources
quoted) are JSON or ``VARCHAR[]`` columns; evidence spans, which the dashboard
and the merge stage read per record, have a table of their own. The place
columns, the same in every table that has them, come from the record fields
declared once in :class:`sitrep.records.Placed`.

There are no key constraints: DuckDB checks them eagerly inside a transaction,
and :meth:`~sitrep.store.Store.write` keeps one row per id itself by deleting an
article's rows and inserting the new ones in one transaction.
"""

from __future__ import annotations

import typing

from sitrep.records import PLACE_FIELDS, Placed

#: The SQL type of each Python type a place field holds (every one may be NULL).
_SQL_TYPES: dict[type, str] = {str: "VARCHAR", float: "DOUBLE", int: "INTEGER"}


def _place_columns() -> str:
    """The place columns of every located table, from the fields of :class:`Placed`."""
    hints = typing.get_type_hints(Placed)
    columns = []
    for name in PLACE_FIELDS:
        (kind,) = (t for t in typing.get_args(hints[name]) if t is not type(None))
        columns.append(f"{name} {_SQL_TYPES[kind]}")
    return ", ".join(columns)


_PLACE = _place_columns()

#: Bump when a table changes shape; a database of another version is refused, not misread.
SCHEMA_VERSION = 1

TABLES: dict[str, str] = {
    "meta": "key VARCHAR, value VARCHAR",
    "articles": """
        article_id VARCHAR, title VARCHAR, text VARCHAR, published DATE, url VARCHAR,
        source VARCHAR, language VARCHAR, external_id VARCHAR, origin VARCHAR, reason VARCHAR,
        fingerprint VARCHAR, record_hash VARCHAR, ingested_at TIMESTAMP""",
    "events": f"""
        event_id VARCHAR, article_id VARCHAR, event_type VARCHAR, sub_event_type VARCHAR,
        source VARCHAR, url VARCHAR, published DATE, event_date DATE, date_precision INTEGER,
        actor1 VARCHAR, actor2 VARCHAR, assoc_actor1 VARCHAR, assoc_actor2 VARCHAR,
        inter1 INTEGER, inter2 INTEGER, civilian_targeting BOOLEAN, {_PLACE},
        fatalities BIGINT, fatalities_low BIGINT, fatalities_high BIGINT, injured BIGINT,
        injured_mentioned BOOLEAN, qualifier VARCHAR, revisions VARCHAR, sources_quoted VARCHAR[],
        notes VARCHAR, confidence DOUBLE, incident_id VARCHAR""",
    "figures": f"""
        figure_id VARCHAR, article_id VARCHAR, figure_type VARCHAR, value BIGINT, low BIGINT,
        high BIGINT, qualifier VARCHAR, unit VARCHAR, period_start DATE, period_end DATE,
        {_PLACE}""",
    "evidence": """
        owner_kind VARCHAR, owner_id VARCHAR, article_id VARCHAR, field VARCHAR,
        position INTEGER, span_start INTEGER, span_end INTEGER, span_text VARCHAR""",
    "incidents": f"""
        incident_id VARCHAR, article_ids VARCHAR[], n_sources INTEGER, event_type VARCHAR,
        sub_event_type VARCHAR, first_reported DATE, last_reported DATE, event_date DATE,
        date_precision INTEGER, {_PLACE}, fatalities BIGINT, fatalities_low BIGINT,
        fatalities_best BIGINT, fatalities_high BIGINT, revisions VARCHAR""",
    "incident_members": "incident_id VARCHAR, event_id VARCHAR, position INTEGER",
    # Articles written since their events were last merged into incidents: filled in
    # the article's own transaction, emptied in the merge's, so a merge that a crash
    # interrupted is found and finished by the next ingest.
    "merge_pending": "article_id VARCHAR",
}

#: Tables added to the schema after version 1 shipped, each with the statement that fills it
#: in a database written before it existed (a writable open adds them; readers never need them).
ADDED_TABLES: dict[str, str] = {
    "merge_pending": "INSERT INTO merge_pending "
    "SELECT DISTINCT article_id FROM events WHERE incident_id IS NULL",
}
