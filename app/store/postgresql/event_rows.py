"""Events as the views show them, read from a shared case in one round trip.

A case file reads an event's row, tags, entity links and citations with four statements at
no cost; on a server each statement is a round trip, and so are the ``BEGIN`` and ``COMMIT``
around them, which on a busy machine (every round trip waits for two processes to be
scheduled) made a window slow to show a change another person had just made. Here one
statement returns the rows with their tags, links and citations as JSON arrays (ordered as
:func:`app.store.queries.load_events` orders them), another an event's undo snapshot, and
when no transaction is open yet such a statement (or the timeline's few rows) runs on its
own (:func:`on_its_own`), which is already one consistent snapshot: no ``BEGIN``, no
``COMMIT``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection

from app.domain.records import CitationRecord, CitationSnapshot, EntityLink, EventSnapshot
from app.store.tables import citations_t, events_t

_SQL = (
    "SELECT "
    + ", ".join(f"e.{column.name}" for column in events_t.c)
    + """,
  (SELECT coalesce(json_agg(t.name ORDER BY t.name), '[]') FROM event_tags et
     JOIN tags t ON t.id = et.tag_id WHERE et.event_id = e.id) AS tag_names,
  (SELECT coalesce(json_agg(json_build_array(n.id, n.name, n.kind, ee.role) ORDER BY n.name),
     '[]') FROM event_entities ee JOIN entities n ON n.id = ee.entity_id
     WHERE ee.event_id = e.id) AS entity_links,
  (SELECT coalesce(json_agg(json_build_array(c.id, c.source_id, s.title, s.kind, c.pinpoint,
     c.quote, c.stance, c.position, c.privileged_note) ORDER BY c.position, c.id), '[]')
     FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.event_id = e.id) AS cited
FROM events e WHERE e.id = ANY(%(ids)s)"""
)


_MANY = 1000  # events read by one statement
# set on a connection while a read holds one snapshot over many statements (``reading``)
ONE_SNAPSHOT = "casetrail_one_snapshot"


class _Row:
    """A row read by name, as an attribute or through ``_mapping`` (as SQLAlchemy's)."""

    __slots__ = ("_mapping",)

    def __init__(self, mapping: dict[str, Any]) -> None:
        self._mapping = mapping

    def __getattr__(self, name: str) -> Any:
        try:
            return self._mapping[name]
        except KeyError:
            raise AttributeError(name) from None


def _driver(conn: Connection) -> Any:
    return conn.connection.driver_connection


@contextmanager
def on_its_own(conn: Connection, one_statement: bool = True) -> Iterator[None]:
    """Run what follows on ``conn`` (one statement, when ``one_statement``) on its own
    (autocommit) when ``conn`` is a read of a shared case that has sent nothing yet; else
    as usual, inside the transaction it has or will have open (a write, a read of several
    statements or one holding one snapshot over many: ``reading``)."""
    if conn.dialect.name != "postgresql" or not one_statement:
        yield
        return
    from psycopg import pq

    driver = _driver(conn)
    alone = (
        driver.info.transaction_status == pq.TransactionStatus.IDLE
        and not driver.autocommit
        and not conn.get_execution_options().get("case_writer")
        and not conn.info.get(ONE_SNAPSHOT)
    )
    if alone:
        driver.autocommit = True
    try:
        yield
    finally:
        if alone and not driver.closed:  # a lost connection: its own error is the one raised
            driver.autocommit = False


def read(conn: Connection, ids: Sequence[int]) -> tuple[dict[int, Any], Any, Any, Any]:
    """(rows by id, tag names, entity links, citations by event id) of the events ``ids``."""
    rows: dict[int, Any] = {}
    tags: dict[int, list[str]] = defaultdict(list)
    links: dict[int, list[EntityLink]] = defaultdict(list)
    cites: dict[int, list[CitationRecord]] = defaultdict(list)
    from psycopg.rows import dict_row

    ids = [int(i) for i in ids]
    found: list[dict[str, Any]] = []
    # many events: a statement per thousand, all in the read's one transaction
    with on_its_own(conn, len(ids) <= _MANY):
        cursor = _driver(conn).cursor(row_factory=dict_row)
        for start in range(0, len(ids), _MANY):
            found += cursor.execute(_SQL, {"ids": ids[start : start + _MANY]}).fetchall()
    for found_row in found:
        i = found_row["id"]
        rows[i] = _Row(found_row)
        tags[i] = [str(name) for name in found_row["tag_names"]]
        links[i] = [EntityLink(*link) for link in found_row["entity_links"]]
        cites[i] = [
            CitationRecord(cid, i, source, title, kind, pinpoint, quote, stance, position, note)
            for cid, source, title, kind, pinpoint, quote, stance, position, note in found_row[
                "cited"
            ]
        ]
    return rows, tags, links, cites


def _citation_json() -> str:
    pairs = ", ".join(f"'{column.name}', c.{column.name}" for column in citations_t.c)
    return f"json_build_object({pairs})"


_SNAPSHOT_SQL = (
    "SELECT "
    + ", ".join(f"e.{column.name}" for column in events_t.c)
    + """,
  (SELECT coalesce(json_agg(json_build_array(t.id, t.name) ORDER BY t.id), '[]') FROM tags t
     JOIN event_tags et ON et.tag_id = t.id WHERE et.event_id = e.id) AS snapshot_tags,
  (SELECT coalesce(json_agg(json_build_array(ee.entity_id, ee.role) ORDER BY ee.entity_id),
     '[]') FROM event_entities ee WHERE ee.event_id = e.id) AS snapshot_entities,
  (SELECT coalesce(json_agg("""
    + _citation_json()
    + """ ORDER BY c.position, c.id), '[]')
     FROM citations c WHERE c.event_id = e.id) AS snapshot_citations
FROM events e WHERE e.id = %(id)s"""
)


def snapshot(conn: Connection, event_id: int) -> EventSnapshot | None:
    """What :func:`app.store.snapshots.event_snapshot` reads, in one statement; None when
    there is no such event."""
    from psycopg.rows import dict_row

    with on_its_own(conn):
        cursor = _driver(conn).cursor(row_factory=dict_row)
        found = cursor.execute(_SNAPSHOT_SQL, {"id": int(event_id)}).fetchone()
    if found is None:
        return None
    tags, entities = found.pop("snapshot_tags"), found.pop("snapshot_entities")
    citations = found.pop("snapshot_citations")
    return EventSnapshot(
        row=found,
        tags=tuple((int(t), str(n)) for t, n in tags),
        entities=tuple((int(n), str(r)) for n, r in entities),
        citations=tuple(CitationSnapshot(**c) for c in citations),
    )
