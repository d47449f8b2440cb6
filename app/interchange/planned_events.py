"""Checked events ready to write, and the one writer every events import uses.

A format's checker (CSV's :func:`app.interchange.csv_import.check_csv`, TimelineJS's plan)
turns each good row into a :class:`PlannedEvent`; :func:`write_events` then writes them all
in one batch of the case, or, for a dry run, only fills in the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.dates import FuzzyDate
from app.domain.records import CitationEdit
from app.interchange.import_outcome import ImportReport
from app.store.bulk import EventRows
from app.store.case import Case


@dataclass(frozen=True)
class PlannedCitation:
    source_id: int
    pinpoint: str = ""
    stance: str = "supports"
    quote: str = ""


@dataclass(frozen=True)
class PlannedEvent:
    """One good row, ready to write."""

    row: int
    title: str
    description: str = ""
    start: FuzzyDate | None = None
    end: FuzzyDate | None = None
    status: str = "alleged"
    key_fact: bool = False
    lane: str | None = None
    event_id: int | None = None
    tags: tuple[str, ...] = ()
    entities: tuple[tuple[str, str], ...] = ()
    citations: tuple[PlannedCitation, ...] = ()


def write_events(
    case: Case,
    events: Sequence[PlannedEvent],
    report: ImportReport,
    *,
    keep_ids: bool,
    existing_ids: set[int],
    before_events: Any = None,
    merge: bool = False,
) -> None:
    """Write checked events (one batch, unless ``report.dry_run``).

    New events go in with one ``bulk_insert_events``, with their tags, entity links and
    citations (set operations, no per-row writes). ``before_events``, if
    given, is called inside the batch first (for a format's sources, eras, title ...).
    With ``merge`` (and ``keep_ids``) an event whose id the case already has is updated to
    the row: its fields, tags, entities and citations (matching ones kept, others removed).
    """
    updates = {
        ev.event_id
        for ev in events
        if merge and keep_ids and ev.event_id is not None and ev.event_id in existing_ids
    }
    report.updated = sorted(i for i in updates if i is not None)
    report.renumbered = not keep_ids
    taken = set(existing_ids)
    wanted = {ev.event_id for ev in events if keep_ids and ev.event_id is not None}
    next_id = max(taken | wanted | {0}) + 1
    ids: list[int] = []
    for ev in events:
        if keep_ids and ev.event_id is not None:
            ids.append(ev.event_id)
        else:
            ids.append(next_id)
            next_id += 1
    report.events = list(ids)
    report.citations = sum(len(ev.citations) for ev in events)
    known_tags = {t.name for t in case.tags()}
    report.tags = sorted({t for ev in events for t in ev.tags} - known_tags)
    entity_ids = {e.name.casefold(): e.id for e in case.entities()}
    new_entities = list(
        dict.fromkeys(
            name for ev in events for name, _ in ev.entities if name.casefold() not in entity_ids
        )
    )
    if report.dry_run:
        if before_events is not None:
            before_events(None)
        return
    with case.batch() as batch:
        if before_events is not None:
            before_events(case)
        for name in new_entities:
            if name.casefold() not in entity_ids:
                eid = case.create_entity(name=name, kind="other").created("entity")
                entity_ids[name.casefold()] = eid
                report.entities.append(eid)
        plain = EventRows()
        for ev, eid in zip(events, ids, strict=True):
            if eid in updates:
                _update(case, ev, eid, entity_ids)
                continue
            plain.add(
                event_id=eid,
                citations=[(c.source_id, c.pinpoint, c.quote, c.stance) for c in ev.citations],
                **_fields(ev, entity_ids),
            )
        case.bulk_insert_events(plain.rows, columns=plain.columns, links=plain.links)
    report.changes = batch.changes


def _update(case: Case, ev: PlannedEvent, event_id: int, entity_ids: dict[str, int]) -> None:
    """Make stored event ``event_id`` what the row says (a merge by id)."""
    stored = case.event(event_id)
    have = {(c.source_id, c.pinpoint, c.quote, c.stance): c.id for c in stored.citations}
    citations = [
        CitationEdit(
            have.pop((c.source_id, c.pinpoint, c.quote, c.stance), None),
            c.source_id,
            c.pinpoint,
            c.quote,
            c.stance,
        )
        for c in ev.citations
    ]
    case.save_event(
        event_id=event_id,
        expected_version=stored.version,
        citations=citations,
        **_fields(ev, entity_ids),
    )


def _fields(ev: PlannedEvent, entity_ids: dict[str, int]) -> dict[str, Any]:
    """The row's event fields as the store takes them (entities by id)."""
    return {
        "title": ev.title,
        "description": ev.description,
        "start": ev.start,
        "end": ev.end,
        "status": ev.status,
        "key_fact": ev.key_fact,
        "lane": ev.lane,
        "tags": ev.tags,
        "entities": [(entity_ids[n.casefold()], role) for n, role in ev.entities],
    }
