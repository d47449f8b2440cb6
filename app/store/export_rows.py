"""Events as plain tuples for exporters of many events (:data:`ExportRow`): what an
:class:`~app.domain.records.EventRecord` holds but its version and the ids of its links,
read with four set-based queries on the driver's cursor (the events, then their tags,
entities and citations, each joined in Python by event id) instead of records or Rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, case, func, select

from app.domain.dates import FuzzyDate
from app.domain.records import EventFilter
from app.store.dialect import fetch_tuples, iter_blocks, search_event_ids
from app.store.queries import EVENT_ORDER, e, filter_clauses
from app.store.tables import (
    citations_t,
    entities_t,
    event_entities_t,
    event_tags_t,
    sources_t,
    tags_t,
)
from app.store.values import stored_date

if TYPE_CHECKING:
    from app.store.unit_of_work import UnitsOfWork

# One event for exporters (see :func:`export_rows`): id, start, end, title, description,
# status, key_fact, lane, tag names (by name), (entity name, role) pairs (by name), and
# citations as (source id, pinpoint, stance, quote, source title) in their order.
ExportRow = tuple[
    int,
    FuzzyDate | None,
    FuzzyDate | None,
    str,
    str,
    str,
    bool,
    str | None,
    tuple[str, ...],
    tuple[tuple[str, str], ...],
    tuple[tuple[int, str, str, str, str], ...],
]


def _date_key(prefix: str) -> Any:
    """One text column for a stored date: NULL when undated, else its ``ambiguous`` flag,
    its canonical form (which has no "|"), "|" and its text."""
    text, iso, ambiguous = (getattr(e, f"{prefix}_{p}") for p in ("text", "iso", "ambiguous"))
    flag = case((ambiguous.is_(True), "1"), else_="0")
    return case((text.is_(None), None), else_=flag + func.coalesce(iso, "") + "|" + text)


def _grouped(rows: list[tuple[Any, ...]], value: Callable[[Any], Any]) -> dict[int, Any]:
    """``(event id, ...)`` rows -> event id -> the tuple of ``value(row)``, in row order."""
    groups: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(value(row))
    return {k: tuple(v) for k, v in groups.items()}


def export_rows(
    units: UnitsOfWork, flt: EventFilter, date_of: Callable[[str], Any] | None = None
) -> Iterator[ExportRow]:
    """The events ``flt`` keeps, in event order, as :data:`ExportRow` tuples. Equal stored
    dates are one shared :class:`FuzzyDate` object within one call; with ``date_of``, each
    distinct stored date is ``date_of(key)`` instead (``key``: "1" if ambiguous else "0",
    the canonical form, "|" and the text as written), made once. The links are read first;
    the events then stream straight from the cursor, in the same read transaction."""
    where = filter_clauses(flt)
    # the link queries read the links of the filtered events (all of them when unfiltered)
    chosen = select(e.id).where(*where)

    def of_chosen(stmt: Select[Any], column: Any) -> Select[Any]:
        return stmt.where(column.in_(chosen)) if where else stmt

    with units.read() as conn:
        link = event_tags_t.c.event_id
        tags = _grouped(
            fetch_tuples(
                conn,
                of_chosen(
                    select(link, tags_t.c.name).join(tags_t, tags_t.c.id == event_tags_t.c.tag_id),
                    link,
                ).order_by(tags_t.c.name),
            ),
            lambda r: r[1],
        )
        link = event_entities_t.c.event_id
        links = _grouped(
            fetch_tuples(
                conn,
                of_chosen(
                    select(link, entities_t.c.name, event_entities_t.c.role).join(
                        entities_t, entities_t.c.id == event_entities_t.c.entity_id
                    ),
                    link,
                ).order_by(entities_t.c.name),
            ),
            lambda r: r[1:],
        )
        c = citations_t.c
        cites = _grouped(
            fetch_tuples(
                conn,
                of_chosen(
                    select(
                        c.event_id, c.source_id, c.pinpoint, c.stance, c.quote, sources_t.c.title
                    ).join(sources_t, sources_t.c.id == c.source_id),
                    c.event_id,
                ).order_by(c.position, c.id),
            ),
            lambda r: r[1:],
        )
        matched = set(search_event_ids(conn, flt.search)) if flt.search.strip() else None
        blocks = iter_blocks(
            conn,
            select(
                e.id,
                _date_key("start"),
                _date_key("end"),
                e.title,
                e.description,
                e.status,
                e.key_fact,
                e.lane,
            )
            .where(*where)
            .order_by(*EVENT_ORDER),
        )
        # one date per distinct stored date (its _date_key), made when first met
        dates: dict[str | None, Any] = {None: None}
        make = date_of or _stored

        def stored(key: str) -> Any:
            found = dates[key] = make(key)
            return found

        none = ()
        for block in blocks:  # the rows of a block in one loop: no generator step per row
            for eid, start, end, title, desc, status, key_fact, lane in block:
                if matched is not None and eid not in matched:
                    continue
                yield (
                    eid,
                    dates[start] if start in dates else stored(start),
                    dates[end] if end in dates else stored(end),
                    title,
                    desc,
                    status,
                    bool(key_fact),
                    lane,
                    tags.get(eid, none) if tags else none,
                    links.get(eid, none) if links else none,
                    cites.get(eid, none) if cites else none,
                )


def _stored(key: str) -> FuzzyDate:
    """The stored date of a :func:`_date_key`."""
    iso, _, text = key[1:].partition("|")
    return stored_date(iso, text, key[0] == "1")
