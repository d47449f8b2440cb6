"""Units of work: read transactions, write transactions with their audit rows, and batches
of mutations kept or undone together; and :class:`Writer`, which makes every insert, update,
delete and relink of one write transaction audited and named in its change set."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection, Engine, exc, insert, select, update
from sqlalchemy import delete as sa_delete
from sqlalchemy.sql import ClauseElement

from app.domain.records import Change, ChangeSet
from app.store import audit
from app.store.dialect import announce, flush_pending, integrity_message, is_sqlite, writing
from app.store.errors import CaseError, NotFoundError, ReadOnlyError, StorageError, ValidationError
from app.store.interactive import INTERACTIVE
from app.store.postgresql.event_rows import ONE_SNAPSHOT
from app.store.sqlite.connect import (
    DriverOperationalError,
    describe_failure,
    is_busy,
    roll_back_cut_write,
)
from app.store.tables import citations_t, event_entities_t, event_tags_t, tags_t
from app.store.values import check_texts, named


def _changes(row: Any, column: str, value: Any) -> bool:
    """Whether setting ``column`` to ``value`` changes ``row`` (an SQL expression may)."""
    if isinstance(value, ClauseElement) or column not in row:
        return True
    return bool(row[column] != value)


class Writer:
    """Inserts, updates and deletes one row at a time, auditing each and noting the change.

    A citation's change also names its event and its source as updated, since both show it.
    """

    def __init__(self, conn: Connection, audit_writer: audit.AuditWriter) -> None:
        self.conn = conn
        self.audit = audit_writer
        self._changes: dict[Change, None] = {}
        self._rows: set[tuple[str, int]] = set()

    @property
    def changes(self) -> ChangeSet:
        return ChangeSet(tuple(self._changes))

    def extend(self, changes: ChangeSet) -> None:
        listed = changes.changes
        self._changes.update(dict.fromkeys(listed))
        kinds, ids = map(attrgetter("kind"), listed), map(attrgetter("id"), listed)
        self._rows.update(zip(kinds, ids, strict=True))

    def add(self, action: str, kind: str, row_id: int) -> None:
        self._changes[Change(action, kind, int(row_id))] = None
        self._rows.add((kind, int(row_id)))

    def touch(self, kind: str, row_id: int) -> None:
        """Name the row as updated, unless this change set already names it."""
        if (kind, int(row_id)) not in self._rows:
            self.add("update", kind, row_id)

    def _cited(self, row: Any) -> None:
        if row is not None:
            self.touch("event", row.event_id)
            self.touch("source", row.source_id)

    def insert(
        self, table: Any, values: dict[str, Any], *, kind: str, action: str = "create"
    ) -> int:
        result = self.conn.execute(insert(table).values(**values))
        key = result.inserted_primary_key
        assert key is not None
        new_id = int(key[0])
        row = self.conn.execute(select(table).where(table.c.id == new_id)).one()
        self.audit.record(action, table.name, new_id, None, dict(row._mapping))
        self.add("create", kind, new_id)
        if table is citations_t:
            self._cited(row)
        return new_id

    def update(
        self,
        table: Any,
        row_id: int,
        values: dict[str, Any],
        *,
        kind: str,
        guard: Any = None,
        action: str = "update",
    ) -> ChangeSet:
        before = self.conn.execute(select(table).where(table.c.id == row_id)).first()
        if before is None:
            raise NotFoundError(f"there is no {kind} {row_id}")
        stmt = update(table).where(table.c.id == row_id)
        if guard is not None:
            stmt = stmt.where(guard)
        # only the columns that change: a column named in an UPDATE fires its triggers and
        # writes its index pages even when its value stays (a date moved re-indexed the
        # title for search: half the pages of the commit)
        values = {k: v for k, v in values.items() if _changes(before._mapping, k, v)}
        if values and self.conn.execute(stmt.values(**values)).rowcount != 1:
            raise CaseError(f"{kind} {row_id} could not be updated")
        after = self.conn.execute(select(table).where(table.c.id == row_id)).one()
        old = {k: v for k, v in before._mapping.items() if after._mapping[k] != v}
        new = {k: after._mapping[k] for k in old}
        if old:
            self.audit.record(action, table.name, row_id, old, new)
            self.add("update", kind, row_id)
            if table is citations_t:
                self._cited(before)
                self._cited(after)
        return self.changes

    def delete(self, table: Any, row_id: int, *, kind: str, action: str = "delete") -> None:
        before = self.conn.execute(select(table).where(table.c.id == row_id)).first()
        if before is None:
            raise NotFoundError(f"there is no {kind} {row_id}")
        self.conn.execute(sa_delete(table).where(table.c.id == row_id))
        self.audit.record(action, table.name, row_id, dict(before._mapping), None)
        self.add("delete", kind, row_id)
        if table is citations_t:
            self._cited(before)

    def delete_linked(self, table: Any, link_column: Any, row_id: int, *, kind: str) -> None:
        """Delete an entity or tag with its event links; the links removed are audited in one
        "unlink" row and their events are reported as updated."""
        link_table = link_column.table
        links = self.conn.execute(select(link_table).where(link_column == row_id)).all()
        if links:
            self.conn.execute(sa_delete(link_table).where(link_column == row_id))
            self.audit.record(
                "unlink",
                link_table.name,
                row_id,
                {"links": [dict(r._mapping) for r in links]},
                None,
            )
        for link in links:
            self.add("update", "event", link.event_id)
        self.delete(table, row_id, kind=kind)

    # ---- event links

    def _tag_links(self, event_id: int) -> dict[int, dict[str, Any]]:
        return {
            t: {}
            for t in self.conn.execute(
                select(event_tags_t.c.tag_id).where(event_tags_t.c.event_id == event_id)
            ).scalars()
        }

    def set_event_tags(self, event_id: int, names: Sequence[str]) -> None:
        """Link the event to exactly the tags ``names`` (creating tags that do not exist)."""
        wanted: dict[int, dict[str, Any]] = {}
        for raw in names:
            name = " ".join(str(raw).split())
            if not name:
                continue
            tid = self.conn.execute(
                select(tags_t.c.id).where(tags_t.c.name == name)
            ).scalar_one_or_none()
            if tid is None:
                tid = self.insert(tags_t, named(name), kind="tag")
            wanted[tid] = {}
        self.relink(event_tags_t, "tag_id", event_id, self._tag_links(event_id), wanted)

    def set_event_entities(
        self, event_id: int, links: Sequence[tuple[int, str]], *, action: str = "link"
    ) -> None:
        wanted = {int(eid): {"role": role or ""} for eid, role in links}
        for link in wanted.values():
            check_texts(role=link["role"])
        have = {
            eid: {"role": role}
            for eid, role in self.conn.execute(
                select(event_entities_t.c.entity_id, event_entities_t.c.role).where(
                    event_entities_t.c.event_id == event_id
                )
            )
        }
        self.relink(event_entities_t, "entity_id", event_id, have, wanted, action=action)

    def relink(
        self,
        table: Any,
        column: str,
        event_id: int,
        have: dict[int, dict[str, Any]],
        wanted: dict[int, dict[str, Any]],
        *,
        action: str = "link",
    ) -> None:
        """Make the event's links in ``table`` equal ``wanted``; audit it as one row."""
        removed = sorted(k for k in have if have[k] != wanted.get(k))
        added = [k for k in wanted if have.get(k) != wanted[k]]
        for key in removed:
            self.conn.execute(
                sa_delete(table).where(
                    table.c.event_id == event_id, getattr(table.c, column) == key
                )
            )
        for key in added:
            self.conn.execute(
                insert(table).values(event_id=event_id, **{column: key}, **wanted[key])
            )
        if removed or added:
            self.audit.record(
                action,
                table.name,
                event_id,
                {"links": [{column: k, **have[k]} for k in removed]},
                {"links": [{column: k, **wanted[k]} for k in added]},
            )
            self.touch("event", event_id)

    def set_event_tag_refs(
        self, event_id: int, refs: Sequence[tuple[int, str]], *, action: str
    ) -> None:
        """Link the event to the tags ``(id, name)``: the tag of that id if it still has that
        name, else the tag of that name, else a tag re-created with that id (or a new id when
        the id has been taken by another tag)."""
        wanted: dict[int, dict[str, Any]] = {}
        for tid, name in refs:
            by_id = self.conn.execute(select(tags_t.c.name).where(tags_t.c.id == tid)).first()
            if by_id is not None and by_id.name == name:
                wanted[tid] = {}
                continue
            by_name = self.conn.execute(
                select(tags_t.c.id).where(tags_t.c.name == name)
            ).scalar_one_or_none()
            if by_name is not None:
                wanted[int(by_name)] = {}
                continue
            values = named(name)
            if by_id is None:
                values["id"] = tid
            wanted[self.insert(tags_t, values, kind="tag", action=action)] = {}
        have = self._tag_links(event_id)
        self.relink(event_tags_t, "tag_id", event_id, have, wanted, action=action)

    def drop_unused_tags(self, tag_ids: Sequence[int], *, action: str) -> None:
        """Delete those of ``tag_ids`` that still exist and no event uses any more."""
        for tid in tag_ids:
            exists = self.conn.execute(select(tags_t.c.id).where(tags_t.c.id == tid)).first()
            used = self.conn.execute(
                select(event_tags_t.c.event_id).where(event_tags_t.c.tag_id == tid).limit(1)
            ).first()
            if exists is not None and used is None:
                self.delete(tags_t, tid, kind="tag", action=action)


class Batch:
    """A batch of mutations: :attr:`changes` is what the batch has done so far inside the
    block and, once the block has exited, the complete change set of the whole batch."""

    def __init__(self, writer: Writer) -> None:
        self._writer = writer

    @property
    def changes(self) -> ChangeSet:
        return self._writer.changes


class UnitsOfWork:
    """Opens the read and write transactions of one case; the registries share it."""

    def __init__(
        self,
        engine: Engine,
        *,
        read_only: bool,
        name: str,
        actor: str,
        path: os.PathLike[str] | None = None,
    ) -> None:
        self.engine = engine
        self.read_only = read_only
        self.name = name
        self.path = path
        self.actor = actor
        self.token = uuid.uuid4().hex  # names this open case's changes to live listeners
        self._batch: Batch | None = None
        self._batch_writer: Writer | None = None
        self._batch_thread = 0  # a batch is joined only by writes on the thread that opened it
        self._reader: Connection | None = None
        self._reader_thread = 0

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection in a read transaction (the one of :meth:`reading`, if open)."""
        if self._reader is not None and self._reader_thread == threading.get_ident():
            yield self._reader
            return
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Make every read inside the block see one snapshot of the case (one read
        transaction), so that a long export is consistent even while another program
        writes. Writers wait while it lasts, so keep it to reading: no writes inside."""
        if self._reader is not None and self._reader_thread == threading.get_ident():
            yield
            return
        with self.engine.connect() as conn, conn.begin():
            self._reader, self._reader_thread = conn, threading.get_ident()
            conn.info[ONE_SNAPSHOT] = True  # no statement of it runs on its own
            try:
                yield
            finally:
                self._reader = None
                conn.info.pop(ONE_SNAPSHOT, None)

    def _in_batch(self) -> bool:
        return self._batch_writer is not None and self._batch_thread == threading.get_ident()

    @contextmanager
    def write(self) -> Iterator[Writer]:
        """One write transaction (or a part of the open batch): audit rows written, the
        search index brought up to date and the audit head moved, then committed."""
        if self.read_only:
            raise ReadOnlyError(f"{self.name} is open for review (read-only)")
        if self._batch_writer is not None and self._in_batch():
            outer = self._batch_writer
            part = Writer(outer.conn, outer.audit)
            yield part
            outer.extend(part.changes)
            return
        try:
            with writing(self.engine) as conn, INTERACTIVE.running():  # checks give way
                try:
                    with conn.begin():
                        writer = Writer(conn, audit.AuditWriter(conn, self.actor))
                        yield writer
                        flush_pending(conn)
                        writer.audit.finish()
                        announce(conn, writer.changes, self.actor, self.token)
                except exc.IntegrityError as error:
                    raise ValidationError(integrity_message(conn, error)) from None
        except (exc.OperationalError, DriverOperationalError) as error:
            raise self._failed_write(error) from None

    def _failed_write(self, error: Exception) -> StorageError:
        """The error to raise for a write the file system or another program refused; a
        write cut off part-way (disk full) is rolled back here, not left to the next opener."""
        if not is_busy(error):
            # the failed connection may be in SQLite's error state with the journal still
            # hot: close every connection, then let a fresh one roll the file back
            self.engine.dispose()
            if self.path is not None and is_sqlite(self.engine):
                roll_back_cut_write(self.path)
        return StorageError(
            f"{self.name} could not be written: {describe_failure(error)}; nothing was changed"
        )

    @contextmanager
    def batch(self) -> Iterator[Batch]:
        """Run several mutations as one transaction: all of them are kept, or none. A batch
        opened inside another joins it (and yields the outer batch)."""
        if self._batch is not None and self._in_batch():
            yield self._batch
            return
        with self.write() as writer:
            batch = Batch(writer)
            self._batch, self._batch_writer = batch, writer
            self._batch_thread = threading.get_ident()
            try:
                yield batch
            finally:
                self._batch = self._batch_writer = None
