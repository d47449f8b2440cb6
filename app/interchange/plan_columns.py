"""Plan rows (:data:`app.interchange.planned_events.PlanRow`) turned into the store's event
rows (:data:`app.store.bulk.EVENT_COLUMNS`) and links, a column at a time.

The rows are transposed into columns, each distinct date is converted to its stored columns
once (an exact day in one step, :func:`app.domain.date_fast.day_columns`), and the event
rows are zipped back together, so that no Python code runs per row but to list the links.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from operator import itemgetter
from typing import Any

from app.domain.date_fast import day_columns
from app.domain.dates import FuzzyDate
from app.store.bulk_links import EventLinks
from app.store.values import date_columns

_NO_DATE = (None, None, None, None, None, None, False)


def _stored(value: FuzzyDate | None) -> tuple[Any, ...]:
    if value is None:
        return _NO_DATE
    fast = day_columns(value)
    return fast if fast is not None else tuple(date_columns("d", value).values())


def _date_columns(dates: tuple[FuzzyDate | None, ...]) -> list[tuple[Any, ...]]:
    """The seven stored columns of a column of dates (each distinct date object made once)."""
    distinct = dict(zip(map(id, dates), dates, strict=True))
    stored = {key: _stored(value) for key, value in distinct.items()}
    rows = list(map(stored.__getitem__, map(id, dates)))
    return [tuple(map(itemgetter(i), rows)) for i in range(len(_NO_DATE))]


def event_rows(
    rows: Sequence[tuple[Any, ...]], ids: Sequence[int], entity_ids: dict[str, int]
) -> tuple[list[tuple[Any, ...]], EventLinks]:
    """Event rows in :data:`~app.store.bulk.EVENT_COLUMNS` order (new events ``ids``) and
    their links (entities by id through ``entity_ids``, casefolded name -> id)."""
    (titles, descriptions, starts, ends, statuses, flags, lanes, tags, entities, citations) = (
        tuple(map(itemgetter(i), rows)) for i in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11)
    )
    values = list(
        zip(
            ids,
            map(str.strip, titles),
            descriptions,
            *_date_columns(starts),
            *_date_columns(ends),
            statuses,
            flags,
            lanes,
            repeat(1, len(rows)),
            strict=True,
        )
    )
    links = EventLinks()
    if any(tags):
        links.tags = [(i, name) for i, group in zip(ids, tags, strict=True) for name in group]
    if any(entities):
        links.entities = [
            (i, entity_ids[name.casefold()], role)
            for i, group in zip(ids, entities, strict=True)
            for name, role in group
        ]
    if any(citations):
        links.citations = [
            (i, sid, pinpoint, quote, stance)
            for i, group in zip(ids, citations, strict=True)
            for sid, pinpoint, stance, quote in group
        ]
    return values, links
