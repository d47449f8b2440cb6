"""Checked events ready to write, and the one writer every events import uses.

A format's checker turns each good row into a plan row, a plain tuple of the fields of
:class:`PlannedEvent` (CSV's :func:`app.interchange.csv_import.check_csv`), or into a
:class:`PlannedEvent` (TimelineJS's plan); :func:`write_rows` (:func:`write_events` for
PlannedEvent values) then writes them all in one batch of the case, or, for a dry run, only
fills in the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from app.domain.dates import FuzzyDate
from app.domain.records import CitationEdit
from app.interchange.import_outcome import ImportReport
from app.interchange.plan_columns import event_rows
from app.store.bulk import EVENT_COLUMNS
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


# A planned event as a plain tuple (what a checker makes for each good row): the fields of
# PlannedEvent in its order, citations as (source id, pinpoint, stance, quote) tuples.
PLAN_FIELDS = (
    "row", "title", "description", "start", "end", "status", "key_fact", "lane", "event_id",
    "tags", "entities", "citations",
)  # fmt: skip
PlanRow = tuple[Any, ...]


def as_row(ev: PlannedEvent) -> PlanRow:
    """``ev`` as a plan row."""
    return (
        ev.row, ev.title, ev.description, ev.start, ev.end, ev.status, ev.key_fact, ev.lane,
        ev.event_id, ev.tags, ev.entities,
        tuple((c.source_id, c.pinpoint, c.stance, c.quote) for c in ev.citations),
    )  # fmt: skip


def planned_event(row: PlanRow) -> PlannedEvent:
    """A plan row as a :class:`PlannedEvent`."""
    return PlannedEvent(*row[:11], citations=tuple(PlannedCitation(*c) for c in row[11]))


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
    """:func:`write_rows` for :class:`PlannedEvent` values."""
    rows = [as_row(ev) for ev in events]
    write_rows(
        case,
        rows,
        report,
        keep_ids=keep_ids,
        existing_ids=existing_ids,
        before_events=before_events,
        merge=merge,
    )


def write_rows(
    case: Case,
    rows: Sequence[PlanRow],
    report: ImportReport,
    *,
    keep_ids: bool,
    existing_ids: set[int],
    before_events: Any = None,
    merge: bool = False,
) -> None:
    """Write checked events, given as plan rows (one batch, unless ``report.dry_run``).

    New events go in with one ``bulk_insert_events``, with their tags, entity links and
    citations (set operations, no per-row writes; see :mod:`app.interchange.plan_columns`).
    ``before_events``, if given, is called inside the batch first (for a format's sources,
    eras, title ...). With ``merge`` (and ``keep_ids``) an event whose id the case already
    has is updated to the row: its fields, tags, entities and citations (matching ones kept,
    others removed).
    """
    given = list(map(itemgetter(8), rows)) if keep_ids else [None] * len(rows)
    updates = set(given) & existing_ids if merge and keep_ids else set()
    report.updated = sorted(updates)
    report.renumbered = not keep_ids
    next_id = max(max(existing_ids, default=0), max(filter(None, given), default=0)) + 1
    if None in given:
        ids = []
        for eid in given:
            if eid is None:
                eid, next_id = next_id, next_id + 1
            ids.append(eid)
    else:
        ids = given
    report.events = list(ids)
    report.citations = sum(map(len, map(itemgetter(11), rows)))
    known_tags = {t.name for t in case.tags()}
    tag_groups = dict.fromkeys(map(itemgetter(9), rows))
    report.tags = sorted({t for group in tag_groups for t in group} - known_tags)
    entity_ids = {e.name.casefold(): e.id for e in case.entities()}
    new_entities = list(
        dict.fromkeys(
            name
            for group in dict.fromkeys(map(itemgetter(10), rows))
            for name, _ in group
            if name.casefold() not in entity_ids
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
        if updates:
            for row, eid in zip(rows, ids, strict=True):
                if eid in updates:
                    _update(case, planned_event(row), eid, entity_ids)
            kept = [(r, i) for r, i in zip(rows, ids, strict=True) if i not in updates]
            rows, ids = [r for r, _ in kept], [i for _, i in kept]
        if rows:
            values, links = event_rows(rows, ids, entity_ids)
            case.bulk_insert_events(values, columns=EVENT_COLUMNS, links=links)
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
