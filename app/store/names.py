"""The named things events point to or are drawn with: entities, tags, eras and saved views
(named filters), merging two entities or two tags (and undoing that); and the case's own
title and day-first setting."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete as sa_delete
from sqlalchemy import insert, select

from app.domain.date_settings import checked_zone
from app.domain.dates import DateError, DateSettings, FuzzyDate
from app.domain.records import (
    ENTITY_KINDS,
    ChangeSet,
    EntityRecord,
    EraRecord,
    EventFilter,
    RowSnapshot,
    SavedViewRecord,
    TagRecord,
)
from app.store.errors import NotFoundError, ValidationError
from app.store.snapshots import add_links, link_values, links_of
from app.store.tables import (
    LINK_TABLES,
    ROW_TABLES,
    entities_t,
    eras_t,
    event_entities_t,
    event_tags_t,
    info_t,
    tags_t,
    views_t,
)
from app.store.values import (
    check_texts,
    choice,
    date_from_columns,
    entity_values,
    era_values,
    named,
)

if TYPE_CHECKING:
    from app.store.unit_of_work import UnitsOfWork


class Names:
    """Entities, tags, eras and saved views; holds the case's units of work."""

    def __init__(self, units: UnitsOfWork) -> None:
        self._units = units

    def _create(
        self, table: Any, values: dict[str, Any], kind: str, row_id: int | None
    ) -> ChangeSet:
        if row_id is not None:
            values["id"] = row_id
        with self._units.write() as w:
            w.insert(table, values, kind=kind)
            return w.changes

    # ---- the case itself

    def case_title(self) -> str:
        with self._units.read() as conn:
            return str(conn.execute(select(info_t.c.title)).scalar_one())

    def case_day_first(self) -> bool:
        with self._units.read() as conn:
            return bool(conn.execute(select(info_t.c.day_first)).scalar_one())

    def date_settings(self) -> DateSettings:
        with self._units.read() as conn:
            row = conn.execute(
                select(info_t.c.day_first, info_t.c.time_zone, info_t.c.southern_hemisphere)
            ).one()
        return DateSettings(bool(row[0]), str(row[1]), bool(row[2]))

    def update_case_info(
        self,
        *,
        title: str | None = None,
        day_first: bool | None = None,
        time_zone: str | None = None,
        southern_hemisphere: bool | None = None,
    ) -> ChangeSet:
        values: dict[str, Any] = {}
        if title is not None:
            if not title.strip():
                raise ValidationError("a case needs a title")
            check_texts(title=title)
            values["title"] = title.strip()
        if day_first is not None:
            values["day_first"] = bool(day_first)
        if time_zone is not None:
            try:
                values["time_zone"] = checked_zone(time_zone)
            except ValueError as exc:
                raise ValidationError(str(exc)) from None
        if southern_hemisphere is not None:
            values["southern_hemisphere"] = bool(southern_hemisphere)
        with self._units.write() as w:
            return w.update(info_t, 1, values, kind="case")

    # ---- entities

    def entities(self) -> list[EntityRecord]:
        with self._units.read() as conn:
            return [
                EntityRecord(r.id, r.name, r.kind, r.description, r.colour, r.pseudonym)
                for r in conn.execute(select(entities_t).order_by(entities_t.c.name))
            ]

    def create_entity(self, *, entity_id: int | None = None, **fields: Any) -> ChangeSet:
        return self._create(entities_t, entity_values(**fields), "entity", entity_id)

    def update_entity(self, entity_id: int, **fields: Any) -> ChangeSet:
        if "name" in fields:
            fields.update(named(fields["name"]))
        if "kind" in fields:
            choice(fields["kind"], ENTITY_KINDS, "entity kind")
        if "pseudonym" in fields:
            fields["pseudonym"] = " ".join(str(fields["pseudonym"] or "").split())
        with self._units.write() as w:
            w.update(entities_t, entity_id, fields, kind="entity")
            return w.changes

    def delete_entity(self, entity_id: int) -> ChangeSet:
        with self._units.write() as w:
            w.delete_linked(entities_t, event_entities_t.c.entity_id, entity_id, kind="entity")
            return w.changes

    # ---- tags

    def tags(self) -> list[TagRecord]:
        with self._units.read() as conn:
            return [
                TagRecord(r.id, r.name, r.colour, r.description)
                for r in conn.execute(select(tags_t).order_by(tags_t.c.name))
            ]

    def create_tag(
        self, *, name: str, colour: str = "", description: str = "", tag_id: int | None = None
    ) -> ChangeSet:
        return self._create(
            tags_t, named(name, colour=colour, description=description), "tag", tag_id
        )

    def update_tag(self, tag_id: int, **fields: Any) -> ChangeSet:
        if "name" in fields:
            fields.update(named(fields["name"]))
        with self._units.write() as w:
            w.update(tags_t, tag_id, fields, kind="tag")
            return w.changes

    def delete_tag(self, tag_id: int) -> ChangeSet:
        with self._units.write() as w:
            w.delete_linked(tags_t, event_tags_t.c.tag_id, tag_id, kind="tag")
            return w.changes

    # ---- eras

    def eras(self) -> list[EraRecord]:
        with self._units.read() as conn:
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
        values = era_values(name=name, start=start, end=end, colour=colour)
        return self._create(eras_t, values, "era", era_id)

    def update_era(self, era_id: int, **fields: Any) -> ChangeSet:
        with self._units.write() as w:
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
            w.update(eras_t, era_id, era_values(**merged), kind="era")
            return w.changes

    def delete_era(self, era_id: int) -> ChangeSet:
        with self._units.write() as w:
            w.delete(eras_t, era_id, kind="era")
            return w.changes

    # ---- saved views (named filters)

    def saved_views(self) -> list[SavedViewRecord]:
        with self._units.read() as conn:
            rows = conn.execute(select(views_t).order_by(views_t.c.name)).all()
        out = []
        for r in rows:
            try:
                flt = EventFilter.from_dict(json.loads(r.filter_json))
            except (ValueError, TypeError, DateError):
                continue  # a damaged view is skipped, never fatal
            out.append(SavedViewRecord(r.id, r.name, flt, bool(r.pseudonyms)))
        return out

    def save_view(
        self, *, name: str, flt: EventFilter, pseudonyms: bool | None = None
    ) -> ChangeSet:
        """Save ``flt`` as ``name``; ``pseudonyms`` None keeps a replaced view's setting."""
        values: dict[str, Any] = {
            **named(name),
            "filter_json": json.dumps(flt.to_dict(), sort_keys=True),
        }
        if pseudonyms is not None:
            values["pseudonyms"] = bool(pseudonyms)
        with self._units.write() as w:
            existing = w.conn.execute(
                select(views_t.c.id).where(views_t.c.name == values["name"])
            ).scalar_one_or_none()
            if existing is None:
                w.insert(views_t, values, kind="view")
            else:
                w.update(views_t, existing, values, kind="view")
            return w.changes

    def delete_view(self, view_id: int) -> ChangeSet:
        with self._units.write() as w:
            w.delete(views_t, view_id, kind="view")
            return w.changes

    # ---- merging entities or tags

    @staticmethod
    def _linked_tables(kind: str) -> tuple[Any, Any, str]:
        if kind not in LINK_TABLES:
            raise ValueError(f"only entities and tags can be merged, not {kind!r}")
        links_t, column = LINK_TABLES[kind]
        return ROW_TABLES[kind], links_t, column

    def merge(self, kind: str, keep_id: int, drop_id: int) -> ChangeSet:
        table, links_t, column = self._linked_tables(kind)
        if keep_id == drop_id:
            raise ValidationError(f"cannot merge {kind} {keep_id} with itself")
        with self._units.write() as w:
            for row_id in (keep_id, drop_id):
                if w.conn.execute(select(table.c.id).where(table.c.id == row_id)).first() is None:
                    raise NotFoundError(f"there is no {kind} {row_id}")
            kept = dict(links_of(w.conn, kind, keep_id))
            dropped = links_of(w.conn, kind, drop_id)
            moved = [(eid, role) for eid, role in dropped if eid not in kept]
            w.conn.execute(sa_delete(links_t).where(getattr(links_t.c, column) == drop_id))
            for eid, role in moved:
                w.conn.execute(insert(links_t).values(link_values(kind, keep_id, eid, role)))
            w.audit.record(
                "merge",
                links_t.name,
                keep_id,
                {"links": [link_values(kind, drop_id, e, r) for e, r in dropped]},
                {"links": [link_values(kind, keep_id, e, r) for e, r in moved]},
            )
            w.delete(table, drop_id, kind=kind, action="merge")
            w.add("update", kind, keep_id)
            for eid, _role in dropped:
                w.add("update", "event", eid)
            return w.changes

    def unmerge(self, kind: str, keep: RowSnapshot, drop: RowSnapshot) -> ChangeSet:
        table, links_t, column = self._linked_tables(kind)
        if keep.kind != kind or drop.kind != kind:
            raise ValueError(f"unmerging {kind}s needs two {kind} snapshots")
        with self._units.write() as w:
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
                {"links": [link_values(kind, keep.id, e, r) for e, r in moved]},
                None,
            )
            w.insert(table, dict(drop.row), kind=kind, action="unmerge")
            add_links(w, kind, drop.id, drop.links, action="unmerge")
            w.add("update", kind, keep.id)
            return w.changes
