"""Sources: reading them (with the events that cite each) and the named mutations."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import distinct, func, select

from app.domain.records import ChangeSet, SourceRecord
from app.store.errors import NotFoundError, ValidationError
from app.store.tables import citations_t, sources_t
from app.store.values import SOURCE_FIELDS, source_record, source_values

if TYPE_CHECKING:
    from app.store.unit_of_work import UnitsOfWork


class Sources:
    """The case's sources; holds the case's units of work."""

    def __init__(self, units: UnitsOfWork) -> None:
        self._units = units

    def all(self) -> list[SourceRecord]:
        c = citations_t.c
        with self._units.read() as conn:
            citing: dict[int, list[int]] = defaultdict(list)
            for sid, eid in conn.execute(
                select(c.source_id, c.event_id).distinct().order_by(c.source_id, c.event_id)
            ):
                citing[sid].append(eid)
            rows = conn.execute(select(sources_t).order_by(sources_t.c.title, sources_t.c.id))
            return [source_record(r, citing[r.id]) for r in rows]

    def get(self, source_id: int) -> SourceRecord:
        c = citations_t.c
        with self._units.read() as conn:
            r = conn.execute(select(sources_t).where(sources_t.c.id == source_id)).first()
            if r is None:
                raise NotFoundError(f"there is no source {source_id}")
            citing = (
                conn.execute(
                    select(c.event_id)
                    .distinct()
                    .where(c.source_id == source_id)
                    .order_by(c.event_id)
                )
                .scalars()
                .all()
            )
            return source_record(r, citing)

    def create(
        self, *, title: str, kind: str = "document", source_id: int | None = None, **fields: Any
    ) -> ChangeSet:
        values = source_values(title=title, kind=kind, **fields)
        if source_id is not None:
            values["id"] = source_id
        with self._units.write() as w:
            w.insert(sources_t, values, kind="source")
            return w.changes

    def update(self, source_id: int, **fields: Any) -> ChangeSet:
        with self._units.write() as w:
            current = w.conn.execute(select(sources_t).where(sources_t.c.id == source_id)).first()
            if current is None:
                raise NotFoundError(f"there is no source {source_id}")
            merged = {k: current._mapping[k] for k in SOURCE_FIELDS}
            merged.update(fields)
            w.update(sources_t, source_id, source_values(**merged), kind="source")
            return w.changes

    def delete(self, source_id: int) -> ChangeSet:
        with self._units.write() as w:
            n = w.conn.execute(
                select(func.count(distinct(citations_t.c.event_id))).where(
                    citations_t.c.source_id == source_id
                )
            ).scalar_one()
            if n:
                raise ValidationError(
                    f"source {source_id} is cited by {n} event(s); remove those citations first"
                )
            w.delete(sources_t, source_id, kind="source")
            return w.changes
