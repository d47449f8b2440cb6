"""``Case``: the one API the rest of Casetrail calls to read and change a case file.

A thin facade delegating each query or mutation to a module of ``app.store``. Reads return
detached records; a mutation is one transaction (audit rows, search index) returning a
:class:`ChangeSet`, failing with :class:`ConflictError` when it names a stale version."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Unpack

from sqlalchemy import Engine

from app.domain.columns import EventColumns
from app.domain.dates import FuzzyDate
from app.domain.records import (
    AuditRecord,
    CaseStats,
    ChangeSet,
    CitationEdit,
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
from app.domain.standing import StanceCounts
from app.store.bulk import BulkInserts, EventLinks
from app.store.case_file import catch_up_search
from app.store.checking import checked
from app.store.engine import Mode
from app.store.errors import CaseError as CaseError
from app.store.errors import CaseFileError as CaseFileError
from app.store.errors import ConflictError as ConflictError
from app.store.errors import NewerSchemaError as NewerSchemaError
from app.store.errors import NotFoundError, ValidationError
from app.store.errors import ReadOnlyError as ReadOnlyError
from app.store.events import Events
from app.store.export_rows import ExportRow as ExportRow
from app.store.export_rows import export_rows
from app.store.names import Names
from app.store.opening import Where, actor_of, create_any, file_path, location_of, open_any
from app.store.queries import Queries, TimelineRows
from app.store.snapshots import Snapshots
from app.store.sources import Sources
from app.store.stored_files import StoredFiles
from app.store.unit_of_work import Batch as Batch
from app.store.unit_of_work import UnitsOfWork
from app.store.values import CitationFields, EventFields
from app.store.values import date_columns as date_columns

FileCheck = Callable[[SourceRecord], str | None]  # a source -> its file's problem, if any


class Case:
    """An open case file. Use :meth:`open` or :meth:`create`; close it when done."""

    def __init__(
        self,
        path: Where,
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
        self.actor = actor_of(engine)
        self._units = UnitsOfWork(
            engine, read_only=self.read_only, name=path.name, actor=self.actor, path=file_path(path)
        )
        self._queries = Queries(self._units)
        self._events = Events(self._units)
        self._bulk = BulkInserts(self._units)
        self._sources = Sources(self._units)
        self._files = StoredFiles(self._units)
        self._names = Names(self._units)
        self._snapshots = Snapshots(self._units)

    # ---- opening and closing

    @classmethod
    def open(cls, path: str | os.PathLike[str], mode: Mode = Mode.OPEN) -> Case:
        """Open an existing case, a file or a shared case's connection string
        (:class:`CaseFileError` names it and the problem; a newer case opens only for
        review, an older one is backed up and migrated)."""
        if mode is Mode.NEW:
            raise ValueError("use Case.create for a new case")
        p, engine, notice, backup = open_any(path, mode)
        case = cls(p, engine, mode, notice, backup)
        if mode is Mode.OPEN:
            catch_up_search(engine)
        return case

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        *,
        title: str,
        day_first: bool = False,
        populate: Callable[[Case], None] | None = None,
    ) -> Case:
        """Create a new case file at ``path`` (which must not exist), filled by ``populate``
        before it is linked into place (see :func:`app.store.case_file.create_file`)."""
        p = location_of(path)
        if not title.strip():
            raise ValidationError("a case needs a title")

        def fill(tmp: Any) -> None:
            if populate is not None:
                with cls.open(tmp) as building:
                    populate(building)

        create_any(p, title=title, day_first=day_first, populate=fill)
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

    def reading(self) -> AbstractContextManager[None]:
        """Every read in the block sees one snapshot (one read transaction); writers wait
        while it lasts, so keep it to reading."""
        return self._units.reading()

    def batch(self) -> AbstractContextManager[Batch]:
        """Run several mutations as one transaction, all kept or none. The :class:`Batch`
        yielded holds in ``changes`` the whole batch's change set once the block exits. A
        batch opened inside another joins it (and yields the outer batch)."""
        return self._units.batch()

    # ---- case info and reads

    @property
    def title(self) -> str:
        return self._names.case_title()

    @property
    def day_first(self) -> bool:
        return self._names.case_day_first()

    date_settings = property(lambda self: self._names.date_settings(), doc="DateSettings")
    search_ids = property(lambda self: self._queries.search_ids, doc="search's ids: an array")

    def update_case_info(self, **info: Any) -> ChangeSet:  # title, day_first, time_zone, ...
        return self._names.update_case_info(**info)

    def stats(self) -> CaseStats:
        return self._queries.stats()

    def events(self, flt: EventFilter | None = None) -> list[EventRecord]:
        """Events in date order (undated last), narrowed by ``flt``."""
        return self._queries.events(flt or EventFilter())

    def event_ids(
        self, flt: EventFilter | None = None, among: Sequence[int] | None = None
    ) -> list[int]:
        """Ids of :meth:`events`, in that order; only those in ``among`` when given."""
        return self._queries.event_ids(flt or EventFilter(), among)

    def event(self, event_id: int) -> EventRecord:
        for found in self._queries.events_by_ids([event_id]):
            return found
        raise NotFoundError(f"there is no event {event_id}")

    def events_by_ids(self, ids: Sequence[int]) -> list[EventRecord]:
        """The events with these ids, in the order given; ids that do not exist are skipped."""
        return self._queries.events_by_ids(ids)

    def search(
        self, text: str, *, limit: int | None = None, among: Sequence[int] | None = None
    ) -> list[int]:
        """Ids of events matching ``text`` (any text is a valid query), best first; only
        those in ``among`` when given."""
        return self._queries.search(text, limit, among)

    def timeline_columns(self) -> EventColumns:
        """The canvas's columns for every event, as compact sorted arrays."""
        return self._queries.timeline_columns()

    def order_keys(self, ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
        """Sort keys of :meth:`event_ids`' order, for placing an event by binary search."""
        return self._queries.order_keys(ids)

    def timeline_rows(self, ids: Sequence[int]) -> TimelineRows:
        """The rows :meth:`timeline_columns` is built from, for just these events."""
        return self._queries.timeline_rows(ids)

    def stance_counts(self, ids: Sequence[int] | None = None) -> dict[int, StanceCounts]:
        """Each cited event's stance counts (one grouped query); uncited events are absent."""
        return self._queries.stance_counts(ids)

    def event_groups(self, by: str, ids: Sequence[int] | None = None) -> dict[int, tuple[str, ...]]:
        """For grouping the timeline into lanes: event id -> the names of its groups (tag,
        entity, status or source), for the events ``ids`` when given."""
        return self._queries.event_groups(by, ids)

    def export_rows(self, flt: EventFilter | None = None, date_of: Any = None) -> Iterator[Any]:
        """The events of :meth:`events` (same filter, same order) as plain tuples, streamed
        (dates as ``date_of(stored key)`` when given: see :func:`export_rows`)."""
        return export_rows(self._units, flt or EventFilter(), date_of)

    def audit_log(self, after_id: int | None = None, *, state: bool = True) -> list[AuditRecord]:
        """The audit rows in order; only those after the row ``after_id`` when given; every
        ``state`` "" when ``state`` is false (what a listing shows never needs it)."""
        return self._queries.audit_log(after_id, state)

    def check(
        self, *, verify_file: FileCheck | None = None, database: bool = True, give_way: Any = None
    ) -> list[str]:
        """Every problem (integrity and rows against their audit unless ``database`` is false,
        audit chain, search index, source files): :func:`app.store.checking.checked`."""
        return checked(self._units.read, verify_file, database, give_way)

    # ---- events and citations

    def create_event(
        self, *, event_id: int | None = None, **fields: Unpack[EventFields]
    ) -> ChangeSet:
        """Create an event (with the id ``event_id`` when given); new tag names become tags."""
        return self._events.create(event_id=event_id, **fields)

    def bulk_insert_events(
        self,
        rows: Sequence[dict[str, Any]] | Sequence[Sequence[Any]],
        *,
        columns: Sequence[str] | None = None,
        links: EventLinks | None = None,
    ) -> ChangeSet:
        """Insert event rows (ids included) and their ``links`` at once (:mod:`app.store.bulk`)."""
        return self._bulk.insert_events(rows, columns, links)

    def update_event(self, event_id: int, *, expected_version: int, **fields: Any) -> ChangeSet:
        """Change some of an event's fields (the keywords of :meth:`create_event`)."""
        return self._events.update(event_id, expected_version=expected_version, **fields)

    def delete_event(
        self, event_id: int, *, expected_version: int | None = None, drop_tags: Sequence[int] = ()
    ) -> ChangeSet:
        """Delete an event with its citations and links (all in the audit log).

        ``drop_tags`` names tags to delete as well if no other event uses them (for undoing
        the creation of an event that created new tags on the way)."""
        return self._events.delete(event_id, expected_version=expected_version, drop_tags=drop_tags)

    def save_event(
        self,
        *,
        event_id: int | None,
        expected_version: int | None,
        citations: Sequence[CitationEdit] = (),
        seen_citations: Sequence[int] | None = None,
        **fields: Unpack[EventFields],
    ) -> ChangeSet:
        """An event form's save in one transaction: create the event (``event_id`` None) or
        update it from ``expected_version`` (fields equal to the stored ones untouched), and
        make its citations match ``citations``: others (of ``seen_citations``, if given)
        removed, new ones added after the existing ones in list order, changed ones updated."""
        return self._events.save(
            event_id=event_id,
            expected_version=expected_version,
            citations=citations,
            seen_citations=seen_citations,
            **fields,
        )

    def add_citation(self, **fields: Unpack[CitationFields]) -> ChangeSet:
        """Cite a source for an event, after its other citations."""
        return self._events.add_citation(**fields)

    def update_citation(self, citation_id: int, **fields: Any) -> ChangeSet:
        return self._events.update_citation(citation_id, **fields)

    def remove_citation(self, citation_id: int) -> ChangeSet:
        return self._events.remove_citation(citation_id)

    # ---- sources and stored files

    def sources(self) -> list[SourceRecord]:
        return self._sources.all()

    def source(self, source_id: int) -> SourceRecord:
        return self._sources.get(source_id)

    def create_source(
        self, *, title: str, kind: str = "document", source_id: int | None = None, **fields: Any
    ) -> ChangeSet:
        return self._sources.create(title=title, kind=kind, source_id=source_id, **fields)

    def update_source(self, source_id: int, **fields: Any) -> ChangeSet:
        return self._sources.update(source_id, **fields)

    def delete_source(self, source_id: int) -> ChangeSet:
        return self._sources.delete(source_id)

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
        return self._files.store(
            sha256=sha256, data=data, size=size, media_type=media_type, original_name=original_name
        )

    def unused_files(self) -> list[tuple[str, int, str]]:
        """Stored or registered files no source refers to: (sha256, size, original name)."""
        return self._files.unused()

    def purge_unused_files(self) -> int:
        """Remove (audited, bytes overwritten) every file no source refers to; return how
        many. Undoing the deletion of a source cannot bring a purged file back."""
        return self._files.purge_unused()

    def file_data(self, sha256: str) -> bytes | None:
        return self._files.data(sha256)

    # ---- entities, tags, eras, saved views

    def entities(self) -> list[EntityRecord]:
        return self._names.entities()

    def create_entity(
        self,
        *,
        name: str,
        kind: str = "person",
        description: str = "",
        colour: str = "",
        entity_id: int | None = None,
        pseudonym: str = "",
    ) -> ChangeSet:
        return self._names.create_entity(
            name=name, kind=kind, description=description, colour=colour, entity_id=entity_id,
            pseudonym=pseudonym,
        )  # fmt: skip

    def update_entity(self, entity_id: int, **fields: Any) -> ChangeSet:
        return self._names.update_entity(entity_id, **fields)

    def delete_entity(self, entity_id: int) -> ChangeSet:
        return self._names.delete_entity(entity_id)

    def tags(self) -> list[TagRecord]:
        return self._names.tags()

    def create_tag(
        self, *, name: str, colour: str = "", description: str = "", tag_id: int | None = None
    ) -> ChangeSet:
        return self._names.create_tag(
            name=name, colour=colour, description=description, tag_id=tag_id
        )

    def update_tag(self, tag_id: int, **fields: Any) -> ChangeSet:
        return self._names.update_tag(tag_id, **fields)

    def delete_tag(self, tag_id: int) -> ChangeSet:
        return self._names.delete_tag(tag_id)

    def eras(self) -> list[EraRecord]:
        return self._names.eras()

    def create_era(
        self,
        *,
        name: str,
        start: FuzzyDate,
        end: FuzzyDate,
        colour: str = "",
        era_id: int | None = None,
    ) -> ChangeSet:
        return self._names.create_era(name=name, start=start, end=end, colour=colour, era_id=era_id)

    def update_era(self, era_id: int, **fields: Any) -> ChangeSet:
        return self._names.update_era(era_id, **fields)

    def delete_era(self, era_id: int) -> ChangeSet:
        return self._names.delete_era(era_id)

    def saved_views(self) -> list[SavedViewRecord]:
        return self._names.saved_views()

    def save_view(
        self, *, name: str, flt: EventFilter, pseudonyms: bool | None = None
    ) -> ChangeSet:
        """Save ``flt`` under ``name`` (shown with pseudonyms?), replacing a view of that name."""
        return self._names.save_view(name=name, flt=flt, pseudonyms=pseudonyms)

    def delete_view(self, view_id: int) -> ChangeSet:
        return self._names.delete_view(view_id)

    # ---- snapshots, restores and merges (what undo is built on; see app.store.snapshots)

    def snapshot(self, kind: str, row_id: int) -> EventSnapshot | RowSnapshot:
        """The row of ``kind`` (event, source, citation, entity, tag or era) with all that
        :meth:`restore` and :meth:`replace` need to put it back."""
        return self._snapshots.snapshot(kind, row_id)

    def restore(self, snapshot: EventSnapshot | RowSnapshot) -> ChangeSet:
        """Re-create a deleted row from ``snapshot`` with the same id (and links)."""
        return self._snapshots.restore(snapshot)

    def replace(
        self,
        snapshot: EventSnapshot | RowSnapshot,
        *,
        expected_version: int | None = None,
        drop_tags: Sequence[int] = (),
    ) -> ChangeSet:
        """Put an existing row back to ``snapshot`` (an event: from ``expected_version``,
        with its tags and links but not its citations; ``drop_tags`` as in delete_event)."""
        return self._snapshots.replace(
            snapshot, expected_version=expected_version, drop_tags=drop_tags
        )

    def merge(self, kind: str, keep_id: int, drop_id: int) -> ChangeSet:
        """Move ``drop_id``'s event links to ``keep_id`` and delete ``drop_id`` (two entities
        or two tags); to undo, snapshot both first and call :meth:`unmerge`."""
        return self._names.merge(kind, keep_id, drop_id)

    def unmerge(self, kind: str, *, keep: RowSnapshot, drop: RowSnapshot) -> ChangeSet:
        """Undo :meth:`merge`: re-create the dropped row (same id) with its links and take
        from the kept one the links the merge moved to it."""
        return self._names.unmerge(kind, keep, drop)
