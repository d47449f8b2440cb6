"""Standing in SQL: the conditions on ``events`` for each standing and for a status the
citations do not bear out, and the grouped count of every event's stances.

The rules are :mod:`app.domain.standing`'s; here they are only spelled as SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import Connection, and_, case, exists, false, func, or_, select

from app.domain.columns import EventColumns, mark_citations
from app.domain.standing import STANDINGS, WARNING_RULES, StanceCounts, standing_of, warns
from app.store.dialect import fetch_tuples
from app.store.tables import citations_t, events_t

e = events_t.c
c = citations_t.c


def has_stance(stance: str) -> Any:
    """The event (``events.id``) has a citation with this stance."""
    return exists().where(c.event_id == e.id, c.stance == stance)


def standing_clause(standing: str) -> Any:
    """The events whose citations give ``standing``."""
    supports, contradicts = has_stance("supports"), has_stance("contradicts")
    if standing == "supported":
        return and_(supports, ~contradicts)
    if standing == "contested":
        return and_(supports, contradicts)
    if standing == "contradicted":
        return and_(~supports, contradicts)
    if standing == "unsupported":
        return and_(~supports, ~contradicts)
    raise ValueError(f"unknown standing {standing!r}; choose from {', '.join(STANDINGS)}")


def standings_clause(standings: Sequence[str]) -> Any:
    """The events whose standing is any of ``standings``."""
    return or_(*(standing_clause(s) for s in standings))


def warning_clause() -> Any:
    """The events whose status claims more than their citations give."""
    parts = [
        and_(e.status == status, standings_clause(sorted(rules)))
        for status, rules in WARNING_RULES.items()
        if rules
    ]
    return or_(*parts) if parts else false()


def stance_counts(conn: Connection, ids: Sequence[int] | None = None) -> dict[int, StanceCounts]:
    """Each cited event's :class:`StanceCounts` in one grouped query over the citations (for
    the events ``ids`` when given, bound in chunks); events with no citation are absent."""
    stmt = select(
        c.event_id,
        func.sum(case((c.stance == "supports", 1), else_=0)),
        func.sum(case((c.stance == "contradicts", 1), else_=0)),
        func.sum(case((c.stance == "context", 1), else_=0)),
    ).group_by(c.event_id)
    rows: list[Any] = []
    if ids is None:
        rows = list(conn.execute(stmt))
    else:
        wanted = sorted({int(i) for i in ids})
        for k in range(0, len(wanted), 500):
            rows += conn.execute(stmt.where(c.event_id.in_(wanted[k : k + 500]))).all()
    return {int(r[0]): StanceCounts(int(r[1]), int(r[2]), int(r[3])) for r in rows}


def standing_totals(conn: Connection) -> tuple[dict[str, int], int]:
    """How many events have each standing, and how many carry a warning, for the whole case:
    one grouped query (at most a row per status and standing) over the citations grouped by
    event."""
    cited = (
        select(
            c.event_id.label("event_id"),
            func.max(case((c.stance == "supports", 1), else_=0)).label("supports"),
            func.max(case((c.stance == "contradicts", 1), else_=0)).label("contradicts"),
        )
        .group_by(c.event_id)
        .subquery()
    )
    supports = func.coalesce(cited.c.supports, 0)
    contradicts = func.coalesce(cited.c.contradicts, 0)
    stmt = (
        select(e.status, supports, contradicts, func.count())
        .select_from(events_t.outerjoin(cited, cited.c.event_id == e.id))
        .group_by(e.status, supports, contradicts)
    )
    totals = dict.fromkeys(STANDINGS, 0)
    warnings = 0
    for status, has_supports, has_contradicts, n in conn.execute(stmt):
        standing = standing_of(bool(has_supports), bool(has_contradicts))
        totals[standing] += int(n)
        warnings += int(n) if warns(status, standing) else 0
    return totals, warnings


def add_citation_flags(conn: Connection, cols: EventColumns) -> None:
    """Put the citation bits into ``cols``' flags, in place: ``FLAG_UNSOURCED`` unless a
    citation supports the event, ``FLAG_CONTRADICTED`` when one contradicts it. One grouped
    query over the citations (one row per cited event) and a few vectorised array steps,
    instead of two lookups per event in the timeline's query."""
    code = func.max(case((c.stance == "supports", 1), else_=0)) + 2 * func.max(
        case((c.stance == "contradicts", 1), else_=0)
    )
    rows = fetch_tuples(conn, select(c.event_id, code).group_by(c.event_id))
    mark_citations(cols, np.array(rows, dtype=np.int64).reshape(len(rows), 2))
