"""The case's tables as SQLAlchemy Core ``Table`` handles (from the models in
:mod:`app.store.schema`, which Alembic compares its revisions with), and which table holds
each kind of row."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table

from app.store.schema import (
    AuditEntry,
    CaseInfo,
    Citation,
    Entity,
    Era,
    Event,
    EventEntity,
    EventTag,
    ReadingRow,
    SavedView,
    Source,
    SourceFile,
    Story,
    Tag,
)

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
stories_t = cast(Table, Story.__table__)
reading_t = cast(Table, ReadingRow.__table__)
audit_t = cast(Table, AuditEntry.__table__)

# kind -> its table, for every kind of row that can be snapshotted and restored
ROW_TABLES: dict[str, Table] = {
    "event": events_t,
    "source": sources_t,
    "citation": citations_t,
    "entity": entities_t,
    "tag": tags_t,
    "era": eras_t,
}
# kind -> (its event link table, that table's column naming it)
LINK_TABLES: dict[str, tuple[Table, str]] = {
    "entity": (event_entities_t, "entity_id"),
    "tag": (event_tags_t, "tag_id"),
}
