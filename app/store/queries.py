"""Reads of events for views: filters, records, the timeline's columns (all of them, or just
some events' rows), lane groups, statistics and the audit log. Everything here is SQLAlchemy
Core; the driver's cursor (for plain tuples) and full-text search come from
:mod:`app.store.sqlite`. A read restricted to some event ids binds them in chunks, so it
costs in proportion to those ids, never a scan of the whole case."""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import Connection, Select, case, func, or_, select

from app.domain.columns import (
    FLAG_AMBIGUOUS,
    FLAG_CONTRADICTED,
    FLAG_KEY,
    FLAG_OPEN_END,
    FLAG_OPEN_START,
    FLAG_SPAN,
    FLAG_UNSOURCED,
    PRECISION_CODES,
    QUALIFIER_CODES,
    STATUS_CODES,
    EventColumns,
    build_event_columns,
)
from app.domain.instants import from_seconds, to_seconds
from app.domain.known_bounds import OPEN_END_QUALIFIERS, OPEN_START_QUALIFIERS, span_of_groups
from app.domain.records import (
    AuditRecord,
    CaseStats,
    CitationRecord,
    EntityLink,
    EventFilter,
    EventRecord,
)
from app.domain.standing import StanceCounts
from app.store.audit import listed_audit_rows
from app.store.dialect import fetch_tuples, schema_version, search_event_ids, search_id_array
from app.store.postgresql import event_rows
from app.store.standing import (
    add_citation_flags,
    has_stance,
    stance_counts,
    standing_totals,
    standings_clause,
    warning_clause,
)
from app.store.tables import (
    citations_t,
    entities_t,
    eras_t,
    event_entities_t,
    event_tags_t,
    events_t,
    info_t,
    sources_t,
    tags_t,
)
from app.store.values import date_from_columns

if TYPE_CHECKING:
    from app.store.unit_of_work import UnitsOfWork

e = events_t.c

_CITATION = tuple(f.name for f in dataclasses.fields(CitationRecord))  # as load_events reads
# Case.timeline_rows: (dated rows, undated rows) in the shape build_event_columns takes
TimelineRows = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]

# the order of Case.events: by start (a "before" date by its latest instant), undated last
EVENT_ORDER = (
    e.start_earliest.is_(None),
    case((e.start_qualifier == "before", e.start_latest), else_=e.start_earliest),
    e.start_latest,
    e.start_earliest,
    e.id,
)


CHUNK = 500


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


def _same_name(column: Any, name: str) -> Any:
    return func.lower(column) == func.lower(name)


def _linked(link_event: Any, stmt: Select[Any], per_event: bool) -> Any:
    """``events.id`` among the event ids of ``stmt`` (a join from a link table): one set for
    the whole case, or, ``per_event``, a lookup by each event's id (for a few events)."""
    if per_event:
        return stmt.where(link_event == e.id).exists()
    return e.id.in_(stmt)


def filter_clauses(flt: EventFilter, *, per_event: bool = False) -> list[Any]:
    """The conditions on ``events`` that keep what ``flt`` keeps, but for its ``search``
    text (matched against the full-text index). ``per_event`` for a few events (see
    :func:`_linked`)."""
    where: list[Any] = []
    if flt.statuses:
        where.append(e.status.in_(flt.statuses))
    for tag in flt.tags:
        tagged = event_tags_t.c.event_id
        stmt = (
            select(tagged)
            .join(tags_t, tags_t.c.id == event_tags_t.c.tag_id)
            .where(_same_name(tags_t.c.name, tag))
        )
        where.append(_linked(tagged, stmt, per_event))
    for entity in flt.entities:
        named = event_entities_t.c.event_id
        stmt = (
            select(named)
            .join(entities_t, entities_t.c.id == event_entities_t.c.entity_id)
            .where(_same_name(entities_t.c.name, entity))
        )
        where.append(_linked(named, stmt, per_event))
    if flt.source_kinds:
        cited = citations_t.c.event_id
        stmt = (
            select(cited)
            .join(sources_t, sources_t.c.id == citations_t.c.source_id)
            .where(sources_t.c.kind.in_(flt.source_kinds))
        )
        where.append(_linked(cited, stmt, per_event))
    if flt.key_only:
        where.append(e.key_fact.is_(True))
    if flt.unsourced_only:
        where.append(~has_stance("supports"))
    if flt.standings:
        where.append(standings_clause(flt.standings))
    if flt.warnings_only:
        where.append(warning_clause())
    # an open side ("before", "after") reaches any date, whatever bound an older case stored
    if flt.date_from is not None:
        open_end = func.coalesce(e.end_qualifier, e.start_qualifier).in_(OPEN_END_QUALIFIERS)
        later = func.coalesce(e.end_latest, e.start_latest) > to_seconds(flt.date_from.earliest)
        where.append(or_(open_end, later))
    if flt.date_to is not None:
        open_start = e.start_qualifier.in_(OPEN_START_QUALIFIERS)
        where.append(or_(open_start, e.start_earliest < to_seconds(flt.date_to.latest)))
    return where


def filtered_ids(
    conn: Connection, flt: EventFilter, among: Sequence[int] | None = None
) -> list[int]:
    """Ids of the events ``flt`` keeps (only among ``among`` when given), in event order."""
    where = filter_clauses(flt, per_event=among is not None)
    if among is None:
        ids = [int(i) for i in conn.scalars(select(e.id).where(*where).order_by(*EVENT_ORDER))]
    else:
        keyed: list[tuple[Any, ...]] = []
        for chunk in chunks(sorted(set(among))):
            stmt = select(*EVENT_ORDER).where(*where, e.id.in_(chunk))
            keyed += [tuple(0 if v is None else v for v in r) for r in conn.execute(stmt)]
        ids = [int(k[-1]) for k in sorted(keyed)]
    if flt.search.strip():
        matched = set(search_id_array(conn, flt.search, among).tolist())
        ids = [i for i in ids if i in matched]
    return ids


def load_events(conn: Connection, ids: Sequence[int]) -> list[EventRecord]:
    """The events with these ids as records, in the order given (missing ids skipped)."""
    if not ids:
        return []
    rows: dict[int, Any] = {}
    tags: dict[int, list[str]] = defaultdict(list)
    links: dict[int, list[EntityLink]] = defaultdict(list)
    cites: dict[int, list[CitationRecord]] = defaultdict(list)
    if conn.dialect.name == "postgresql":  # one round trip: app.store.postgresql.event_rows
        rows, tags, links, cites = event_rows.read(conn, ids)
    for chunk in chunks(ids) if conn.dialect.name != "postgresql" else ():
        for row in conn.execute(select(events_t).where(e.id.in_(chunk))):
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
            cites[c.event_id].append(CitationRecord(*(c._mapping[f] for f in _CITATION)))
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
                privileged_note=r.privileged_note,
            )
        )
    return out


def _codes(column: Any, mapping: dict[str, int]) -> Any:
    return case(mapping, value=column, else_=0)


def _open_and_span_flags() -> Any:
    """FLAG_SPAN, FLAG_OPEN_START and FLAG_OPEN_END of each event (the rule is
    :func:`app.domain.known_bounds.open_flags`)."""
    last_qualifier = func.coalesce(e.end_qualifier, e.start_qualifier)
    return (
        case((e.end_latest.is_not(None), FLAG_SPAN), else_=0)
        + case((e.start_qualifier.in_(OPEN_START_QUALIFIERS), FLAG_OPEN_START), else_=0)
        + case((last_qualifier.in_(OPEN_END_QUALIFIERS), FLAG_OPEN_END), else_=0)
    )


def _bounds() -> tuple[Any, Any, Any, Any]:
    """The timeline's start_lo, start_hi, end_lo and end_hi of each event."""
    return (
        e.start_earliest,
        e.start_latest,
        func.coalesce(e.end_earliest, e.start_latest),
        func.coalesce(e.end_latest, e.start_latest),
    )


@functools.cache  # built once: a statement is immutable, and building it takes milliseconds
def timeline_select(*, cited: bool = True) -> Select[Any]:
    """The one query behind the timeline's rows: ``(id, start_lo, start_hi, end_lo, end_hi,
    precision_code, qualifier_code, status_code, flags, title)`` of every event.

    ``cited=False`` leaves the citation bits (``FLAG_UNSOURCED``, ``FLAG_CONTRADICTED``) out
    of the flags, for a whole-case read that adds them from one grouped query
    (:func:`~app.store.standing.add_citation_flags`) instead of two lookups per event."""
    flags = (
        case((e.key_fact.is_(True), FLAG_KEY), else_=0)
        + _open_and_span_flags()
        + case(
            (or_(e.start_ambiguous.is_(True), e.end_ambiguous.is_(True)), FLAG_AMBIGUOUS), else_=0
        )
    )
    if cited:
        flags = (
            flags
            + case((has_stance("supports"), 0), else_=FLAG_UNSOURCED)
            + case((has_stance("contradicts"), FLAG_CONTRADICTED), else_=0)
        )
    return select(
        e.id,
        *_bounds(),
        _codes(e.start_precision, PRECISION_CODES),
        _codes(e.start_qualifier, QUALIFIER_CODES),
        _codes(e.status, STATUS_CODES),
        flags,
        e.title,
    )


_GROUPS: dict[str, Callable[[], Select[Any]]] = {
    "tag": lambda: select(event_tags_t.c.event_id, tags_t.c.name).join(
        tags_t, tags_t.c.id == event_tags_t.c.tag_id
    ),
    "entity": lambda: select(event_entities_t.c.event_id, entities_t.c.name).join(
        entities_t, entities_t.c.id == event_entities_t.c.entity_id
    ),
    "status": lambda: select(e.id, e.status),
    "source": lambda: select(citations_t.c.event_id, sources_t.c.title).join(
        sources_t, sources_t.c.id == citations_t.c.source_id
    ),
}


def _known_span(conn: Connection) -> tuple[int, int] | None:
    """The case span counting only known bounds (an open side of "before" or "after" dates
    never stretches it): one pass grouping the events by their open and span bits."""
    group = _open_and_span_flags()
    bounds = _bounds()
    stmt = (
        select(group, *(func.min(b) for b in bounds), *(func.max(b) for b in bounds))
        .where(e.start_earliest.is_not(None))
        .group_by(group)
    )
    rows = [tuple(int(v) for v in r) for r in conn.execute(stmt)]
    return span_of_groups((r[0], r[1:5], r[5:9]) for r in rows)  # type: ignore[misc]


class Queries:
    """The named reads of events; holds the case's units of work."""

    def __init__(self, units: UnitsOfWork) -> None:
        self._units = units

    def events(self, flt: EventFilter) -> list[EventRecord]:
        with self._units.read() as conn:
            return load_events(conn, filtered_ids(conn, flt))

    def event_ids(self, flt: EventFilter, among: Sequence[int] | None) -> list[int]:
        with self._units.read() as conn:
            return filtered_ids(conn, flt, among)

    def events_by_ids(self, ids: Sequence[int]) -> list[EventRecord]:
        with self._units.read() as conn:
            return load_events(conn, list(ids))

    def search(self, text: str, limit: int | None, among: Sequence[int] | None) -> list[int]:
        with self._units.read() as conn:
            return search_event_ids(conn, text, limit=limit, among=among)

    def search_ids(self, text: str, among: Sequence[int] | None = None) -> np.ndarray:
        """Every event :meth:`search` finds, unranked, as a sorted int64 array."""
        with self._units.read() as conn:
            return search_id_array(conn, text, among)

    def timeline_columns(self) -> EventColumns:
        stmt = timeline_select(cited=False)
        with self._units.read() as conn:
            dated = fetch_tuples(
                conn, stmt.where(e.start_earliest.is_not(None)).order_by(e.start_earliest, e.id)
            )
            undated = fetch_tuples(conn, stmt.where(e.start_earliest.is_(None)).order_by(e.id))
            cols = build_event_columns(dated, undated)
            add_citation_flags(conn, cols)
        return cols

    def timeline_rows(self, ids: Sequence[int]) -> TimelineRows:
        stmt = timeline_select()
        dated: list[tuple[Any, ...]] = []
        undated: list[tuple[Any, ...]] = []
        ids = sorted(set(ids))
        with self._units.read() as conn, event_rows.on_its_own(conn, len(ids) <= CHUNK):
            for chunk in chunks(ids):
                # a few rows: SQLAlchemy's cached statement beats compiling it for the cursor
                rows = [tuple(r) for r in conn.execute(stmt.where(e.id.in_(chunk)))]
                dated += [r for r in rows if r[1] is not None]
                undated += [r for r in rows if r[1] is None]
        dated.sort(key=lambda r: (r[1], r[0]))
        undated.sort(key=lambda r: r[0])
        return dated, undated

    def stance_counts(self, ids: Sequence[int] | None) -> dict[int, StanceCounts]:
        with self._units.read() as conn:
            return stance_counts(conn, ids)

    def order_keys(self, ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
        """Each event's place in the event order (:data:`EVENT_ORDER`), as the tuple that
        order sorts by: ``(0, first, latest, earliest, id)``, ``(1, 0, 0, 0, id)`` undated."""
        keys: dict[int, tuple[int, ...]] = {}
        with self._units.read() as conn:
            for chunk in chunks(sorted(set(ids))):
                for row in conn.execute(select(*EVENT_ORDER).where(e.id.in_(chunk))):
                    key = tuple(0 if v is None else int(v) for v in row)
                    keys[key[-1]] = key
        return keys

    def event_groups(self, by: str, ids: Sequence[int] | None) -> dict[int, tuple[str, ...]]:
        if by not in _GROUPS:
            raise ValueError(f"cannot group by {by!r}; choose one of {', '.join(_GROUPS)}")
        stmt = _GROUPS[by]()
        event_column = stmt.selected_columns[0]
        with self._units.read() as conn:
            if ids is None:
                rows = [tuple(r) for r in conn.execute(stmt.order_by(stmt.selected_columns[1]))]
            else:
                rows = []
                for chunk in chunks(sorted(set(ids))):
                    rows += [tuple(r) for r in conn.execute(stmt.where(event_column.in_(chunk)))]
                rows.sort(key=lambda r: r[1])
        groups: dict[int, list[str]] = defaultdict(list)
        for eid, name in rows:
            if name not in groups[eid]:
                groups[eid].append(name)
        return {k: tuple(v) for k, v in groups.items()}

    def stats(self) -> CaseStats:
        with self._units.read() as conn:
            info = conn.execute(select(info_t)).one()

            def count(table: Any, *where: Any) -> int:
                stmt = select(func.count()).select_from(table).where(*where)
                return int(conn.execute(stmt).scalar_one())

            standings, warnings = standing_totals(conn)
            first, last = _known_span(conn) or (None, None)
            return CaseStats(
                title=info.title,
                events=count(events_t),
                sources=count(sources_t),
                citations=count(citations_t),
                entities=count(entities_t),
                tags=count(tags_t),
                eras=count(eras_t),
                undated=count(events_t, e.start_text.is_(None)),
                unsourced=standings["contradicted"] + standings["unsupported"],
                first=None if first is None else from_seconds(first).isoformat(timespec="seconds"),
                last=None if last is None else from_seconds(last).isoformat(timespec="seconds"),
                schema_version=schema_version(conn),
                day_first=bool(info.day_first),
                standings=standings,
                warnings=warnings,
            )

    def audit_log(self, after_id: int | None, state: bool = True) -> list[AuditRecord]:
        with self._units.read() as conn:
            return [AuditRecord(*r[:11]) for r in listed_audit_rows(conn, after_id, state=state)]
