"""Reading progress in the case: what of each source has been shown in the viewer.

One row per source (``reading_progress``, fingerprinted like stories, so ``check`` names a
row changed behind the program's back). :meth:`Reading.record` adds the places seen in one
audited transaction; it is not an undo step (reading is not an edit), and the change set
names the source, so the sources view shows the new figure. Reach it with :func:`reading_of`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import inspect, select

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
    return ReadingProgress(int(row.source_id), row.unit, int(row.total), seen, row.updated)


class Reading:
    def __init__(self, units: UnitsOfWork) -> None:
        self._units = units

    def all(self) -> dict[int, ReadingProgress]:
        """Every source's progress by source id (none in a case older than schema 7)."""
        with self._units.read() as conn:
            if not inspect(conn).has_table("reading_progress"):
                return {}
            rows = conn.execute(select(reading_t)).all()
        return {int(r.source_id): _record(r) for r in rows}

    def get(self, source_id: int) -> ReadingProgress | None:
        return self.of([source_id]).get(source_id)

    def of(self, source_ids: Iterable[int]) -> dict[int, ReadingProgress]:
        ids = list(source_ids)
        with self._units.read() as conn:
            if not ids or not inspect(conn).has_table("reading_progress"):
                return {}
            rows = conn.execute(select(reading_t).where(reading_t.c.source_id.in_(ids))).all()
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
            alive = set(
                w.conn.execute(select(sources_t.c.id).where(sources_t.c.id.in_(wanted))).scalars()
            )
            rows = {
                int(r.source_id): r
                for r in w.conn.execute(
                    select(reading_t).where(reading_t.c.source_id.in_(wanted))
                ).all()
            }
            for source_id in wanted:
                if source_id not in alive:
                    continue
                unit, total, places = seen[source_id]
                row = rows.get(source_id)
                before = _record(row) if row is not None else ReadingProgress(source_id, unit, 0)
                try:
                    after = before.adding(unit, total, places)
                except ReadingError as error:
                    raise ValidationError(f"source {source_id}: {error}") from None
                if row is not None and after == before:
                    continue
                values = {
                    "unit": after.unit,
                    "total": after.total,
                    "seen": format_ranges(after.seen),
                    "updated": when,
                }
                if row is None:
                    w.insert(reading_t, {"source_id": source_id, **values}, kind="reading")
                else:
                    w.update(reading_t, int(row.id), values, kind="reading")
                w.touch("source", source_id)
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
            w.touch("source", source_id)
            return w.changes
