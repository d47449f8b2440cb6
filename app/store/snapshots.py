"""Snapshots of rows and putting them back: what undo is built on. One generic snapshot,
restore and replace for every kind of row (event, source, citation, entity, tag, era).

Versions under undo: an event's version counter only ever moves forward. Putting an event
back to an earlier state (:meth:`Snapshots.replace`) is a new change at
``expected_version + 1``; re-creating a deleted event (:meth:`Snapshots.restore`) stores it
at ``snapshot.version + 1``. So a stale editor still holding an older version gets a
ConflictError after an undo, exactly as after any other edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select

from app.domain.records import ChangeSet, CitationSnapshot, EventSnapshot, RowSnapshot
from app.store.errors import NotFoundError, ValidationError
from app.store.events import current_event
from app.store.postgresql import event_rows
from app.store.tables import (
    LINK_TABLES,
    ROW_TABLES,
    citations_t,
    event_entities_t,
    event_tags_t,
    events_t,
    tags_t,
)
from app.store.values import citation_row

if TYPE_CHECKING:
    from app.store.unit_of_work import UnitsOfWork, Writer

KINDS = tuple(ROW_TABLES)


def table_of(kind: str) -> Any:
    if kind not in ROW_TABLES:
        raise ValueError(f"there are no snapshots of {kind!r}; use one of {', '.join(KINDS)}")
    return ROW_TABLES[kind]


def links_of(conn: Connection, kind: str, row_id: int) -> tuple[tuple[int, str], ...]:
    """The event links of an entity ``(event id, role)`` or a tag ``(event id, "")``."""
    if kind == "entity":
        rows = conn.execute(
            select(event_entities_t.c.event_id, event_entities_t.c.role)
            .where(event_entities_t.c.entity_id == row_id)
            .order_by(event_entities_t.c.event_id)
        ).all()
        return tuple((int(e), str(r)) for e, r in rows)
    if kind == "tag":
        ids = conn.execute(
            select(event_tags_t.c.event_id)
            .where(event_tags_t.c.tag_id == row_id)
            .order_by(event_tags_t.c.event_id)
        ).scalars()
        return tuple((int(e), "") for e in ids)
    return ()


def link_values(kind: str, row_id: int, event_id: int, role: str) -> dict[str, Any]:
    if kind == "entity":
        return {"event_id": event_id, "entity_id": row_id, "role": role}
    return {"event_id": event_id, "tag_id": row_id}


def add_links(
    w: Writer, kind: str, row_id: int, links: Sequence[tuple[int, str]], *, action: str
) -> None:
    """Insert an entity's or a tag's event links (one audit row for all of them)."""
    if kind not in LINK_TABLES or not links:
        return
    links_t, _column = LINK_TABLES[kind]
    values = [link_values(kind, row_id, eid, role) for eid, role in links]
    for v in values:
        w.conn.execute(insert(links_t).values(**v))
    w.audit.record(action, links_t.name, row_id, None, {"links": values})
    for eid, _role in links:
        w.add("update", "event", eid)


def event_snapshot(conn: Connection, event_id: int) -> EventSnapshot:
    if conn.dialect.name == "postgresql":  # one statement, one round trip
        taken = event_rows.snapshot(conn, event_id)
        if taken is None:
            raise NotFoundError(f"there is no event {event_id}")
        return taken
    row = conn.execute(select(events_t).where(events_t.c.id == event_id)).first()
    if row is None:
        raise NotFoundError(f"there is no event {event_id}")
    tags = conn.execute(
        select(tags_t.c.id, tags_t.c.name)
        .join(event_tags_t, event_tags_t.c.tag_id == tags_t.c.id)
        .where(event_tags_t.c.event_id == event_id)
        .order_by(tags_t.c.id)
    ).all()
    links = conn.execute(
        select(event_entities_t.c.entity_id, event_entities_t.c.role)
        .where(event_entities_t.c.event_id == event_id)
        .order_by(event_entities_t.c.entity_id)
    ).all()
    cites = conn.execute(
        select(citations_t)
        .where(citations_t.c.event_id == event_id)
        .order_by(citations_t.c.position, citations_t.c.id)
    ).all()
    return EventSnapshot(
        row=dict(row._mapping),
        tags=tuple((int(t), str(n)) for t, n in tags),
        entities=tuple((int(e), str(r)) for e, r in links),
        citations=tuple(CitationSnapshot(**dict(c._mapping)) for c in cites),
    )


class Snapshots:
    """Takes snapshots and puts them back; holds the case's units of work."""

    def __init__(self, units: UnitsOfWork) -> None:
        self._units = units

    def snapshot(self, kind: str, row_id: int) -> EventSnapshot | RowSnapshot:
        table = table_of(kind)
        with self._units.read() as conn:
            if kind == "event":
                return event_snapshot(conn, row_id)
            row = conn.execute(select(table).where(table.c.id == row_id)).first()
            if row is None:
                raise NotFoundError(f"there is no {kind} {row_id}")
            return RowSnapshot(kind, dict(row._mapping), links_of(conn, kind, row_id))

    def restore(self, snapshot: EventSnapshot | RowSnapshot) -> ChangeSet:
        if isinstance(snapshot, EventSnapshot):
            return self._restore_event(snapshot)
        kind = snapshot.kind
        table = table_of(kind)
        with self._units.write() as w:
            if w.conn.execute(select(table.c.id).where(table.c.id == snapshot.id)).first():
                raise ValidationError(f"{kind} {snapshot.id} already exists; cannot restore it")
            w.insert(table, dict(snapshot.row), kind=kind, action="restore")
            add_links(w, kind, snapshot.id, snapshot.links, action="restore")
            return w.changes

    def _restore_event(self, snapshot: EventSnapshot) -> ChangeSet:
        with self._units.write() as w:
            event_id = snapshot.id
            if w.conn.execute(select(events_t.c.id).where(events_t.c.id == event_id)).first():
                raise ValidationError(f"event {event_id} already exists; it cannot be restored")
            values = dict(snapshot.row)
            values["version"] = snapshot.version + 1
            w.insert(events_t, values, kind="event", action="restore")
            w.set_event_tag_refs(event_id, snapshot.tags, action="restore")
            w.set_event_entities(event_id, snapshot.entities, action="restore")
            for c in snapshot.citations:
                w.insert(citations_t, citation_row(c), kind="citation", action="restore")
            return w.changes

    def replace(
        self,
        snapshot: EventSnapshot | RowSnapshot,
        *,
        expected_version: int | None = None,
        drop_tags: Sequence[int] = (),
    ) -> ChangeSet:
        if isinstance(snapshot, EventSnapshot):
            if expected_version is None:
                raise TypeError("replacing an event needs its expected_version")
            return self._replace_event(snapshot, expected_version, drop_tags)
        if drop_tags:
            raise ValueError("drop_tags applies to events only")
        kind = snapshot.kind
        table = table_of(kind)
        values = {k: v for k, v in snapshot.row.items() if k != "id"}
        with self._units.write() as w:
            w.update(table, snapshot.id, values, kind=kind, action="replace")
            if kind == "citation":
                w.touch("event", int(snapshot.row["event_id"]))
            return w.changes

    def _replace_event(
        self, snapshot: EventSnapshot, expected_version: int, drop_tags: Sequence[int]
    ) -> ChangeSet:
        event_id = snapshot.id
        with self._units.write() as w:
            current_event(w.conn, event_id, expected_version)
            values = {k: v for k, v in snapshot.row.items() if k not in ("id", "version")}
            values["version"] = expected_version + 1
            w.update(
                events_t,
                event_id,
                values,
                kind="event",
                guard=events_t.c.version == expected_version,
                action="replace",
            )
            w.set_event_tag_refs(event_id, snapshot.tags, action="replace")
            w.set_event_entities(event_id, snapshot.entities, action="replace")
            w.drop_unused_tags(drop_tags, action="replace")
            return w.changes
