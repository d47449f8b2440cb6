"""``Case``: the one API the rest of Casetrail calls to read and change a case file.

Reads return detached records (``app.domain.records``). Every mutation is a keyword-only
method that runs as one SQLite transaction, writes its audit rows and refreshes the full-text
index in that same transaction, and returns a :class:`ChangeSet`. Events carry a version
counter: an update or delete that names a stale version fails with :class:`ConflictError`
instead of overwriting someone else's change.
"""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, exc, insert, select, update
from sqlalchemy import delete as sa_delete

from app.domain.columns import (
    FLAG_AMBIGUOUS,
    FLAG_KEY,
    FLAG_SPAN,
    FLAG_UNSOURCED,
    PRECISION_CODES,
    QUALIFIER_CODES,
    STATUS_CODES,
    EventColumns,
    build_event_columns,
)
from app.domain.dates import DateError, FuzzyDate
from app.domain.records import (
    ENTITY_KINDS,
    EVENT_STATUSES,
    SOURCE_KINDS,
    STANCES,
    AuditRecord,
    CaseStats,
    Change,
    ChangeSet,
    CitationRecord,
    CitationSnapshot,
    EntityLink,
    EntityRecord,
    EraRecord,
    EventFilter,
    EventRecord,
    EventSnapshot,
    RowSnapshot,
    SavedViewRecord,
    SourceRecord,
    TagRecord,
)
from app.store import audit, search
from app.store.engine import (
    CaseFileError,
    Mode,
    NewerSchemaError,
    check_health,
    connect_raw,
    make_engine,
)
from app.store.migrate import backup_before_migration, upgrade
from app.store.schema import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    CaseInfo,
    Citation,
    Entity,
    Era,
    Event,
    EventEntity,
    EventTag,
    SavedView,
    Source,
    SourceFile,
    Tag,
)

EPOCH = datetime(1970, 1, 1)

events_t = cast(Table, Event.__table__)
sources_t = cast(Table, Source.__table__)
citations_t = cast(Table, Citation.__table__)
entities_t = cast(Table, Entity.__table__)
event_entities_t = cast(Table, EventEntity.__table__)
tags_t = cast(Table, Tag.__table__)
event_tags_t = cast(Table, EventTag.__table__)
eras_t = cast(Table, Era.__table__)
info_t = cast(Table, CaseInfo.__table__)
files_t = cast(Table, SourceFile.__table__)
views_t = cast(Table, SavedView.__table__)

_ROW_TABLES: dict[str, Table] = {
    "source": sources_t,
    "citation": citations_t,
    "entity": entities_t,
    "tag": tags_t,
    "era": eras_t,
}
# kind -> (its event link table, that table's column naming it)
_LINK_TABLES: dict[str, tuple[Table, str]] = {
    "entity": (event_entities_t, "entity_id"),
    "tag": (event_tags_t, "tag_id"),
}


# One event for exporters (see Case.export_rows): id, start, end, title, description, status,
# key_fact, lane, tag names (by name), (entity name, role) pairs (by name), and citations as
# (source id, pinpoint, stance, quote, source title) in their order.
ExportRow = tuple[
    int,
    FuzzyDate | None,
    FuzzyDate | None,
    str,
    str,
    str,
    bool,
    str | None,
    tuple[str, ...],
    tuple[tuple[str, str], ...],
    tuple[tuple[int, str, str, str, str], ...],
]


class CaseError(Exception):
    """A request the case cannot carry out; the text says why."""


class ReadOnlyError(CaseError):
    pass


class NotFoundError(CaseError):
    pass


class ValidationError(CaseError):
    pass


class ConflictError(CaseError):
    """The record changed since the caller read it; ``current`` is what is stored now."""

    def __init__(self, kind: str, row_id: int, expected: int, current: Any) -> None:
        self.kind, self.row_id, self.expected, self.current = kind, row_id, expected, current
        now = "deleted" if current is None else f"at version {current.version}"
        super().__init__(
            f"{kind} {row_id} was changed elsewhere (you edited version {expected}; it is now "
            f"{now}); nothing was overwritten"
        )


# -- dates <-> columns -------------------------------------------------------------------


def to_seconds(instant: datetime) -> int:
    return (instant - EPOCH) // timedelta(seconds=1)


def from_seconds(seconds: int) -> datetime:
    return EPOCH + timedelta(seconds=seconds)


def date_columns(prefix: str, value: FuzzyDate | None) -> dict[str, Any]:
    if value is None:
        return {
            f"{prefix}_text": None,
            f"{prefix}_iso": None,
            f"{prefix}_precision": None,
            f"{prefix}_qualifier": None,
            f"{prefix}_earliest": None,
            f"{prefix}_latest": None,
            f"{prefix}_ambiguous": False,
        }
    return {
        f"{prefix}_text": value.text,
        f"{prefix}_iso": value.to_iso(),
        f"{prefix}_precision": value.precision.value,
        f"{prefix}_qualifier": value.qualifier.value,
        f"{prefix}_earliest": to_seconds(value.earliest),
        f"{prefix}_latest": to_seconds(value.latest),
        f"{prefix}_ambiguous": bool(value.ambiguous),
    }


def date_from_columns(row: Any, prefix: str) -> FuzzyDate | None:
    m = row._mapping if hasattr(row, "_mapping") else row
    text = m[f"{prefix}_text"]
    if text is None:
        return None
    return _stored_date(m[f"{prefix}_iso"], text, bool(m[f"{prefix}_ambiguous"]))


@lru_cache(maxsize=65536)
def _stored_claim(iso: str) -> FuzzyDate:
    return FuzzyDate.from_iso(iso)


def _stored_date(iso: str, text: str, ambiguous: bool) -> FuzzyDate:
    """A stored date: the claim parsed (and validated) once per distinct canonical form, then
    given the row's own text. Copying a validated claim needs no second validation."""
    claim = _stored_claim(iso)
    if claim.text == text and claim.ambiguous == ambiguous:
        return claim
    date = copy.copy(claim)
    object.__setattr__(date, "text", text)
    object.__setattr__(date, "ambiguous", ambiguous)
    return date


# -- the case ---------------------------------------------------------------------------


class Case:
    """An open case file. Use :meth:`open` or :meth:`create`; close it when done."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        mode: Mode,
        notice: str | None = None,
        backup: Path | None = None,
    ) -> None:
        self.path = path
        self._engine = engine
        self.mode = mode
        self.notice = notice
        self.backup = backup
        self.actor = audit.current_actor()
        self._batch: _Writer | None = None
        self._batch_thread = 0  # a batch is joined only by writes on the thread that opened it
        self._reader: Connection | None = None
        self._reader_thread = 0
        self.last_batch = ChangeSet()

    # ---- opening and closing

    @classmethod
    def open(cls, path: str | os.PathLike[str], mode: Mode = Mode.OPEN) -> Case:
        """Open an existing case. Raises :class:`CaseFileError` naming the file and problem.

        A case written by a newer Casetrail raises :class:`NewerSchemaError` in ``OPEN``
        mode and opens with a notice in ``REVIEW`` mode; an older case is backed up beside
        itself and migrated.
        """
        p = Path(path)
        if mode is Mode.NEW:
            raise ValueError("use Case.create for a new case")
        version = check_health(p, mode)
        notice = backup = None
        if version > SCHEMA_VERSION:
            if mode is not Mode.REVIEW:
                raise NewerSchemaError(p, version)
            notice = NewerSchemaError(p, version).problem
        engine = make_engine(p, mode)
        if version < SCHEMA_VERSION:
            if mode is Mode.REVIEW:
                notice = f"schema {version} is older than {SCHEMA_VERSION}; open it to upgrade"
            else:
                backup = backup_before_migration(p, version)
                try:
                    upgrade(engine)
                except Exception as error:
                    engine.dispose()
                    raise CaseFileError(
                        p, f"could not be upgraded ({error}); the file is unchanged"
                    ) from None
                notice = f"upgraded from schema {version}; the old file was kept as {backup.name}"
        case = cls(p, engine, mode, notice, backup)
        if mode is Mode.OPEN:
            case._catch_up_search()
        return case

    def _catch_up_search(self) -> None:
        """Index rows changed by another program (or left queued) since the last write."""
        with self._engine.connect() as conn:
            pending = conn.exec_driver_sql("SELECT count(*) FROM search_pending").scalar_one()
        if pending:
            writing = self._engine.connect().execution_options(sqlite_begin="IMMEDIATE")
            with writing as conn, conn.begin():
                search.flush_pending(conn)

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        *,
        title: str,
        day_first: bool = False,
        populate: Callable[[Case], None] | None = None,
    ) -> Case:
        """Create a new case file at ``path`` (which must not exist) and open it.

        The case is built under a temporary name beside the target (and filled by
        ``populate``, if given) and only then linked into place, so a crash or an error
        never leaves a half-made case under the real name.
        """
        p = Path(path)
        if not title.strip():
            raise ValidationError("a case needs a title")
        if p.exists():
            raise CaseFileError(p, "already exists; choose another name")
        if not p.parent.is_dir():
            raise CaseFileError(p, f"cannot be created: folder {p.parent} does not exist")
        tmp = p.with_name(f".{p.name}.{os.getpid()}.creating")
        try:
            raw = connect_raw(tmp, Mode.NEW)
            raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            raw.close()
            engine = make_engine(tmp, Mode.OPEN)
            upgrade(engine)
            with engine.begin() as conn:
                conn.execute(
                    insert(info_t).values(
                        id=1,
                        title=title.strip(),
                        created=datetime.now(UTC).isoformat(timespec="seconds"),
                        day_first=day_first,
                        schema_version=SCHEMA_VERSION,
                        audit_head=audit.GENESIS,
                        audit_count=0,
                    )
                )
            engine.dispose()
            if populate is not None:
                with cls.open(tmp) as building:
                    populate(building)
            try:
                os.link(tmp, p)
            except FileExistsError:
                raise CaseFileError(p, "already exists; choose another name") from None
            except OSError:
                if p.exists():
                    raise CaseFileError(p, "already exists; choose another name") from None
                os.replace(tmp, p)
        except (OSError, sqlite3.Error) as error:
            raise CaseFileError(p, f"cannot be created ({error})") from None
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
                leftover.unlink(missing_ok=True)
        return cls.open(p)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        return self.mode is Mode.REVIEW

    # ---- units of work

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        if self._reader is not None and self._reader_thread == threading.get_ident():
            yield self._reader
            return
        with self._engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Make every read inside the block see one snapshot of the case (one read
        transaction), so that a long export is consistent even while another program
        writes. Writers wait while it lasts, so keep it to reading: no writes inside."""
        if self._reader is not None and self._reader_thread == threading.get_ident():
            yield
            return
        with self._engine.connect() as conn, conn.begin():
            self._reader, self._reader_thread = conn, threading.get_ident()
            try:
                yield
            finally:
                self._reader = None

    @contextmanager
    def _write(self) -> Iterator[_Writer]:
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name} is open for review (read-only)")
        if self._batch is not None and self._batch_thread == threading.get_ident():
            part = _Writer(self._batch.conn, self._batch.audit)
            yield part
            self._batch.extend(part.changes)
            return
        with self._engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn:
            try:
                with conn.begin():
                    writer = _Writer(conn, audit.AuditWriter(conn, self.actor))
                    yield writer
                    search.flush_pending(conn)
                    writer.audit.finish()
            except exc.IntegrityError as error:
                raise ValidationError(_integrity_message(error)) from None
            except sqlite3.IntegrityError as error:  # from the driver cursor (bulk inserts)
                raise ValidationError(_integrity_message(error)) from None

    @contextmanager
    def batch(self) -> Iterator[ChangeSet]:
        """Run several mutations as one transaction: all of them are kept, or none.

        Inside the block the mutation methods work as usual; reads see the batch's changes
        only through the mutations' return values. The yielded change set is empty; the
        changes of the whole batch are in :attr:`last_batch` afterwards. A batch opened inside
        another joins it: it is kept or undone with the outer one.
        """
        if self._batch is not None and self._batch_thread == threading.get_ident():
            yield ChangeSet()
            return
        with self._write() as writer:
            self._batch = writer
            self._batch_thread = threading.get_ident()
            try:
                yield ChangeSet()
            finally:
                self._batch = None
        self.last_batch = writer.changes

    # ---- case info

    @property
    def title(self) -> str:
        with self._read() as conn:
            return str(conn.execute(select(info_t.c.title)).scalar_one())

    @property
    def day_first(self) -> bool:
        with self._read() as conn:
            return bool(conn.execute(select(info_t.c.day_first)).scalar_one())

    def update_case_info(
        self, *, title: str | None = None, day_first: bool | None = None
    ) -> ChangeSet:
        values: dict[str, Any] = {}
        if title is not None:
            if not title.strip():
                raise ValidationError("a case needs a title")
            values["title"] = title.strip()
        if day_first is not None:
            values["day_first"] = bool(day_first)
        with self._write() as w:
            return w.update(info_t, 1, values, kind="case")

    def stats(self) -> CaseStats:
        with self._read() as conn:
            info = conn.execute(select(info_t)).one()

            def count(sql: str) -> int:
                return int(conn.exec_driver_sql(sql).scalar_one())

            first, last = conn.exec_driver_sql(
                "SELECT min(start_earliest), max(coalesce(end_latest, start_latest)) FROM events"
            ).one()
            return CaseStats(
                title=info.title,
                events=count("SELECT count(*) FROM events"),
                sources=count("SELECT count(*) FROM sources"),
                citations=count("SELECT count(*) FROM citations"),
                entities=count("SELECT count(*) FROM entities"),
                tags=count("SELECT count(*) FROM tags"),
                eras=count("SELECT count(*) FROM eras"),
                undated=count("SELECT count(*) FROM events WHERE start_text IS NULL"),
                unsourced=count(
                    "SELECT count(*) FROM events e WHERE NOT EXISTS "
                    "(SELECT 1 FROM citations c WHERE c.event_id = e.id)"
                ),
                first=None if first is None else from_seconds(first).isoformat(),
                last=None if last is None else from_seconds(last).isoformat(),
                schema_version=int(conn.exec_driver_sql("PRAGMA user_version").scalar_one()),
                day_first=bool(info.day_first),
            )

    # ---- events: reads

    def events(self, flt: EventFilter | None = None) -> list[EventRecord]:
        """Events in date order (undated last), narrowed by ``flt``."""
        flt = flt or EventFilter()
        with self._read() as conn:
            ids = self._filtered_ids(conn, flt)
            return self._load_events(conn, ids)

    def event_ids(self, flt: EventFilter | None = None) -> list[int]:
        with self._read() as conn:
            return self._filtered_ids(conn, flt or EventFilter())

    def event(self, event_id: int) -> EventRecord:
        with self._read() as conn:
            found = self._load_events(conn, [event_id])
        if not found:
            raise NotFoundError(f"there is no event {event_id}")
        return found[0]

    def search(self, text: str, *, limit: int | None = None) -> list[int]:
        """Ids of events matching ``text`` (any text is a valid query), best first."""
        with self._read() as conn:
            return search.search_event_ids(conn, text, limit=limit)

    def _filtered_ids(self, conn: Connection, flt: EventFilter) -> list[int]:
        where, params = _filter_where(flt)
        sql = f"SELECT e.id FROM events e{where} ORDER BY {_EVENT_ORDER}"
        ids = [int(r[0]) for r in conn.exec_driver_sql(sql, params)]
        if flt.search.strip():
            matched = set(search.search_event_ids(conn, flt.search))
            ids = [i for i in ids if i in matched]
        return ids

    def _load_events(self, conn: Connection, ids: Sequence[int]) -> list[EventRecord]:
        if not ids:
            return []
        rows: dict[int, Any] = {}
        tags: dict[int, list[str]] = defaultdict(list)
        links: dict[int, list[EntityLink]] = defaultdict(list)
        cites: dict[int, list[CitationRecord]] = defaultdict(list)
        for chunk in _chunks(ids):
            for row in conn.execute(select(events_t).where(events_t.c.id.in_(chunk))):
                rows[row.id] = row
            for eid, name in conn.execute(
                select(event_tags_t.c.event_id, tags_t.c.name)
                .join(tags_t, tags_t.c.id == event_tags_t.c.tag_id)
                .where(event_tags_t.c.event_id.in_(chunk))
                .order_by(tags_t.c.name)
            ):
                tags[eid].append(name)
            for eid, nid, name, kind, role in conn.execute(
                select(
                    event_entities_t.c.event_id,
                    entities_t.c.id,
                    entities_t.c.name,
                    entities_t.c.kind,
                    event_entities_t.c.role,
                )
                .join(entities_t, entities_t.c.id == event_entities_t.c.entity_id)
                .where(event_entities_t.c.event_id.in_(chunk))
                .order_by(entities_t.c.name)
            ):
                links[eid].append(EntityLink(nid, name, kind, role))
            for c in conn.execute(
                select(
                    citations_t,
                    sources_t.c.title.label("source_title"),
                    sources_t.c.kind.label("source_kind"),
                )
                .join(sources_t, sources_t.c.id == citations_t.c.source_id)
                .where(citations_t.c.event_id.in_(chunk))
                .order_by(citations_t.c.position, citations_t.c.id)
            ):
                cites[c.event_id].append(
                    CitationRecord(
                        c.id,
                        c.event_id,
                        c.source_id,
                        c.source_title,
                        c.source_kind,
                        c.pinpoint,
                        c.quote,
                        c.stance,
                        c.position,
                    )
                )
        out = []
        for i in ids:
            r = rows.get(i)
            if r is None:
                continue
            out.append(
                EventRecord(
                    id=r.id,
                    title=r.title,
                    description=r.description,
                    start=date_from_columns(r, "start"),
                    end=date_from_columns(r, "end"),
                    status=r.status,
                    key_fact=bool(r.key_fact),
                    lane=r.lane,
                    version=r.version,
                    tags=tuple(tags[i]),
                    entities=tuple(links[i]),
                    citations=tuple(cites[i]),
                )
            )
        return out

    def timeline_columns(self) -> EventColumns:
        """The canvas's columns for every event, as compact sorted arrays.

        Runs on the driver's cursor inside a SQLAlchemy transaction: plain tuples, no ORM
        objects and no Row wrappers, sorted by SQLite through the start index.
        """

        def codes(column: str, mapping: dict[str, int]) -> str:
            whens = " ".join(f"WHEN '{k}' THEN {v}" for k, v in mapping.items())
            return f"CASE {column} {whens} ELSE 0 END"

        flags = (
            f"(CASE WHEN e.key_fact THEN {FLAG_KEY} ELSE 0 END"
            f" | CASE WHEN e.end_latest IS NOT NULL THEN {FLAG_SPAN} ELSE 0 END"
            f" | CASE WHEN EXISTS (SELECT 1 FROM citations c WHERE c.event_id = e.id)"
            f" THEN 0 ELSE {FLAG_UNSOURCED} END"
            f" | CASE WHEN e.start_ambiguous OR e.end_ambiguous THEN {FLAG_AMBIGUOUS} ELSE 0 END)"
        )
        numbers = (
            "e.id, e.start_earliest, e.start_latest, coalesce(e.end_earliest, e.start_latest), "
            "coalesce(e.end_latest, e.start_latest), "
            f"{codes('e.start_precision', PRECISION_CODES)}, "
            f"{codes('e.start_qualifier', QUALIFIER_CODES)}, "
            f"{codes('e.status', STATUS_CODES)}, {flags}"
        )
        with self._read() as conn:
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            dated = cursor.execute(
                f"SELECT {numbers}, e.title FROM events e WHERE e.start_earliest IS NOT NULL "
                "ORDER BY e.start_earliest, e.id"
            ).fetchall()
            undated = cursor.execute(
                f"SELECT {numbers}, e.title FROM events e WHERE e.start_earliest IS NULL "
                "ORDER BY e.id"
            ).fetchall()
            cursor.close()
        return build_event_columns(dated, undated)

    def event_groups(self, by: str) -> dict[int, tuple[str, ...]]:
        """For grouping the timeline into lanes: event id -> the names of its groups."""
        queries = {
            "tag": "SELECT et.event_id, t.name FROM event_tags et JOIN tags t ON t.id = et.tag_id",
            "entity": "SELECT ee.event_id, n.name FROM event_entities ee "
            "JOIN entities n ON n.id = ee.entity_id",
            "status": "SELECT id, status FROM events",
            "source": "SELECT c.event_id, s.title FROM citations c "
            "JOIN sources s ON s.id = c.source_id",
        }
        if by not in queries:
            raise ValueError(f"cannot group by {by!r}; choose one of {', '.join(queries)}")
        groups: dict[int, list[str]] = defaultdict(list)
        with self._read() as conn:
            for eid, name in conn.exec_driver_sql(queries[by] + " ORDER BY 2"):
                if name not in groups[eid]:
                    groups[eid].append(name)
        return {k: tuple(v) for k, v in groups.items()}

    def export_rows(self, flt: EventFilter | None = None) -> Iterator[ExportRow]:
        """The events of :meth:`events` (same filter, same order) as plain tuples.

        For exporters of many events: each row is an :data:`ExportRow` holding what an
        :class:`EventRecord` holds but its version and the ids of its links. Four set-based
        queries on the driver's cursor (the events, then their tags, entities and citations,
        each joined in Python by event id) instead of records or Row objects. Equal stored
        dates are one shared :class:`FuzzyDate` object within one call. The rows are read in
        one short transaction before the first is yielded.
        """
        flt = flt or EventFilter()
        where, params = _filter_where(flt)
        # the link queries read the links of the filtered events (all of them when unfiltered)
        chosen = f" WHERE {{}} IN (SELECT e.id FROM events e{where})" if where else ""
        with self._read() as conn:
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                rows = cursor.execute(
                    f"SELECT e.id, {_date_key('start')}, {_date_key('end')}, e.title,"
                    " e.description, e.status, e.key_fact, e.lane"
                    f" FROM events e{where} ORDER BY {_EVENT_ORDER}",
                    params,
                ).fetchall()
                if not rows:
                    return
                tag_rows = cursor.execute(
                    "SELECT et.event_id, t.name FROM event_tags et JOIN tags t ON t.id = et.tag_id"
                    + chosen.format("et.event_id")
                    + " ORDER BY t.name",
                    params,
                ).fetchall()
                link_rows = cursor.execute(
                    "SELECT ee.event_id, n.name, ee.role FROM event_entities ee "
                    "JOIN entities n ON n.id = ee.entity_id"
                    + chosen.format("ee.event_id")
                    + " ORDER BY n.name",
                    params,
                ).fetchall()
                cite_rows = cursor.execute(
                    "SELECT c.event_id, c.source_id, c.pinpoint, c.stance, c.quote, s.title "
                    "FROM citations c JOIN sources s ON s.id = c.source_id"
                    + chosen.format("c.event_id")
                    + " ORDER BY c.position, c.id",
                    params,
                ).fetchall()
                if flt.search.strip():
                    matched = set(search.search_event_ids(conn, flt.search))
                    rows = [r for r in rows if r[0] in matched]
            finally:
                cursor.close()
        tags = _grouped(tag_rows, lambda r: r[1])
        links = _grouped(link_rows, lambda r: r[1:])
        cites = _grouped(cite_rows, lambda r: r[1:])
        # one date per distinct stored date (its _date_key), made when first met
        dates: dict[str | None, FuzzyDate | None] = {None: None}

        def stored(key: str) -> FuzzyDate:
            iso, _, text = key[1:].partition("|")
            found = dates[key] = _stored_date(iso, text, key[0] == "1")
            return found

        none = ()
        for eid, start, end, title, desc, status, key_fact, lane in rows:
            yield (
                eid,
                dates[start] if start in dates else stored(start),
                dates[end] if end in dates else stored(end),
                title,
                desc,
                status,
                bool(key_fact),
                lane,
                tags.get(eid, none) if tags else none,
                links.get(eid, none) if links else none,
                cites.get(eid, none) if cites else none,
            )

    def events_by_ids(self, ids: Sequence[int]) -> list[EventRecord]:
        """The events with these ids, in the order given; ids that do not exist are skipped.

        For views that hold ids and fetch their rows lazily, a block at a time."""
        with self._read() as conn:
            return self._load_events(conn, list(ids))

    # ---- events: mutations

    def create_event(
        self,
        *,
        title: str,
        description: str = "",
        start: FuzzyDate | None = None,
        end: FuzzyDate | None = None,
        status: str = "alleged",
        key_fact: bool = False,
        lane: str | None = None,
        tags: Sequence[str] = (),
        entities: Sequence[tuple[int, str]] = (),
        event_id: int | None = None,
    ) -> ChangeSet:
        values = _event_values(
            title=title,
            description=description,
            start=start,
            end=end,
            status=status,
            key_fact=key_fact,
            lane=lane,
        )
        if event_id is not None:
            values["id"] = event_id
        with self._write() as w:
            new_id = w.insert(events_t, values, kind="event")
            w.set_event_tags(new_id, tags)
            w.set_event_entities(new_id, entities)
            return w.changes

    def bulk_insert_events(
        self,
        rows: Sequence[dict[str, Any]] | Sequence[Sequence[Any]],
        *,
        columns: Sequence[str] | None = None,
    ) -> ChangeSet:
        """Insert many already-validated event rows (ids included) at once: column dicts, or,
        with ``columns``, tuples of values in that column order.

        For importers: one executemany with positional parameters in one transaction, and
        one audit row instead of one per event. That row records the count, the id range, the
        columns and ``sha256``: the SHA-256 of the UTF-8 JSON array ``[columns, rows]``
        (compact separators, non-ASCII kept, each row its values in column order, rows in the
        order given), so that the values an importer meant to insert can be checked against
        it.
        """
        if not rows:
            return ChangeSet()
        import hashlib

        if columns is None:
            names = list(cast(dict[str, Any], rows[0]))
            values: Sequence[Sequence[Any]] = [
                tuple(r[c] for c in names) for r in cast(Sequence[dict[str, Any]], rows)
            ]
        else:
            names = list(columns)
            values = cast(Sequence[Sequence[Any]], rows)
        unknown = set(names) - set(events_t.c.keys())
        if unknown:
            raise TypeError(f"unknown event columns: {', '.join(sorted(unknown))}")
        at = names.index("id")
        ids = [int(v[at]) for v in values]
        payload = json.dumps([names, values], ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.sha256(payload.encode("utf-8"))
        with self._write() as w:
            sql = f"INSERT INTO events({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
            w.conn.connection.driver_connection.executemany(sql, values)  # type: ignore[union-attr]
            w.audit.record(
                "import",
                "events",
                None,
                None,
                {
                    "count": len(values),
                    "first_id": min(ids),
                    "last_id": max(ids),
                    "columns": names,
                    "sha256": digest.hexdigest(),
                },
            )
            w.extend(ChangeSet(tuple(Change("create", "event", i) for i in ids)))
            return w.changes

    def update_event(self, event_id: int, *, expected_version: int, **fields: Any) -> ChangeSet:
        """Change some of an event's fields (the keywords of :meth:`create_event`)."""
        allowed = {
            "title",
            "description",
            "start",
            "end",
            "status",
            "key_fact",
            "lane",
            "tags",
            "entities",
        }
        unknown = set(fields) - allowed
        if unknown:
            raise TypeError(f"update_event got unknown fields: {', '.join(sorted(unknown))}")
        with self._write() as w:
            current = w.conn.execute(select(events_t).where(events_t.c.id == event_id)).first()
            if current is None:
                raise NotFoundError(f"there is no event {event_id}")
            if current.version != expected_version:
                raise ConflictError(
                    "event", event_id, expected_version, self._load_events(w.conn, [event_id])[0]
                )
            merged = {
                "title": current.title,
                "description": current.description,
                "start": date_from_columns(current, "start"),
                "end": date_from_columns(current, "end"),
                "status": current.status,
                "key_fact": bool(current.key_fact),
                "lane": current.lane,
            }
            merged.update({k: v for k, v in fields.items() if k in merged})
            values = _event_values(**merged)
            values["version"] = expected_version + 1
            w.update(
                events_t,
                event_id,
                values,
                kind="event",
                guard=events_t.c.version == expected_version,
            )
            if "tags" in fields:
                w.set_event_tags(event_id, fields["tags"])
            if "entities" in fields:
                w.set_event_entities(event_id, fields["entities"])
            return w.changes

    def delete_event(
        self,
        event_id: int,
        *,
        expected_version: int | None = None,
        drop_tags: Sequence[int] = (),
    ) -> ChangeSet:
        """Delete an event with its citations and links (all in the audit log).

        ``drop_tags`` names tags to delete as well if no other event uses them (for undoing
        the creation of an event that created new tags on the way)."""
        with self._write() as w:
            current = w.conn.execute(select(events_t).where(events_t.c.id == event_id)).first()
            if current is None:
                raise NotFoundError(f"there is no event {event_id}")
            if expected_version is not None and current.version != expected_version:
                raise ConflictError(
                    "event", event_id, expected_version, self._load_events(w.conn, [event_id])[0]
                )
            for cid in (
                w.conn.execute(select(citations_t.c.id).where(citations_t.c.event_id == event_id))
                .scalars()
                .all()
            ):
                w.delete(citations_t, cid, kind="citation")
            w.set_event_tags(event_id, ())
            w.set_event_entities(event_id, ())
            w.delete(events_t, event_id, kind="event")
            w.drop_unused_tags(drop_tags, action="delete")
            return w.changes

    # ---- sources and stored files

    def sources(self) -> list[SourceRecord]:
        with self._read() as conn:
            citing: dict[int, list[int]] = defaultdict(list)
            for sid, eid in conn.exec_driver_sql(
                "SELECT DISTINCT source_id, event_id FROM citations ORDER BY source_id, event_id"
            ):
                citing[sid].append(eid)
            rows = conn.execute(select(sources_t).order_by(sources_t.c.title, sources_t.c.id))
            return [_source_record(r, citing[r.id]) for r in rows]

    def source(self, source_id: int) -> SourceRecord:
        with self._read() as conn:
            r = conn.execute(select(sources_t).where(sources_t.c.id == source_id)).first()
            if r is None:
                raise NotFoundError(f"there is no source {source_id}")
            citing = (
                conn.exec_driver_sql(
                    "SELECT DISTINCT event_id FROM citations WHERE source_id = ? ORDER BY event_id",
                    (source_id,),
                )
                .scalars()
                .all()
            )
            return _source_record(r, citing)

    def create_source(
        self, *, title: str, kind: str = "document", source_id: int | None = None, **fields: Any
    ) -> ChangeSet:
        values = _source_values(title=title, kind=kind, **fields)
        if source_id is not None:
            values["id"] = source_id
        with self._write() as w:
            w.insert(sources_t, values, kind="source")
            return w.changes

    def update_source(self, source_id: int, **fields: Any) -> ChangeSet:
        with self._write() as w:
            current = w.conn.execute(select(sources_t).where(sources_t.c.id == source_id)).first()
            if current is None:
                raise NotFoundError(f"there is no source {source_id}")
            merged = {k: current._mapping[k] for k in _SOURCE_FIELDS}
            merged.update(fields)
            w.update(sources_t, source_id, _source_values(**merged), kind="source")
            return w.changes

    def delete_source(self, source_id: int) -> ChangeSet:
        with self._write() as w:
            n = w.conn.exec_driver_sql(
                "SELECT count(DISTINCT event_id) FROM citations WHERE source_id = ?",
                (source_id,),
            ).scalar_one()
            if n:
                raise ValidationError(
                    f"source {source_id} is cited by {n} event(s); remove those citations first"
                )
            w.delete(sources_t, source_id, kind="source")
            return w.changes

    def store_file(
        self,
        *,
        sha256: str,
        data: bytes | None,
        size: int,
        media_type: str = "application/octet-stream",
        original_name: str = "",
    ) -> ChangeSet:
        """Record a file by its hash; with ``data`` it is stored inside the case (once)."""
        with self._write() as w:
            existing = w.conn.execute(
                select(files_t.c.sha256, files_t.c.data.is_not(None)).where(
                    files_t.c.sha256 == sha256
                )
            ).first()
            if existing is None:
                w.conn.execute(
                    insert(files_t).values(
                        sha256=sha256,
                        size=size,
                        media_type=media_type,
                        original_name=original_name,
                        data=data,
                    )
                )
                w.audit.record(
                    "create",
                    "source_files",
                    None,
                    None,
                    {
                        "sha256": sha256,
                        "size": size,
                        "stored": data is not None,
                        "original_name": original_name,
                    },
                )
            elif data is not None and not existing[1]:
                w.conn.execute(update(files_t).where(files_t.c.sha256 == sha256).values(data=data))
                w.audit.record(
                    "update",
                    "source_files",
                    None,
                    {"sha256": sha256, "stored": False},
                    {"sha256": sha256, "stored": True},
                )
            return w.changes

    def unused_files(self) -> list[tuple[str, int, str]]:
        """Stored or registered files no source refers to: (sha256, size, original name)."""
        with self._read() as conn:
            rows = conn.exec_driver_sql(
                "SELECT sha256, size, original_name FROM source_files WHERE sha256 NOT IN "
                "(SELECT file_sha256 FROM sources WHERE file_sha256 IS NOT NULL) ORDER BY sha256"
            ).all()
        return [(r[0], int(r[1]), r[2]) for r in rows]

    def purge_unused_files(self) -> int:
        """Remove every file no source refers to (a document added by mistake, a source
        deleted), audited; with ``secure_delete`` its bytes are overwritten. Returns how many
        were removed. Undoing the deletion of a source cannot bring a purged file back."""
        with self._write() as w:
            rows = w.conn.exec_driver_sql(
                "SELECT sha256, size, original_name, data IS NOT NULL FROM source_files "
                "WHERE sha256 NOT IN (SELECT file_sha256 FROM sources "
                "WHERE file_sha256 IS NOT NULL)"
            ).all()
            for sha256, size, name, stored in rows:
                w.conn.execute(sa_delete(files_t).where(files_t.c.sha256 == sha256))
                w.audit.record(
                    "purge",
                    "source_files",
                    None,
                    {"sha256": sha256, "size": size, "original_name": name, "stored": bool(stored)},
                    None,
                )
            return len(rows)

    def file_data(self, sha256: str) -> bytes | None:
        with self._read() as conn:
            return conn.execute(
                select(files_t.c.data).where(files_t.c.sha256 == sha256)
            ).scalar_one_or_none()

    # ---- citations

    def add_citation(
        self,
        *,
        event_id: int,
        source_id: int,
        pinpoint: str = "",
        quote: str = "",
        stance: str = "supports",
        citation_id: int | None = None,
    ) -> ChangeSet:
        values = _citation_values(pinpoint=pinpoint, quote=quote, stance=stance)
        values.update(event_id=event_id, source_id=source_id)
        if citation_id is not None:
            values["id"] = citation_id
        with self._write() as w:
            values["position"] = w.conn.exec_driver_sql(
                "SELECT coalesce(max(position) + 1, 0) FROM citations WHERE event_id = ?",
                (event_id,),
            ).scalar_one()
            w.insert(citations_t, values, kind="citation")
            w.changes_add("update", "event", event_id)
            return w.changes

    def update_citation(self, citation_id: int, **fields: Any) -> ChangeSet:
        with self._write() as w:
            current = w.conn.execute(
                select(citations_t).where(citations_t.c.id == citation_id)
            ).first()
            if current is None:
                raise NotFoundError(f"there is no citation {citation_id}")
            merged = {k: current._mapping[k] for k in ("pinpoint", "quote", "stance")}
            merged.update(fields)
            w.update(citations_t, citation_id, _citation_values(**merged), kind="citation")
            w.changes_add("update", "event", current.event_id)
            return w.changes

    def remove_citation(self, citation_id: int) -> ChangeSet:
        with self._write() as w:
            event_id = w.conn.execute(
                select(citations_t.c.event_id).where(citations_t.c.id == citation_id)
            ).scalar_one_or_none()
            if event_id is None:
                raise NotFoundError(f"there is no citation {citation_id}")
            w.delete(citations_t, citation_id, kind="citation")
            w.changes_add("update", "event", event_id)
            return w.changes

    # ---- entities, tags, eras

    def entities(self) -> list[EntityRecord]:
        with self._read() as conn:
            return [
                EntityRecord(r.id, r.name, r.kind, r.description, r.colour)
                for r in conn.execute(select(entities_t).order_by(entities_t.c.name))
            ]

    def create_entity(
        self,
        *,
        name: str,
        kind: str = "person",
        description: str = "",
        colour: str = "",
        entity_id: int | None = None,
    ) -> ChangeSet:
        values = _named(
            name,
            kind=_choice(kind, ENTITY_KINDS, "entity kind"),
            description=description,
            colour=colour,
        )
        if entity_id is not None:
            values["id"] = entity_id
        with self._write() as w:
            w.insert(entities_t, values, kind="entity")
            return w.changes

    def update_entity(self, entity_id: int, **fields: Any) -> ChangeSet:
        if "name" in fields:
            fields.update(_named(fields["name"]))
        if "kind" in fields:
            _choice(fields["kind"], ENTITY_KINDS, "entity kind")
        with self._write() as w:
            w.update(entities_t, entity_id, fields, kind="entity")
            return w.changes

    def delete_entity(self, entity_id: int) -> ChangeSet:
        with self._write() as w:
            w.delete_linked(entities_t, event_entities_t.c.entity_id, entity_id, kind="entity")
            return w.changes

    def tags(self) -> list[TagRecord]:
        with self._read() as conn:
            return [
                TagRecord(r.id, r.name, r.colour, r.description)
                for r in conn.execute(select(tags_t).order_by(tags_t.c.name))
            ]

    def create_tag(
        self, *, name: str, colour: str = "", description: str = "", tag_id: int | None = None
    ) -> ChangeSet:
        values = _named(name, colour=colour, description=description)
        if tag_id is not None:
            values["id"] = tag_id
        with self._write() as w:
            w.insert(tags_t, values, kind="tag")
            return w.changes

    def update_tag(self, tag_id: int, **fields: Any) -> ChangeSet:
        if "name" in fields:
            fields.update(_named(fields["name"]))
        with self._write() as w:
            w.update(tags_t, tag_id, fields, kind="tag")
            return w.changes

    def delete_tag(self, tag_id: int) -> ChangeSet:
        with self._write() as w:
            w.delete_linked(tags_t, event_tags_t.c.tag_id, tag_id, kind="tag")
            return w.changes

    def eras(self) -> list[EraRecord]:
        with self._read() as conn:
            rows = conn.execute(select(eras_t).order_by(eras_t.c.start_earliest, eras_t.c.id))
            return [
                EraRecord(
                    r.id,
                    r.name,
                    date_from_columns(r, "start"),  # type: ignore[arg-type]
                    date_from_columns(r, "end"),  # type: ignore[arg-type]
                    r.colour,
                )
                for r in rows
            ]

    def create_era(
        self,
        *,
        name: str,
        start: FuzzyDate,
        end: FuzzyDate,
        colour: str = "",
        era_id: int | None = None,
    ) -> ChangeSet:
        values = _era_values(name=name, start=start, end=end, colour=colour)
        if era_id is not None:
            values["id"] = era_id
        with self._write() as w:
            w.insert(eras_t, values, kind="era")
            return w.changes

    def update_era(self, era_id: int, **fields: Any) -> ChangeSet:
        with self._write() as w:
            current = w.conn.execute(select(eras_t).where(eras_t.c.id == era_id)).first()
            if current is None:
                raise NotFoundError(f"there is no era {era_id}")
            merged = {
                "name": current.name,
                "colour": current.colour,
                "start": date_from_columns(current, "start"),
                "end": date_from_columns(current, "end"),
            }
            merged.update(fields)
            w.update(eras_t, era_id, _era_values(**merged), kind="era")
            return w.changes

    def delete_era(self, era_id: int) -> ChangeSet:
        with self._write() as w:
            w.delete(eras_t, era_id, kind="era")
            return w.changes

    # ---- snapshots, restores and merges (what undo is built on)
    #
    # Versions under undo: an event's version counter only ever moves forward. Putting an
    # event back to an earlier state (``replace_event``) is a new change at
    # ``expected_version + 1``; re-creating a deleted event (``restore_event``) stores it at
    # ``snapshot.version + 1``. So a stale editor still holding an older version gets a
    # ConflictError after an undo, exactly as after any other edit.

    def snapshot_event(self, event_id: int) -> EventSnapshot:
        """The event's full row (id and version included), tags, entity links and
        citations: what :meth:`restore_event` and :meth:`replace_event` put back."""
        with self._read() as conn:
            return _event_snapshot(conn, event_id)

    def restore_event(self, snapshot: EventSnapshot) -> ChangeSet:
        """Re-create a deleted event from ``snapshot``: the same id, columns, tags, entity
        links and citations (same citation ids and positions), at version
        ``snapshot.version + 1``. A tag that no longer exists is re-created (with its old id
        when that is free); a missing entity or source is a :class:`ValidationError` and
        nothing is written."""
        with self._write() as w:
            event_id = snapshot.id
            if w.conn.execute(select(events_t.c.id).where(events_t.c.id == event_id)).first():
                raise ValidationError(f"event {event_id} already exists; it cannot be restored")
            values = dict(snapshot.row)
            values["version"] = snapshot.version + 1
            w.insert(events_t, values, kind="event", action="restore")
            w.set_event_tag_refs(event_id, snapshot.tags, action="restore")
            w.set_event_entities(event_id, snapshot.entities, action="restore")
            for c in snapshot.citations:
                w.insert(citations_t, _citation_row(c), kind="citation", action="restore")
            return w.changes

    def replace_event(
        self, snapshot: EventSnapshot, *, expected_version: int, drop_tags: Sequence[int] = ()
    ) -> ChangeSet:
        """Put an existing event back to ``snapshot``'s columns, tags and entity links (its
        citations are left alone: they have their own undo). The event must be at
        ``expected_version`` (else :class:`ConflictError`); it ends at
        ``expected_version + 1``. ``drop_tags`` as in :meth:`delete_event`."""
        event_id = snapshot.id
        with self._write() as w:
            current = w.conn.execute(select(events_t).where(events_t.c.id == event_id)).first()
            if current is None:
                raise NotFoundError(f"there is no event {event_id}")
            if current.version != expected_version:
                raise ConflictError(
                    "event", event_id, expected_version, self._load_events(w.conn, [event_id])[0]
                )
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

    def snapshot_source(self, source_id: int) -> RowSnapshot:
        return self._snapshot_row("source", source_id)

    def restore_source(self, snapshot: RowSnapshot) -> ChangeSet:
        """Re-create a deleted source with the same id and fields."""
        return self._restore_row("source", snapshot)

    def replace_source(self, snapshot: RowSnapshot) -> ChangeSet:
        """Put an existing source's fields back to ``snapshot``."""
        return self._replace_row("source", snapshot)

    def snapshot_citation(self, citation_id: int) -> RowSnapshot:
        return self._snapshot_row("citation", citation_id)

    def restore_citation(self, snapshot: RowSnapshot) -> ChangeSet:
        """Re-create a removed citation with the same id and position."""
        return self._restore_row("citation", snapshot)

    def replace_citation(self, snapshot: RowSnapshot) -> ChangeSet:
        return self._replace_row("citation", snapshot)

    def snapshot_entity(self, entity_id: int) -> RowSnapshot:
        """The entity's row and its event links ``(event id, role)``."""
        return self._snapshot_row("entity", entity_id)

    def restore_entity(self, snapshot: RowSnapshot) -> ChangeSet:
        """Re-create a deleted entity with the same id and the event links it had."""
        return self._restore_row("entity", snapshot)

    def replace_entity(self, snapshot: RowSnapshot) -> ChangeSet:
        """Put an existing entity's fields (not its links) back to ``snapshot``."""
        return self._replace_row("entity", snapshot)

    def snapshot_tag(self, tag_id: int) -> RowSnapshot:
        """The tag's row and the events it is on."""
        return self._snapshot_row("tag", tag_id)

    def restore_tag(self, snapshot: RowSnapshot) -> ChangeSet:
        """Re-create a deleted tag with the same id, on the same events."""
        return self._restore_row("tag", snapshot)

    def replace_tag(self, snapshot: RowSnapshot) -> ChangeSet:
        return self._replace_row("tag", snapshot)

    def snapshot_era(self, era_id: int) -> RowSnapshot:
        return self._snapshot_row("era", era_id)

    def restore_era(self, snapshot: RowSnapshot) -> ChangeSet:
        return self._restore_row("era", snapshot)

    def replace_era(self, snapshot: RowSnapshot) -> ChangeSet:
        return self._replace_row("era", snapshot)

    def merge_entities(self, keep_id: int, drop_id: int) -> ChangeSet:
        """Move ``drop_id``'s event links to ``keep_id`` and delete ``drop_id``, in one
        transaction. Where an event names both, the kept entity's link (and role) stays.
        To undo, take :meth:`snapshot_entity` of both first and call
        :meth:`unmerge_entities`."""
        return self._merge("entity", keep_id, drop_id)

    def unmerge_entities(self, *, keep: RowSnapshot, drop: RowSnapshot) -> ChangeSet:
        """Undo :meth:`merge_entities`: re-create the dropped entity (same id) with its
        links and take from the kept one the links the merge moved to it."""
        return self._unmerge("entity", keep, drop)

    def merge_tags(self, keep_id: int, drop_id: int) -> ChangeSet:
        """Move ``drop_id``'s events to the tag ``keep_id`` and delete ``drop_id``."""
        return self._merge("tag", keep_id, drop_id)

    def unmerge_tags(self, *, keep: RowSnapshot, drop: RowSnapshot) -> ChangeSet:
        """Undo :meth:`merge_tags` (see :meth:`unmerge_entities`)."""
        return self._unmerge("tag", keep, drop)

    def _snapshot_row(self, kind: str, row_id: int) -> RowSnapshot:
        table = _ROW_TABLES[kind]
        with self._read() as conn:
            row = conn.execute(select(table).where(table.c.id == row_id)).first()
            if row is None:
                raise NotFoundError(f"there is no {kind} {row_id}")
            return RowSnapshot(kind, dict(row._mapping), _links_of(conn, kind, row_id))

    def _restore_row(self, kind: str, snapshot: RowSnapshot) -> ChangeSet:
        if snapshot.kind != kind:
            raise ValueError(f"a {snapshot.kind} snapshot cannot restore a {kind}")
        table = _ROW_TABLES[kind]
        with self._write() as w:
            if w.conn.execute(select(table.c.id).where(table.c.id == snapshot.id)).first():
                raise ValidationError(f"{kind} {snapshot.id} already exists; cannot restore it")
            w.insert(table, dict(snapshot.row), kind=kind, action="restore")
            if kind == "citation":
                w.changes_add("update", "event", int(snapshot.row["event_id"]))
            _add_links(w, kind, snapshot.id, snapshot.links, action="restore")
            return w.changes

    def _replace_row(self, kind: str, snapshot: RowSnapshot) -> ChangeSet:
        if snapshot.kind != kind:
            raise ValueError(f"a {snapshot.kind} snapshot cannot replace a {kind}")
        table = _ROW_TABLES[kind]
        values = {k: v for k, v in snapshot.row.items() if k != "id"}
        with self._write() as w:
            w.update(table, snapshot.id, values, kind=kind, action="replace")
            if kind == "citation":
                w.changes_add("update", "event", int(snapshot.row["event_id"]))
            return w.changes

    def _merge(self, kind: str, keep_id: int, drop_id: int) -> ChangeSet:
        if keep_id == drop_id:
            raise ValidationError(f"cannot merge {kind} {keep_id} with itself")
        table = _ROW_TABLES[kind]
        links_t, column = _LINK_TABLES[kind]
        with self._write() as w:
            for row_id in (keep_id, drop_id):
                if w.conn.execute(select(table.c.id).where(table.c.id == row_id)).first() is None:
                    raise NotFoundError(f"there is no {kind} {row_id}")
            kept = dict(_links_of(w.conn, kind, keep_id))
            dropped = _links_of(w.conn, kind, drop_id)
            moved = [(eid, role) for eid, role in dropped if eid not in kept]
            w.conn.execute(sa_delete(links_t).where(getattr(links_t.c, column) == drop_id))
            for eid, role in moved:
                w.conn.execute(insert(links_t).values(_link_values(kind, keep_id, eid, role)))
            w.audit.record(
                "merge",
                links_t.name,
                keep_id,
                {"links": [_link_values(kind, drop_id, e, r) for e, r in dropped]},
                {"links": [_link_values(kind, keep_id, e, r) for e, r in moved]},
            )
            w.delete(table, drop_id, kind=kind, action="merge")
            w.changes_add("update", kind, keep_id)
            for eid, _role in dropped:
                w.changes_add("update", "event", eid)
            return w.changes

    def _unmerge(self, kind: str, keep: RowSnapshot, drop: RowSnapshot) -> ChangeSet:
        if keep.kind != kind or drop.kind != kind:
            raise ValueError(f"unmerging {kind}s needs two {kind} snapshots")
        table = _ROW_TABLES[kind]
        links_t, column = _LINK_TABLES[kind]
        with self._write() as w:
            if w.conn.execute(select(table.c.id).where(table.c.id == keep.id)).first() is None:
                raise NotFoundError(f"there is no {kind} {keep.id}")
            if w.conn.execute(select(table.c.id).where(table.c.id == drop.id)).first():
                raise ValidationError(f"{kind} {drop.id} already exists; cannot unmerge it")
            kept_before = {eid for eid, _ in keep.links}
            moved = [(eid, role) for eid, role in drop.links if eid not in kept_before]
            for eid, _role in moved:
                w.conn.execute(
                    sa_delete(links_t).where(
                        getattr(links_t.c, column) == keep.id, links_t.c.event_id == eid
                    )
                )
            w.audit.record(
                "unmerge",
                links_t.name,
                keep.id,
                {"links": [_link_values(kind, keep.id, e, r) for e, r in moved]},
                None,
            )
            w.insert(table, dict(drop.row), kind=kind, action="unmerge")
            _add_links(w, kind, drop.id, drop.links, action="unmerge")
            w.changes_add("update", kind, keep.id)
            return w.changes

    # ---- saved views (named filters)

    def saved_views(self) -> list[SavedViewRecord]:
        with self._read() as conn:
            rows = conn.execute(select(views_t).order_by(views_t.c.name)).all()
        out = []
        for r in rows:
            try:
                flt = EventFilter.from_dict(json.loads(r.filter_json))
            except (ValueError, TypeError, DateError):
                continue  # a damaged view is skipped, never fatal
            out.append(SavedViewRecord(r.id, r.name, flt))
        return out

    def save_view(self, *, name: str, flt: EventFilter) -> ChangeSet:
        """Save ``flt`` under ``name``, replacing a view of that name."""
        values = {**_named(name), "filter_json": json.dumps(flt.to_dict(), sort_keys=True)}
        with self._write() as w:
            existing = w.conn.execute(
                select(views_t.c.id).where(views_t.c.name == values["name"])
            ).scalar_one_or_none()
            if existing is None:
                w.insert(views_t, values, kind="view")
            else:
                w.update(views_t, existing, values, kind="view")
            return w.changes

    def delete_view(self, view_id: int) -> ChangeSet:
        with self._write() as w:
            w.delete(views_t, view_id, kind="view")
            return w.changes

    # ---- audit and health

    def audit_log(self) -> list[AuditRecord]:
        with self._read() as conn:
            rows = conn.exec_driver_sql(
                "SELECT id, at, actor, action, table_name, row_id, old, new, prev_hash, "
                "row_hash FROM audit_log ORDER BY id"
            )
            return [AuditRecord(*r) for r in rows]

    def check(self, *, verify_file: Any = None) -> list[str]:
        """Every problem found: SQLite integrity, foreign keys, the audit chain, the search
        index, and (through ``verify_file(source) -> problem or None``) source files."""
        problems: list[str] = []
        with self._read() as conn:
            for (row,) in conn.exec_driver_sql("PRAGMA integrity_check(20)"):
                if row != "ok":
                    problems.append(f"integrity: {row}")
            for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
            problems += audit.verify(conn)
            problems += search.check(conn)
            for r in conn.execute(select(sources_t).where(sources_t.c.file_sha256.is_not(None))):
                if r.file_stored:
                    data = conn.execute(
                        select(files_t.c.data).where(files_t.c.sha256 == r.file_sha256)
                    ).scalar_one_or_none()
                    problem = _check_stored(data, r.file_sha256)
                elif verify_file is not None:
                    problem = verify_file(_source_record(r, ()))
                else:
                    problem = None
                if problem:
                    problems.append(f"source {r.id} ({r.title}): {problem}")
        return problems


# -- helpers for one write transaction ---------------------------------------------------


class _Writer:
    """Inserts, updates and deletes one row at a time, auditing each and noting the change."""

    def __init__(self, conn: Connection, audit_writer: audit.AuditWriter) -> None:
        self.conn = conn
        self.audit = audit_writer
        self._changes: list[Change] = []

    @property
    def changes(self) -> ChangeSet:
        return ChangeSet(tuple(self._changes))

    def extend(self, changes: ChangeSet) -> None:
        self._changes.extend(changes.changes)

    def changes_add(self, action: str, kind: str, row_id: int) -> None:
        self._changes.append(Change(action, kind, row_id))

    def insert(
        self, table: Any, values: dict[str, Any], *, kind: str, action: str = "create"
    ) -> int:
        result = self.conn.execute(insert(table).values(**values))
        key = result.inserted_primary_key
        assert key is not None
        new_id = int(key[0])
        row = self.conn.execute(select(table).where(table.c.id == new_id)).one()
        self.audit.record(action, table.name, new_id, None, dict(row._mapping))
        self.changes_add("create", kind, new_id)
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
        if values and self.conn.execute(stmt.values(**values)).rowcount != 1:
            raise CaseError(f"{kind} {row_id} could not be updated")
        after = self.conn.execute(select(table).where(table.c.id == row_id)).one()
        old = {k: v for k, v in before._mapping.items() if after._mapping[k] != v}
        new = {k: after._mapping[k] for k in old}
        if old:
            self.audit.record(action, table.name, row_id, old, new)
            self.changes_add("update", kind, row_id)
        return self.changes

    def delete(self, table: Any, row_id: int, *, kind: str, action: str = "delete") -> None:
        before = self.conn.execute(select(table).where(table.c.id == row_id)).first()
        if before is None:
            raise NotFoundError(f"there is no {kind} {row_id}")
        self.conn.execute(sa_delete(table).where(table.c.id == row_id))
        self.audit.record(action, table.name, row_id, dict(before._mapping), None)
        self.changes_add("delete", kind, row_id)

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
            self.changes_add("update", "event", link.event_id)
        self.delete(table, row_id, kind=kind)

    def set_event_tags(self, event_id: int, names: Sequence[str]) -> None:
        wanted: dict[int, dict[str, Any]] = {}
        for raw in names:
            name = " ".join(str(raw).split())
            if not name:
                continue
            tid = self.conn.execute(
                select(tags_t.c.id).where(tags_t.c.name == name)
            ).scalar_one_or_none()
            if tid is None:
                tid = self.insert(tags_t, _named(name), kind="tag")
            wanted[tid] = {}
        have: dict[int, dict[str, Any]] = {
            t: {}
            for t in self.conn.execute(
                select(event_tags_t.c.tag_id).where(event_tags_t.c.event_id == event_id)
            ).scalars()
        }
        self._relink(event_tags_t, "tag_id", event_id, have, wanted)

    def set_event_entities(
        self, event_id: int, links: Sequence[tuple[int, str]], *, action: str = "link"
    ) -> None:
        wanted = {int(eid): {"role": role or ""} for eid, role in links}
        have = {
            eid: {"role": role}
            for eid, role in self.conn.execute(
                select(event_entities_t.c.entity_id, event_entities_t.c.role).where(
                    event_entities_t.c.event_id == event_id
                )
            )
        }
        self._relink(event_entities_t, "entity_id", event_id, have, wanted, action=action)

    def _relink(
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
            if not any(c.kind == "event" and c.id == event_id for c in self._changes):
                self.changes_add("update", "event", event_id)

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
            values = _named(name)
            if by_id is None:
                values["id"] = tid
            wanted[self.insert(tags_t, values, kind="tag", action=action)] = {}
        have: dict[int, dict[str, Any]] = {
            t: {}
            for t in self.conn.execute(
                select(event_tags_t.c.tag_id).where(event_tags_t.c.event_id == event_id)
            ).scalars()
        }
        self._relink(event_tags_t, "tag_id", event_id, have, wanted, action=action)

    def drop_unused_tags(self, tag_ids: Sequence[int], *, action: str) -> None:
        """Delete those of ``tag_ids`` that still exist and no event uses any more."""
        for tid in tag_ids:
            exists = self.conn.execute(select(tags_t.c.id).where(tags_t.c.id == tid)).first()
            used = self.conn.execute(
                select(event_tags_t.c.event_id).where(event_tags_t.c.tag_id == tid).limit(1)
            ).first()
            if exists is not None and used is None:
                self.delete(tags_t, tid, kind="tag", action=action)


# -- validation of values ---------------------------------------------------------------


_SOURCE_FIELDS = (
    "title",
    "kind",
    "author",
    "publisher",
    "date_text",
    "url",
    "file_path",
    "file_sha256",
    "file_size",
    "file_stored",
    "bates_start",
    "bates_end",
    "exhibit",
    "notes",
)


def _choice(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise ValidationError(f"{value!r} is not a valid {what}; use one of {', '.join(allowed)}")
    return value


def _named(name: str, **rest: Any) -> dict[str, Any]:
    clean = " ".join(str(name).split())
    if not clean:
        raise ValidationError("a name cannot be empty")
    return {"name": clean, **rest}


def _event_values(
    *,
    title: str,
    description: str,
    start: FuzzyDate | None,
    end: FuzzyDate | None,
    status: str,
    key_fact: bool,
    lane: str | None,
) -> dict[str, Any]:
    if not str(title).strip():
        raise ValidationError("an event needs a title")
    _choice(status, EVENT_STATUSES, "status")
    if end is not None and start is None:
        raise ValidationError("an event with an end date needs a start date")
    if start is not None and end is not None and end.latest <= start.earliest:
        raise ValidationError(f"the end ({end.text}) is before the start ({start.text})")
    return {
        "title": str(title).strip(),
        "description": description or "",
        **date_columns("start", start),
        **date_columns("end", end),
        "status": status,
        "key_fact": bool(key_fact),
        "lane": lane or None,
    }


def _source_values(**fields: Any) -> dict[str, Any]:
    unknown = set(fields) - set(_SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown source fields: {', '.join(sorted(unknown))}")
    title = str(fields.get("title") or "").strip()
    if not title:
        raise ValidationError("a source needs a title")
    kind = _choice(fields.get("kind") or "document", SOURCE_KINDS, "source kind")
    values = {k: fields[k] for k in fields if fields[k] is not None}
    for key in (
        "author",
        "publisher",
        "date_text",
        "url",
        "file_path",
        "bates_start",
        "bates_end",
        "exhibit",
        "notes",
    ):
        values[key] = str(values.get(key) or "")
    values.update(title=title, kind=kind, file_stored=bool(fields.get("file_stored")))
    values.setdefault("file_sha256", None)
    values.setdefault("file_size", None)
    return values


def _citation_values(*, pinpoint: str, quote: str, stance: str) -> dict[str, Any]:
    return {
        "pinpoint": (pinpoint or "").strip(),
        "quote": quote or "",
        "stance": _choice(stance, STANCES, "stance"),
    }


def _era_values(
    *, name: str, start: FuzzyDate | None, end: FuzzyDate | None, colour: str
) -> dict[str, Any]:
    if start is None or end is None:
        raise ValidationError("an era needs a start and an end")
    if end.latest <= start.earliest:
        raise ValidationError(f"the era's end ({end.text}) is before its start ({start.text})")
    return {
        **_named(name),
        **date_columns("start", start),
        **date_columns("end", end),
        "colour": colour or "",
    }


def _source_record(r: Any, citing: Sequence[int]) -> SourceRecord:
    m = r._mapping
    return SourceRecord(
        id=m["id"],
        kind=m["kind"],
        title=m["title"],
        author=m["author"],
        publisher=m["publisher"],
        date_text=m["date_text"],
        url=m["url"],
        file_path=m["file_path"],
        file_sha256=m["file_sha256"],
        file_size=m["file_size"],
        file_stored=bool(m["file_stored"]),
        bates_start=m["bates_start"],
        bates_end=m["bates_end"],
        exhibit=m["exhibit"],
        notes=m["notes"],
        citing_events=tuple(citing),
    )


def _event_snapshot(conn: Connection, event_id: int) -> EventSnapshot:
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


def _citation_row(c: CitationSnapshot) -> dict[str, Any]:
    return {
        "id": c.id,
        "event_id": c.event_id,
        "source_id": c.source_id,
        "pinpoint": c.pinpoint,
        "quote": c.quote,
        "stance": c.stance,
        "position": c.position,
    }


def _links_of(conn: Connection, kind: str, row_id: int) -> tuple[tuple[int, str], ...]:
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


def _link_values(kind: str, row_id: int, event_id: int, role: str) -> dict[str, Any]:
    if kind == "entity":
        return {"event_id": event_id, "entity_id": row_id, "role": role}
    return {"event_id": event_id, "tag_id": row_id}


def _add_links(
    w: _Writer, kind: str, row_id: int, links: Sequence[tuple[int, str]], *, action: str
) -> None:
    """Insert an entity's or a tag's event links (one audit row for all of them)."""
    if kind not in _LINK_TABLES or not links:
        return
    links_t, _column = _LINK_TABLES[kind]
    values = [_link_values(kind, row_id, eid, role) for eid, role in links]
    for v in values:
        w.conn.execute(insert(links_t).values(**v))
    w.audit.record(action, links_t.name, row_id, None, {"links": values})
    for eid, _role in links:
        w.changes_add("update", "event", eid)


def _check_stored(data: bytes | None, sha256: str) -> str | None:
    import hashlib

    if data is None:
        return "the stored file is missing from the case"
    if hashlib.sha256(data).hexdigest() != sha256:
        return "the stored file does not match its SHA-256"
    return None


def _integrity_message(error: exc.IntegrityError | sqlite3.IntegrityError) -> str:
    orig = getattr(error, "orig", None)
    text = str(orig) if orig is not None else str(error)
    if "UNIQUE" in text:
        where = text.split("failed:", 1)[-1].strip()
        table, _, field = where.partition(".")
        return f"that {field or 'value'} is already in use in {table or 'the case'}"
    if "FOREIGN KEY" in text:
        return "that refers to a record that does not exist"
    return f"the case refused the change ({text})"


# the order of Case.events: by start (a "before" date by its latest instant), undated last
_EVENT_ORDER = (
    "e.start_earliest IS NULL, CASE WHEN e.start_qualifier = 'before' "
    "THEN e.start_latest ELSE e.start_earliest END, e.start_latest, e.start_earliest, e.id"
)


def _filter_where(flt: EventFilter) -> tuple[str, tuple[Any, ...]]:
    """`` WHERE ...`` (or nothing) and its parameters: the events (as ``e``) that ``flt``
    keeps, but for its ``search`` text (matched in Python against the full-text index)."""
    where: list[str] = []
    params: list[Any] = []

    def any_of(values: Sequence[str], sql: str) -> None:
        marks = ", ".join("?" for _ in values)
        where.append(sql.format(marks=marks))
        params.extend(values)

    if flt.statuses:
        any_of(flt.statuses, "e.status IN ({marks})")
    for tag in flt.tags:
        any_of(
            [tag],
            "e.id IN (SELECT et.event_id FROM event_tags et JOIN tags t "
            "ON t.id = et.tag_id WHERE t.name = {marks} COLLATE NOCASE)",
        )
    for entity in flt.entities:
        any_of(
            [entity],
            "e.id IN (SELECT ee.event_id FROM event_entities ee JOIN entities n"
            " ON n.id = ee.entity_id WHERE n.name = {marks} COLLATE NOCASE)",
        )
    if flt.source_kinds:
        any_of(
            flt.source_kinds,
            "e.id IN (SELECT c.event_id FROM citations c JOIN sources s "
            "ON s.id = c.source_id WHERE s.kind IN ({marks}))",
        )
    if flt.key_only:
        where.append("e.key_fact")
    if flt.unsourced_only:
        where.append("NOT EXISTS (SELECT 1 FROM citations c WHERE c.event_id = e.id)")
    if flt.date_from is not None:
        where.append("coalesce(e.end_latest, e.start_latest) > ?")
        params.append(to_seconds(flt.date_from.earliest))
    if flt.date_to is not None:
        where.append("e.start_earliest < ?")
        params.append(to_seconds(flt.date_to.latest))
    if not where:
        return "", ()
    return " WHERE " + " AND ".join(f"({w})" for w in where), tuple(params)


def _date_key(prefix: str) -> str:
    """SQL for one text column that holds a stored date: NULL when undated, else its
    ``ambiguous`` flag, its canonical form (which has no "|"), "|" and its text."""
    return (
        f"CASE WHEN e.{prefix}_text IS NULL THEN NULL"
        f" ELSE CASE WHEN e.{prefix}_ambiguous THEN '1' ELSE '0' END"
        f" || coalesce(e.{prefix}_iso, '') || '|' || e.{prefix}_text END"
    )


def _grouped(rows: list[tuple[Any, ...]], value: Callable[[Any], Any]) -> dict[int, Any]:
    """``(event id, ...)`` rows -> event id -> the tuple of ``value(row)``, in row order."""
    groups: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(value(row))
    return {k: tuple(v) for k, v in groups.items()}


def _chunks(ids: Sequence[int], size: int = 500) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])
