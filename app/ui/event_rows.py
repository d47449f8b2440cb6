"""How an event shows in the event table and where it sorts: the columns, each column's
text and sort key, and the store's date order for placing an event by binary search."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

import numpy as np

from app.domain import growable
from app.domain.dates import FuzzyDate
from app.domain.instants import to_seconds
from app.domain.records import EVENT_STATUSES, EventRecord
from app.domain.standing import STANDING_DESCRIPTIONS, STANDINGS

TOOLTIP_DESCRIPTION_LIMIT = 1500

COL_DATE, COL_EVENT, COL_STATUS, COL_STANDING, COL_KEY, COL_SOURCES, COL_TAGS, COL_ENTITIES = range(
    8
)
COLUMNS = ("Date", "Event", "Status", "Standing", "Key", "Sources", "Tags", "Entities")
WARNING_SIGN = "\u26a0"  # shown before the standing of an event whose status it does not bear out


def one_line(text: str) -> str:
    """``text`` with line breaks and tabs turned into single spaces."""
    return " ".join(text.split())


def format_event_date(event: EventRecord, *, day_first: bool) -> str:
    """ "undated", the start date, or "start – end" for a span, as the case writes dates."""
    if event.start is None:
        return "undated"
    start = event.start.format(day_first=day_first)
    if event.end is None:
        return start
    return f"{start} – {event.end.format(day_first=day_first)}"


def source_count(event: EventRecord) -> int:
    """How many distinct sources the event cites."""
    return len({c.source_id for c in event.citations})


def date_sort_key(date: FuzzyDate | None) -> tuple[int, tuple[Any, ...]]:
    """FuzzyDate order with undated last (the order ``Case.event_ids`` returns)."""
    return (1, ()) if date is None else (0, date.sort_key())


def natural_key(event: EventRecord, column: int) -> object:
    if column == COL_EVENT:
        return one_line(event.title).casefold()
    if column == COL_STATUS:
        return EVENT_STATUSES.index(event.status) if event.status in EVENT_STATUSES else 99
    if column == COL_STANDING:  # warnings first, then supported ... unsupported
        return (0 if event.warnings else 1, STANDINGS.index(event.standing))
    if column == COL_KEY:
        return int(event.key_fact)
    if column == COL_SOURCES:
        return source_count(event)
    if column == COL_TAGS:
        return ", ".join(event.tags).casefold()
    if column == COL_ENTITIES:
        return ", ".join(link.name for link in event.entities).casefold()
    return 0


def position(ids: np.ndarray, event_id: int) -> int:
    return growable.find(ids, event_id)


def highlight_spans(
    ids: np.ndarray, old: AbstractSet[int], ids_new: Iterable[int], most: int = 64
) -> tuple[set[int] | frozenset[int], list[tuple[int, int]]]:
    """The new set of marked ids and the row spans whose mark changed: runs of rows, or,
    when there are more than ``most`` runs, one span from the first to the last (one
    announcement instead of thousands; the view repaints only what it shows). A frozenset
    is kept as it is; when many ids are marked or unmarked, the span is every row, found
    without looking at them (no work per id)."""
    new = ids_new if isinstance(ids_new, frozenset) else set(ids_new)
    if len(new) + len(old) > most * 256:
        return new, [(0, len(ids) - 1)] if len(ids) else []
    changed = np.fromiter(new ^ old, np.int64)
    rows = np.flatnonzero(np.isin(ids, changed)).tolist()
    spans = list(runs(rows))
    return new, spans if len(spans) <= most else [(rows[0], rows[-1])]


def order_key(event: EventRecord) -> tuple[int, ...]:
    """The store's event order (``Case.event_ids``, ``Case.order_keys``): by start (a
    "before" date by its latest instant), then latest, earliest and id; undated last, by id."""
    start = event.start
    if start is None:
        return (1, 0, 0, 0, event.id)
    lo, hi = to_seconds(start.earliest), to_seconds(start.latest)
    return (0, hi if start.qualifier.value == "before" else lo, hi, lo, event.id)


def runs(rows: Sequence[int]) -> Iterable[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive numbers."""
    start = prev = None
    for r in rows:
        if start is None:
            start = prev = r
        elif r == prev + 1:  # type: ignore[operator]
            prev = r
        else:
            yield start, prev  # type: ignore[misc]
            start = prev = r
    if start is not None:
        yield start, prev  # type: ignore[misc]


def display_text(rec: EventRecord, column: int, *, day_first: bool) -> str:
    """The text of ``column`` for an event (plain text, one line)."""
    if column == COL_DATE:
        return format_event_date(rec, day_first=day_first)
    if column == COL_EVENT:
        return one_line(rec.title)
    if column == COL_STATUS:
        return rec.status
    if column == COL_STANDING:
        return f"{WARNING_SIGN} {rec.standing}" if rec.warnings else rec.standing
    if column == COL_KEY:
        return "✓" if rec.key_fact else ""
    if column == COL_SOURCES:
        count = source_count(rec)
        return f"{count} !" if rec.unsourced else f"{count}"
    if column == COL_TAGS:
        return ", ".join(rec.tags)
    if column == COL_ENTITIES:
        return ", ".join(link.name for link in rec.entities)
    return ""


def tooltip_text(rec: EventRecord, column: int) -> str | None:
    """The tooltip of ``column`` for an event: escaped, so it always shows literally."""
    if column == COL_EVENT:
        # Escaped inside <qt> so the text shows literally (never as markup).
        body = html.escape(rec.title)
        description = rec.description.strip()
        if description:
            if len(description) > TOOLTIP_DESCRIPTION_LIMIT:
                description = description[:TOOLTIP_DESCRIPTION_LIMIT] + "…"
            body += "<br><br>" + html.escape(description).replace("\n", "<br>")
        return f"<qt>{body}</qt>"
    if column == COL_SOURCES and rec.unsourced:
        return "No source cited for this event" if not rec.citations else "No citation supports it"
    if column == COL_STANDING:
        lines = (STANDING_DESCRIPTIONS[rec.standing], *rec.warnings)
        return "<qt>" + "<br>".join(html.escape(line) for line in lines) + "</qt>"
    if column == COL_DATE and rec.start is not None:
        written = rec.start.text + (f" – {rec.end.text}" if rec.end else "")
        return html.escape(f"As written: {written}") if written else None
    return None
