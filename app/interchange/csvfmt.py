"""Events as CSV, for spreadsheets: the format (its columns and list cells) and export.

The all-or-nothing import is :mod:`app.interchange.csv_import`.

Columns (header names are case-insensitive on import; only ``title`` and ``start`` are
required, and ``start`` may be blank for an undated event)::

    id, start, end, start_precision, end_precision, title, description, status, key_fact,
    lane, tags, entities, citations, sources, standing, warnings

- ``start`` / ``end``: the date as written ("circa June 2020"), read with the case's
  day-first setting. Export writes the text as written when it reads back to the same claim
  and the canonical form ("2004~", "2013/2014-06") otherwise, so precision never changes.
- ``start_precision``, ``end_precision``, ``standing``, ``warnings``: written for reading;
  ignored on import (the precision comes from the date itself; the standing and the warnings
  are derived from the citations' stances, :mod:`app.domain.standing`).
- ``sources``: the title of each cited source, one per source in the order the citations
  first name them. Import uses them only to recreate a cited source the case does not have
  (with that id and title; a CSV carries no other field of a source).
- ``key_fact``: "yes" or blank (import also takes no/true/false/1/0/y/n/x).
- ``tags``: names joined by "; ".
- ``entities``: ``name|role`` joined by "; " (role optional); unknown names become new
  entities of kind "other".
- ``citations``: ``source_id|pinpoint|stance|quote`` joined by "; " (pinpoint, stance and
  quote optional; stance defaults to "supports"). The source must exist in the case.
- In tags, entities and citations a ``\\`` escapes a literal ``;``, ``|`` or ``\\``.

Export is spreadsheet-safe unless ``raw=True`` (see :func:`app.interchange.table.neutralise`);
import keeps each cell's text exactly (a cell "=1+1" is the text "=1+1"), undoing only that
escape.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path

from app.domain.dates import DateError, FuzzyDate
from app.domain.records import EventFilter, EventRecord
from app.domain.standing import StanceCounts, status_warnings
from app.interchange.collector import paused
from app.interchange.output_policy import policy_of
from app.interchange.privileged_notes import PRIVILEGED_COLUMN, privileged_cells
from app.interchange.table import MAY_NEUTRALISE, neutralise, write_table
from app.store.case import Case
from app.store.values import stored_date

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # a day in ISO form: its own cell

COLUMNS = (
    "id",
    "start",
    "end",
    "start_precision",
    "end_precision",
    "title",
    "description",
    "status",
    "key_fact",
    "lane",
    "tags",
    "entities",
    "citations",
    "sources",
    "standing",
    "warnings",
)
REQUIRED = ("title", "start")

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "date_cell",
    "event_cells",
    "export_cells",
    "export_csv",
    "export_csv_counted",
    "join_items",
    "split_items",
    "standing_cells",
    "write_csv",
]


# -- list cells: "a; b|c" with backslash escapes -------------------------------------------


def join_items(items: Sequence[Sequence[str]]) -> str:
    """``[["1", "p. 3"], ["2"]]`` -> ``"1|p. 3; 2"`` (escaping ``\\``, ``;`` and ``|``)."""

    def esc(part: str) -> str:
        return part.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")

    out = []
    for parts in items:
        parts = list(parts)
        while len(parts) > 1 and parts[-1] == "":
            parts.pop()
        out.append("|".join(esc(p) for p in parts))
    return "; ".join(out)


def split_items(cell: str) -> list[list[str]]:
    """Inverse of :func:`join_items`; blank items are dropped, parts are stripped."""
    if not cell or cell.isspace():
        return []
    if "\\" not in cell:  # nothing escaped: plain splits give the same items
        split = ([p.strip() for p in item.split("|")] for item in cell.split(";"))
        return [item for item in split if any(item)]
    items: list[list[str]] = []
    parts: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell):
            buf.append(cell[i + 1])
            i += 2
            continue
        if ch == "|":
            parts.append("".join(buf))
            buf = []
        elif ch == ";":
            parts.append("".join(buf))
            items.append(parts)
            parts, buf = [], []
        else:
            buf.append(ch)
        i += 1
    parts.append("".join(buf))
    items.append(parts)
    return [[p.strip() for p in item] for item in items if any(p.strip() for p in item)]


# -- export -------------------------------------------------------------------------------


def date_cell(value: FuzzyDate | None, day_first: bool) -> str:
    """The date as written if it reads back to the same claim, else its canonical form."""
    if value is None:
        return ""
    if value.text == value.to_iso() or value.text == value.format(day_first=day_first):
        return value.text  # display and canonical forms read back exactly (property-tested)
    try:
        if FuzzyDate.parse(value.text, day_first=day_first).same_claim(value):
            return value.text
    except DateError:
        pass
    return value.to_iso()


def _same(cell: str) -> str:
    return cell


def event_cells(
    ev: EventRecord, day_first: bool, dates: dict[FuzzyDate, str] | None = None
) -> list[str]:
    """One event's row; ``dates`` (optional) remembers :func:`date_cell` across rows."""

    def cell(value: FuzzyDate | None) -> str:
        if value is None:
            return ""
        if dates is None:
            return date_cell(value, day_first)
        found = dates.get(value)
        if found is None:
            found = dates[value] = date_cell(value, day_first)
        return found

    return [
        str(ev.id),
        cell(ev.start),
        cell(ev.end),
        ev.start.precision.value if ev.start else "",
        ev.end.precision.value if ev.end else "",
        ev.title,
        ev.description,
        ev.status,
        "yes" if ev.key_fact else "",
        ev.lane or "",
        join_items([[t] for t in ev.tags]),
        join_items([[e.name, e.role] for e in ev.entities]),
        join_items([[str(c.source_id), c.pinpoint, c.stance, c.quote] for c in ev.citations]),
        join_items(
            [[t] for _, t in dict.fromkeys((c.source_id, c.source_title) for c in ev.citations)]
        ),
        *standing_cells(ev.status, [c.stance for c in ev.citations]),
    ]


def standing_cells(status: str, stances: Sequence[str]) -> tuple[str, str]:
    """The ``standing`` and ``warnings`` cells (warnings joined by "; ")."""
    counts = StanceCounts.of(stances)
    return counts.standing, join_items([[w] for w in status_warnings(status, counts)])


def export_csv(
    case: Case, flt: EventFilter | None = None, *, raw: bool = False, bom: bool = True
) -> bytes:
    """The case's events (in date order, narrowed by ``flt``) as CSV bytes (UTF-8).

    Spreadsheet-safe unless ``raw``; with ``bom`` (default) Excel reads it as UTF-8.
    The rows are the cells of :func:`event_cells`, read with :meth:`Case.export_rows`.
    When the output includes privileged notes (:func:`~app.interchange.output_policy.
    policy_of`) a last column, whose header says PRIVILEGED, holds them.
    """
    return export_csv_counted(case, flt, raw=raw, bom=bom)[0]


def export_csv_counted(
    case: Case, flt: EventFilter | None = None, *, raw: bool = False, bom: bool = True
) -> tuple[bytes, int]:
    """:func:`export_csv` and the number of events written (counted as they stream out)."""
    tally = itertools.count()
    with paused():  # the rows make many tuples and no reference cycles
        data = _export_csv(case, flt, tally, raw=raw, bom=bom)
    return data, next(tally)


def _export_csv(
    case: Case, flt: EventFilter | None, tally: Iterator[int], *, raw: bool, bom: bool
) -> bytes:
    # zip pulls a row, then a number: once the rows run out, the next number is their count
    rows = map(itemgetter(0), zip(export_cells(case, flt, raw=raw), tally, strict=False))
    if not policy_of(case).include_privileged:
        return write_table(COLUMNS, rows, raw=True, bom=bom)
    notes = privileged_cells(case.events(flt or EventFilter()))
    safe: Callable[[str], str] = _same if raw else neutralise
    with_notes = ((*row, safe(notes.get(row[0].lstrip("'"), ""))) for row in rows)
    return write_table((*COLUMNS, PRIVILEGED_COLUMN), with_notes, raw=True, bom=bom)


def export_cells(
    case: Case, flt: EventFilter | None = None, *, raw: bool = False
) -> Iterator[tuple[str, ...]]:
    """The rows of :func:`export_csv`: the cells of :func:`event_cells` for each event,
    already passed through :func:`neutralise` unless ``raw``.

    Cells that repeat across rows (dates, their precisions, statuses, lanes) are made once
    per distinct value; a title or description is neutralised only when its first character
    could start a formula.
    """
    day_first = case.day_first
    safe: Callable[[str], str] = _same if raw else neutralise
    risky: frozenset[str] = frozenset() if raw else MAY_NEUTRALISE
    words: dict[str | None, str] = {}  # status and lane -> cell
    standings: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {}  # (status, stances)

    def date_cells(key: str) -> tuple[str, str]:
        """(date cell, precision cell) of a stored date (its key: ambiguity flag, canonical
        form, "|", text). A day written in ISO form is its own cell (the fast path)."""
        iso, _, text = key[1:].partition("|")
        if key[0] == "0" and iso == text and ISO_DAY.fullmatch(text):
            return safe(text), safe("day")
        value = stored_date(iso, text, key[0] == "1")
        return safe(date_cell(value, day_first)), safe(value.precision.value)

    def word(value: str | None) -> str:
        found = words[value] = safe(value or "")
        return found

    no_date = ("", "")
    for (
        eid,
        start,
        end,
        title,
        description,
        status,
        key,
        lane,
        tags,
        links,
        cites,
    ) in case.export_rows(flt, date_cells):
        stances = (status, tuple([c[2] for c in cites]) if cites else ())
        standing = standings.get(stances)
        if standing is None:
            cells = standing_cells(*stances)
            standing = standings[stances] = (safe(cells[0]), safe(cells[1]))
        s = no_date if start is None else start
        e = no_date if end is None else end
        yield (
            str(eid) if eid >= 0 else safe(str(eid)),
            s[0],
            e[0],
            s[1],
            e[1],
            safe(title) if title[:1] in risky else title,
            safe(description) if description[:1] in risky else description,
            words[status] if status in words else word(status),
            "yes" if key else "",
            words[lane] if lane in words else word(lane),
            safe(join_items([[t] for t in tags])) if tags else "",
            safe(join_items([[name, role] for name, role in links])) if links else "",
            safe(join_items([[str(c[0]), c[1], c[2], c[3]] for c in cites])) if cites else "",
            safe(join_items([[t] for _, t in dict.fromkeys((c[0], c[4]) for c in cites)]))
            if cites
            else "",
            standing[0],
            standing[1],
        )


def write_csv(
    case: Case,
    path: str | os.PathLike[str],
    flt: EventFilter | None = None,
    *,
    raw: bool = False,
) -> None:
    """Export to ``path`` atomically (a failed export leaves the old file untouched)."""
    from app.interchange.atomic import write_bytes_atomically

    write_bytes_atomically(Path(path), export_csv(case, flt, raw=raw))
