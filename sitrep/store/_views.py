"""The read views of a store: what the CLI's queries, the API and the exports show."""

from __future__ import annotations

from typing import Any

from sitrep.records import Event, Figure, Incident, to_dict
from sitrep.store._connection import StoreBase
from sitrep.store._query import (
    EVENTS,
    FIGURES,
    INCIDENTS,
    EventQuery,
    _Columns,
    order_and_page,
    where,
)
from sitrep.store._rows import from_row


class ViewsMixin(StoreBase):
    """The reading half of :class:`~sitrep.store.Store`."""

    def events(self, q: EventQuery) -> list[dict[str, Any]]:
        """Events matching ``q`` as JSON-ready dicts (record field names, evidence included).

        Each dict also carries the article's ``title`` and the UTC ``ingested_at``
        time of the article, for display and for ACLED's ``timestamp``.
        """
        out = []
        for event, extra in self._events(q):
            item = to_dict(event)
            item["title"] = extra["article_title"]
            ingested = extra["ingested_at"]
            item["ingested_at"] = ingested.isoformat() + "Z" if ingested else None
            out.append(item)
        return out

    def count_events(self, q: EventQuery) -> int:
        """How many events match ``q``, ignoring its paging."""
        return self._count(EVENTS, q)

    def count_figures(self, q: EventQuery) -> int:
        """How many figures :meth:`figures` would list for ``q`` without paging."""
        return self._count(FIGURES, q)

    def count_incidents(self, q: EventQuery) -> int:
        """How many incidents :meth:`incidents` would list for ``q`` without paging."""
        return self._count(INCIDENTS, q)

    def _count(self, cols: _Columns, q: EventQuery) -> int:
        clause, params = where(q, cols)
        with self._guard(f"count {cols.table.split()[0]}"):
            row = self._con.execute(f"SELECT count(*) FROM {cols.table}{clause}", params).fetchone()
        return int(row[0]) if row else 0

    def figures(self, q: EventQuery) -> list[dict[str, Any]]:
        """Figures matching the place, date, bounding-box and text filters of ``q``."""
        clause, params = where(q, FIGURES)
        order, page = order_and_page(q, FIGURES)
        with self._guard("read figures"):
            rows = self._dicts(f"SELECT e.* FROM {FIGURES.table}{clause}{order}", params + page)
            evidence = self._evidence("figure", [r["figure_id"] for r in rows])
        return [to_dict(from_row(Figure, r, evidence.get(r["figure_id"]))) for r in rows]

    def incidents(self, q: EventQuery) -> list[dict[str, Any]]:
        """Incidents matching ``q``, each with its member event ids and the sources that told it."""
        clause, params = where(q, INCIDENTS)
        order, page = order_and_page(q, INCIDENTS)
        with self._guard("read incidents"):
            rows = self._dicts(f"SELECT e.* FROM {INCIDENTS.table}{clause}{order}", params + page)
            ids = [r["incident_id"] for r in rows]
            evidence = self._evidence("incident", ids)
            members: dict[str, list[str]] = {}
            sources: dict[str, list[str]] = {}
            for incident_id, event_id, source in self._con.execute(
                "SELECT m.incident_id, m.event_id, e.source FROM incident_members m "
                "LEFT JOIN events e ON e.event_id = m.event_id "
                "WHERE list_contains(?, m.incident_id) ORDER BY m.incident_id, m.position",
                [ids],
            ).fetchall():
                members.setdefault(incident_id, []).append(event_id)
                if source and source not in sources.setdefault(incident_id, []):
                    sources[incident_id].append(source)
        out = []
        for row in rows:
            iid = row["incident_id"]
            row["event_ids"] = members.get(iid, [])
            item = to_dict(from_row(Incident, row, evidence.get(iid)))
            item["sources"] = sources.get(iid, [])
            out.append(item)
        return out

    def article(self, article_id: str) -> dict[str, Any] | None:
        """An article's cleaned text with its events and figures, whose spans index that text."""
        with self._guard("read the article"):
            rows = self._dicts(
                "SELECT article_id, title, text, published, url, source, language, origin, "
                "reason, ingested_at FROM articles WHERE article_id = ?",
                [article_id],
            )
            if not rows:
                return None
            events = self._dicts(
                "SELECT * FROM events WHERE article_id = ? ORDER BY event_id", [article_id]
            )
            ev_evidence = self._evidence("event", [r["event_id"] for r in events])
            figures = self._dicts(
                "SELECT * FROM figures WHERE article_id = ? ORDER BY figure_id", [article_id]
            )
            fig_evidence = self._evidence("figure", [r["figure_id"] for r in figures])
        item: dict[str, Any] = to_dict(rows[0])
        item["ingested_at"] = rows[0]["ingested_at"].isoformat() + "Z"
        item["events"] = [
            to_dict(from_row(Event, r, ev_evidence.get(r["event_id"]))) for r in events
        ]
        item["figures"] = [
            to_dict(from_row(Figure, r, fig_evidence.get(r["figure_id"]))) for r in figures
        ]
        return item

    def stats(self) -> dict[str, Any]:
        """Counts of what the database holds: records, fatalities, dates, types and countries."""
        with self._guard("count records"):
            counts = {
                table: self._scalar(f"SELECT count(*) FROM {table}")
                for table in ("articles", "events", "figures", "incidents")
            }
            counts["articles_without_records"] = self._scalar(
                "SELECT count(*) FROM articles WHERE reason IS NOT NULL"
            )
            fatalities = self._scalar("SELECT coalesce(sum(fatalities), 0) FROM events")
            first, last = self._con.execute(
                "SELECT min(event_date), max(event_date) FROM events"
            ).fetchone() or (None, None)
            by_type = self._con.execute(
                "SELECT event_type, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC, 1"
            ).fetchall()
            by_country = self._con.execute(
                "SELECT coalesce(country, 'unknown'), count(*) AS n FROM events "
                "GROUP BY ALL ORDER BY n DESC, 1"
            ).fetchall()
        return {
            **counts,
            "fatalities": fatalities,
            "date_range": {
                "from": first.isoformat() if first else None,
                "to": last.isoformat() if last else None,
            },
            "by_type": dict(by_type),
            "by_country": dict(by_country),
        }
