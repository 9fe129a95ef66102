"""What the merge stage reads and writes: windows of events, unread articles, incidents.

Incidents are derived data: they can always be recomputed from the events.
:meth:`MergeSupportMixin.replace_incidents` writes one merge's whole outcome
(stale incidents gone, new ones in, events pointed at them, the articles it
covered taken off ``merge_pending``) in one transaction, so a crash leaves the
incidents either as they were with the articles still pending, or merged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from sitrep.records import Article, Event, Incident
from sitrep.store._connection import EVIDENCE_COLUMNS, StoreBase
from sitrep.store._query import EventQuery
from sitrep.store._rows import columns, evidence_rows, from_row, to_row

#: Events per page when streaming every event (keyset paging, so writes in between are safe).
_STREAM_CHUNK = 1000


class MergeSupportMixin(StoreBase):
    """The merge stage's half of :class:`~sitrep.store.Store`."""

    # -- writing incidents ----------------------------------------------------------------

    def replace_incidents(
        self,
        stale: Iterable[str],
        incidents: Iterable[Incident],
        *,
        done: Iterable[str] = (),
        everything: bool = False,
    ) -> None:
        """Apply one merge in one transaction.

        Args:
            stale: ids of incidents to remove (their events no longer point at them).
            incidents: incidents to insert or replace; their events are pointed at them.
            done: article ids the merge covered, taken off the pending list.
            everything: remove every incident first and empty the pending list (a rebuild).
        """
        items = list(incidents)
        stale_ids = sorted(set(stale))
        with self._transaction("write incidents"):
            if everything:
                for table in ("incidents", "incident_members", "merge_pending"):
                    self._con.execute(f"DELETE FROM {table}")
                self._con.execute("DELETE FROM evidence WHERE owner_kind = 'incident'")
                self._con.execute("UPDATE events SET incident_id = NULL")
            elif stale_ids:
                self._delete_incident_rows(stale_ids)
                self._con.execute(
                    "UPDATE events SET incident_id = NULL WHERE list_contains(?, incident_id)",
                    [stale_ids],
                )
            self._write_incidents(items)
            self._link({e: incident.incident_id for incident in items for e in incident.event_ids})
            done_ids = sorted(set(done))
            if done_ids:
                self._con.execute(
                    "DELETE FROM merge_pending WHERE list_contains(?, article_id)", [done_ids]
                )

    def upsert_incidents(self, incidents: Iterable[Incident]) -> None:
        """Insert or replace incidents, their members and evidence, in one transaction."""
        items = list(incidents)
        if items:
            with self._transaction("write incidents"):
                self._write_incidents(items)

    def delete_incidents(self, ids: Iterable[str]) -> None:
        """Remove incidents; their events no longer point at them."""
        self.replace_incidents(ids, ())

    def set_incident_ids(self, mapping: Mapping[str, str | None]) -> None:
        """Point events (by id) at their incident; ``None`` clears the link."""
        if mapping:
            with self._transaction("link events to incidents"):
                self._link(mapping)

    def _write_incidents(self, items: list[Incident]) -> None:
        if not items:
            return
        self._delete_incident_rows([i.incident_id for i in items])
        self._insert("incidents", columns(Incident), [to_row(i) for i in items])
        self._insert(
            "incident_members",
            ("incident_id", "event_id", "position"),
            [(i.incident_id, e, n) for i in items for n, e in enumerate(i.event_ids)],
        )
        self._insert(
            "evidence",
            EVIDENCE_COLUMNS,
            [r for i in items for r in evidence_rows("incident", i.incident_id, None, i.evidence)],
        )

    def _delete_incident_rows(self, ids: list[str]) -> None:
        for table in ("incidents", "incident_members"):
            self._con.execute(f"DELETE FROM {table} WHERE list_contains(?, incident_id)", [ids])
        self._con.execute(
            "DELETE FROM evidence WHERE owner_kind = 'incident' AND list_contains(?, owner_id)",
            [ids],
        )

    def _link(self, mapping: Mapping[str, str | None]) -> None:
        if mapping:
            self._con.execute(
                "UPDATE events SET incident_id = m.incident_id "
                "FROM (SELECT unnest(?::VARCHAR[]) AS event_id, "
                "unnest(?::VARCHAR[]) AS incident_id) AS m "
                "WHERE events.event_id = m.event_id",
                [list(mapping), list(mapping.values())],
            )

    # -- reading for the merge ------------------------------------------------------------

    def pending_articles(self) -> list[str]:
        """Ids of the articles written since their events were last merged, sorted."""
        with self._guard("read the merge queue"):
            rows = self._con.execute(
                "SELECT DISTINCT article_id FROM merge_pending ORDER BY article_id"
            ).fetchall()
        return [r[0] for r in rows]

    def event_ids_of(self, article_ids: Iterable[str]) -> list[str]:
        """The ids of the stored events of these articles, sorted."""
        ids = sorted(set(article_ids))
        if not ids:
            return []
        with self._guard("read events"):
            rows = self._con.execute(
                "SELECT event_id FROM events WHERE list_contains(?, article_id) ORDER BY event_id",
                [ids],
            ).fetchall()
        return [r[0] for r in rows]

    def stale_incidents(self) -> dict[str, list[str]]:
        """Incidents with a member event that is gone (its article was re-written differently).

        Returns each such incident's surviving member ids, so the merge stage can
        re-cluster them and drop the incident.
        """
        with self._guard("read incidents"):
            rows = self._con.execute(
                "SELECT m.incident_id, list(e.event_id ORDER BY e.event_id) "
                "FILTER (WHERE e.event_id IS NOT NULL) "
                "FROM incident_members m LEFT JOIN events e ON e.event_id = m.event_id "
                "GROUP BY m.incident_id HAVING count(e.event_id) < count(*) "
                "ORDER BY m.incident_id"
            ).fetchall()
        return {incident_id: list(members or []) for incident_id, members in rows}

    def events_in_window(
        self, date_from: date, date_to: date, country: str | None = None
    ) -> list[Event]:
        """Events dated in ``[date_from, date_to]`` (published date if undated), with evidence."""
        query = EventQuery(
            country=country, date_from=date_from, date_to=date_to, limit=None, sort="event_date"
        )
        return [event for event, _ in self._events(query)]

    def events_by_id(self, ids: Iterable[str]) -> list[Event]:
        """The events with these ids (unknown ids skipped), with evidence, in id order."""
        id_list = sorted(set(ids))
        if not id_list:
            return []
        with self._guard("read events"):
            rows = self._dicts(
                "SELECT * FROM events WHERE list_contains(?, event_id) ORDER BY event_id",
                [id_list],
            )
            evidence = self._evidence("event", [r["event_id"] for r in rows])
        return [from_row(Event, r, evidence.get(r["event_id"])) for r in rows]

    def article_texts(self, ids: Iterable[str]) -> dict[str, tuple[str | None, str]]:
        """Article id → (title, cleaned text), for the articles that exist."""
        id_list = sorted(set(ids))
        if not id_list:
            return {}
        with self._guard("read articles"):
            rows = self._con.execute(
                "SELECT article_id, title, text FROM articles WHERE list_contains(?, article_id)",
                [id_list],
            ).fetchall()
        return {article_id: (title, text) for article_id, title, text in rows}

    def unread_articles(
        self,
        date_from: date | None = None,
        date_to: date | None = None,
        article_ids: Iterable[str] | None = None,
    ) -> list[tuple[Article, str]]:
        """Articles stored with a ``reason`` (no records by design) and that reason, by id.

        Filtered by publication date in ``[date_from, date_to]`` and, when given,
        by ``article_ids``; the merge stage links such articles to incidents.
        """
        clauses = ["reason IS NOT NULL"]
        params: list[Any] = []
        if date_from is not None:
            clauses.append("published >= ?")
            params.append(date_from)
        if date_to is not None:
            clauses.append("published <= ?")
            params.append(date_to)
        if article_ids is not None:
            clauses.append("list_contains(?, article_id)")
            params.append(sorted(set(article_ids)))
        with self._guard("read articles"):
            rows = self._dicts(
                "SELECT title, text, published, url, source, language, external_id, origin, "
                f"reason FROM articles WHERE {' AND '.join(clauses)} ORDER BY article_id",
                params,
            )
        return [
            (Article(**{k: v for k, v in row.items() if k != "reason"}), row["reason"])
            for row in rows
        ]

    def all_events(self) -> Iterator[Event]:
        """Every stored event, streamed in pages by id (safe to write between pages)."""
        last = ""
        while True:
            with self._guard("read events"):
                rows = self._dicts(
                    "SELECT * FROM events WHERE event_id > ? ORDER BY event_id LIMIT ?",
                    [last, _STREAM_CHUNK],
                )
                evidence = self._evidence("event", [r["event_id"] for r in rows])
            if not rows:
                return
            for row in rows:
                yield from_row(Event, row, evidence.get(row["event_id"]))
            last = rows[-1]["event_id"]
