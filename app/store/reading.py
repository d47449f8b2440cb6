"""Reading progress in the case: what of each source's copy has been shown in the viewer.

One row per source, its id the source's (``reading_progress``, fingerprinted like stories,
so ``check`` names a row changed behind the program's back). It counts for the copy whose
SHA-256 it names: a source whose file is replaced, or a new source given a deleted one's id,
reads as unread. :meth:`Reading.record` adds the places seen in one audited transaction; it
is not an undo step (reading is not an edit); its change set names ``reading`` rows by
source id, so the sources view updates that one cell. Reach it with :func:`reading_of`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, inspect, select

from app.domain.reading import (
    ReadingError,
    ReadingProgress,
    ReadingUnit,
    format_ranges,
    parse_ranges,
)
from app.domain.records import ChangeSet
from app.store.errors import NotFoundError, ValidationError
from app.store.tables import reading_t, sources_t
from app.store.unit_of_work import UnitsOfWork


def reading_of(case: Any) -> Reading:
    """The reading progress of an open :class:`~app.store.case.Case`."""
    return Reading(case._units)  # noqa: SLF001 - the Case's own units of work


def _record(row: Any) -> ReadingProgress:
    try:
        seen = tuple(parse_ranges(row.seen))
    except ReadingError:
        seen = ()  # a row written by hand is shown as unread (``check`` names it)
    return ReadingProgress(
        int(row.source_id), row.unit, int(row.total), seen, row.updated, row.file_sha256
    )


def _of_current_copies(where: Any = None) -> Any:
    """The progress rows whose copy is the source's copy now."""
    query = select(reading_t).join(sources_t, sources_t.c.id == reading_t.c.source_id)
    query = query.where(func.coalesce(sources_t.c.file_sha256, "") == reading_t.c.file_sha256)
    return query if where is None else query.where(where)


class Reading:
    def __init__(self, units: UnitsOfWork) -> None:
        self._units = units

    def all(self) -> dict[int, ReadingProgress]:
        """Every source's progress by source id (none in a case older than schema 7)."""
        with self._units.read() as conn:
            if not inspect(conn).has_table("reading_progress"):
                return {}
            rows = conn.execute(_of_current_copies()).all()
        return {int(r.source_id): _record(r) for r in rows}

    def get(self, source_id: int) -> ReadingProgress | None:
        return self.of([source_id]).get(source_id)

    def of(self, source_ids: Iterable[int]) -> dict[int, ReadingProgress]:
        ids = list(source_ids)
        with self._units.read() as conn:
            if not ids or not inspect(conn).has_table("reading_progress"):
                return {}
            rows = conn.execute(_of_current_copies(reading_t.c.source_id.in_(ids))).all()
        return {int(r.source_id): _record(r) for r in rows}

    def record(
        self, seen: Mapping[int, tuple[ReadingUnit, int, Iterable[int]]], *, when: str = ""
    ) -> ChangeSet:
        """Add the places seen, ``{source_id: (unit, total, places)}``, in one transaction;
        nothing is written for places already recorded. Sources deleted meanwhile are
        skipped; a bad unit or place is a ValidationError and nothing is written."""
        when = when or datetime.now(UTC).isoformat(timespec="seconds")
        with self._units.write() as w:
            wanted = sorted(seen)
            copies = {
                int(r.id): r.file_sha256 or ""
                for r in w.conn.execute(
                    select(sources_t.c.id, sources_t.c.file_sha256).where(
                        sources_t.c.id.in_(wanted)
                    )
                )
            }
            rows = {
                int(r.source_id): r
                for r in w.conn.execute(
                    select(reading_t).where(reading_t.c.source_id.in_(wanted))
                ).all()
            }
            for source_id in wanted:
                if source_id not in copies:
                    continue  # deleted meanwhile
                unit, total, places = seen[source_id]
                row = rows.get(source_id)
                copy = copies[source_id]
                before = ReadingProgress(source_id, unit, total, file_sha256=copy)
                if row is not None and row.file_sha256 == copy:
                    before = _record(row)
                try:
                    after = before.adding(unit, total, places)
                except ReadingError as error:
                    raise ValidationError(f"source {source_id}: {error}") from None
                if row is not None and after == _record(row):
                    continue
                values = {
                    "unit": after.unit,
                    "total": after.total,
                    "file_sha256": copy,
                    "seen": format_ranges(after.seen),
                    "updated": when,
                }
                if row is None:
                    values.update(id=source_id, source_id=source_id)
                    w.insert(reading_t, values, kind="reading")
                else:
                    w.update(reading_t, int(row.id), values, kind="reading")
            return w.changes

    def forget(self, source_id: int) -> ChangeSet:
        """Mark a source unread again (its row is deleted)."""
        with self._units.write() as w:
            row = w.conn.execute(
                select(reading_t.c.id).where(reading_t.c.source_id == source_id)
            ).first()
            if row is None:
                raise NotFoundError(f"source {source_id} has no reading progress")
            w.delete(reading_t, int(row.id), kind="reading")
            return w.changes
