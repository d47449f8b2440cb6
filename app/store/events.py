"""Mutations of events and their citations, including an event form's whole save.

Each is one write transaction (see :mod:`app.store.unit_of_work`). Events carry a version
counter: an update or delete that names a stale version fails with
:class:`~app.store.errors.ConflictError` instead of overwriting someone else's change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select

from app.domain.dates import FuzzyDate
from app.domain.records import ChangeSet, CitationEdit
from app.store.errors import ConflictError, NotFoundError
from app.store.queries import load_events
from app.store.tables import (
    citations_t,
    event_entities_t,
    event_tags_t,
    events_t,
    tags_t,
)
from app.store.values import EVENT_FIELDS, citation_values, date_from_columns, event_values

if TYPE_CHECKING:
    from app.store.unit_of_work import UnitsOfWork, Writer


def current_event(conn: Connection, event_id: int, expected_version: int | None) -> Any:
    """The stored row of the event; :class:`ConflictError` when it is not at
    ``expected_version`` (None accepts any version)."""
    current = conn.execute(select(events_t).where(events_t.c.id == event_id)).first()
    if current is None:
        raise NotFoundError(f"there is no event {event_id}")
    if expected_version is not None and current.version != expected_version:
        raise ConflictError("event", event_id, expected_version, load_events(conn, [event_id])[0])
    return current


def _next_position(conn: Connection, event_id: int) -> int:
    stmt = select(func.coalesce(func.max(citations_t.c.position) + 1, 0)).where(
        citations_t.c.event_id == event_id
    )
    return int(conn.execute(stmt).scalar_one())


def _tag_names(conn: Connection, event_id: int) -> set[str]:
    return set(
        conn.execute(
            select(tags_t.c.name)
            .join(event_tags_t, event_tags_t.c.tag_id == tags_t.c.id)
            .where(event_tags_t.c.event_id == event_id)
        ).scalars()
    )


def _entity_links(conn: Connection, event_id: int) -> dict[int, str]:
    rows = conn.execute(
        select(event_entities_t.c.entity_id, event_entities_t.c.role).where(
            event_entities_t.c.event_id == event_id
        )
    )
    return {int(eid): role for eid, role in rows}


class Events:
    """Creates, changes and deletes events and citations; holds the case's units of work."""

    def __init__(self, units: UnitsOfWork) -> None:
        self._units = units

    def create(
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
        privileged_note: str = "",
    ) -> ChangeSet:
        values = event_values(
            title=title,
            description=description,
            start=start,
            end=end,
            status=status,
            key_fact=key_fact,
            lane=lane,
            privileged_note=privileged_note,
        )
        if event_id is not None:
            values["id"] = event_id
        with self._units.write() as w:
            new_id = w.insert(events_t, values, kind="event")
            w.set_event_tags(new_id, tags)
            w.set_event_entities(new_id, entities)
            return w.changes

    def update(self, event_id: int, *, expected_version: int, **fields: Any) -> ChangeSet:
        allowed = {*EVENT_FIELDS, "tags", "entities"}
        unknown = set(fields) - allowed
        if unknown:
            raise TypeError(f"update_event got unknown fields: {', '.join(sorted(unknown))}")
        with self._units.write() as w:
            current = current_event(w.conn, event_id, expected_version)
            merged = {
                "title": current.title,
                "description": current.description,
                "start": date_from_columns(current, "start"),
                "end": date_from_columns(current, "end"),
                "status": current.status,
                "key_fact": bool(current.key_fact),
                "lane": current.lane,
                "privileged_note": current.privileged_note,
            }
            merged.update({k: v for k, v in fields.items() if k in merged})
            values = event_values(**merged)
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

    def delete(
        self,
        event_id: int,
        *,
        expected_version: int | None = None,
        drop_tags: Sequence[int] = (),
    ) -> ChangeSet:
        with self._units.write() as w:
            current_event(w.conn, event_id, expected_version)
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

    def save(
        self,
        *,
        event_id: int | None,
        expected_version: int | None,
        title: str,
        description: str = "",
        start: FuzzyDate | None = None,
        end: FuzzyDate | None = None,
        status: str = "alleged",
        key_fact: bool = False,
        lane: str | None = None,
        tags: Sequence[str] = (),
        entities: Sequence[tuple[int, str]] = (),
        citations: Sequence[CitationEdit] = (),
        seen_citations: Sequence[int] | None = None,
        privileged_note: str = "",
    ) -> ChangeSet:
        """An event form's save: the event's fields, tags and entity links, and its citations
        made to match ``citations``, in one transaction (all of it or none).

        ``seen_citations``, when given, are the event's citations the list was made from:
        only those of them missing from the list are removed (one added elsewhere meanwhile
        stays) and each must still exist, else :class:`NotFoundError`."""
        values = event_values(
            title=title,
            description=description,
            start=start,
            end=end,
            status=status,
            key_fact=key_fact,
            lane=lane,
            privileged_note=privileged_note,
        )
        if event_id is not None and expected_version is None:
            raise TypeError("saving an existing event needs its expected_version")
        with self._units.write() as w:
            if event_id is None:
                event_id = w.insert(events_t, values, kind="event")
                w.set_event_tags(event_id, tags)
                w.set_event_entities(event_id, entities)
            else:
                assert expected_version is not None
                self._save_fields(w, event_id, expected_version, values, tags, entities)
            self._save_citations(w, event_id, citations, seen_citations)
            return w.changes

    @staticmethod
    def _save_fields(
        w: Writer,
        event_id: int,
        expected_version: int,
        values: dict[str, Any],
        tags: Sequence[str],
        entities: Sequence[tuple[int, str]],
    ) -> None:
        current = current_event(w.conn, event_id, expected_version)
        changed = {k: v for k, v in values.items() if current._mapping[k] != v}
        wanted_tags = {" ".join(str(t).split()) for t in tags} - {""}
        wanted_links = {int(eid): role or "" for eid, role in entities}
        relink = (
            _tag_names(w.conn, event_id) != wanted_tags
            or _entity_links(w.conn, event_id) != wanted_links
        )
        if not changed and not relink:
            return
        changed["version"] = expected_version + 1
        w.update(
            events_t,
            event_id,
            changed,
            kind="event",
            guard=events_t.c.version == expected_version,
        )
        w.set_event_tags(event_id, tags)
        w.set_event_entities(event_id, entities)

    @staticmethod
    def _save_citations(
        w: Writer, event_id: int, citations: Sequence[CitationEdit], seen: Sequence[int] | None
    ) -> None:
        stored = {
            r.id: r
            for r in w.conn.execute(select(citations_t).where(citations_t.c.event_id == event_id))
        }
        kept = {c.citation_id for c in citations if c.citation_id is not None}
        for cid in sorted(stored) if seen is None else seen:
            if cid not in kept:
                if cid not in stored:
                    raise NotFoundError(f"there is no citation {cid}")
                w.delete(citations_t, cid, kind="citation")
        for c in citations:
            values = citation_values(
                pinpoint=c.pinpoint,
                quote=c.quote,
                stance=c.stance,
                privileged_note=c.privileged_note,
            )
            values["source_id"] = c.source_id
            if c.citation_id is None:
                values.update(event_id=event_id, position=_next_position(w.conn, event_id))
                w.insert(citations_t, values, kind="citation")
                continue
            before = stored.get(c.citation_id)
            if before is None:
                raise NotFoundError(f"there is no citation {c.citation_id} of event {event_id}")
            changed = {k: v for k, v in values.items() if before._mapping[k] != v}
            if changed:
                w.update(citations_t, c.citation_id, changed, kind="citation")

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
        privileged_note: str = "",
    ) -> ChangeSet:
        values = citation_values(
            pinpoint=pinpoint, quote=quote, stance=stance, privileged_note=privileged_note
        )
        values.update(event_id=event_id, source_id=source_id)
        if citation_id is not None:
            values["id"] = citation_id
        with self._units.write() as w:
            values["position"] = _next_position(w.conn, event_id)
            w.insert(citations_t, values, kind="citation")
            return w.changes

    def update_citation(self, citation_id: int, **fields: Any) -> ChangeSet:
        with self._units.write() as w:
            current = w.conn.execute(
                select(citations_t).where(citations_t.c.id == citation_id)
            ).first()
            if current is None:
                raise NotFoundError(f"there is no citation {citation_id}")
            keys = ("pinpoint", "quote", "stance", "privileged_note")
            merged = {k: current._mapping[k] for k in keys}
            merged.update(fields)
            w.update(citations_t, citation_id, citation_values(**merged), kind="citation")
            w.touch("event", current.event_id)
            return w.changes

    def remove_citation(self, citation_id: int) -> ChangeSet:
        with self._units.write() as w:
            w.delete(citations_t, citation_id, kind="citation")
            return w.changes
