"""Events as CSV, for spreadsheets: export, and an all-or-nothing import.

Columns (header names are case-insensitive on import; only ``title`` and ``start`` are
required, and ``start`` may be blank for an undated event)::

    id, start, end, start_precision, end_precision, title, description, status, key_fact,
    lane, tags, entities, citations, sources

- ``start`` / ``end``: the date as written ("circa June 2020"), read with the case's
  day-first setting. Export writes the text as written when it reads back to the same claim
  and the canonical form ("2004~", "2013/2014-06") otherwise, so precision never changes.
- ``start_precision``, ``end_precision``, ``sources``: written for reading; ignored on import
  (the precision comes from the date itself).
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

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.dates import DateError, FuzzyDate
from app.domain.records import EVENT_STATUSES, STANCES, EventFilter, EventRecord
from app.interchange.import_outcome import ImportRejected, ImportReport, RowError
from app.interchange.table import MAY_NEUTRALISE, neutralise, read_table, write_table
from app.store.bulk import EventRows
from app.store.case import Case

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
)
REQUIRED = ("title", "start")

_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}

__all__ = [
    "COLUMNS",
    "ImportPlan",
    "ImportRejected",
    "ImportReport",
    "PlannedCitation",
    "PlannedEvent",
    "RowError",
    "check_csv",
    "export_csv",
    "import_csv",
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
        join_items([[t] for t in dict.fromkeys(c.source_title for c in ev.citations)]),
    ]


def export_csv(
    case: Case, flt: EventFilter | None = None, *, raw: bool = False, bom: bool = True
) -> bytes:
    """The case's events (in date order, narrowed by ``flt``) as CSV bytes (UTF-8).

    Spreadsheet-safe unless ``raw``; with ``bom`` (default) Excel reads it as UTF-8.
    The rows are the cells of :func:`event_cells`, read with :meth:`Case.export_rows`.
    """
    return write_table(COLUMNS, export_cells(case, flt, raw=raw), raw=True, bom=bom)


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
    # id(date) -> (date, its cell, its precision): export_rows shares one object per stored
    # date, and keeping the object in the value keeps its id from being reused
    dates: dict[int, tuple[FuzzyDate, str, str]] = {}
    words: dict[str | None, str] = {}  # status and lane -> cell

    def date_cells(value: FuzzyDate) -> tuple[FuzzyDate, str, str]:
        found = dates[id(value)] = (
            value,
            safe(date_cell(value, day_first)),
            safe(value.precision.value),
        )
        return found

    def word(value: str | None) -> str:
        found = words[value] = safe(value or "")
        return found

    no_date = (None, "", "")
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
    ) in case.export_rows(flt):
        s = no_date if start is None else dates.get(id(start)) or date_cells(start)
        e = no_date if end is None else dates.get(id(end)) or date_cells(end)
        yield (
            str(eid) if eid >= 0 else safe(str(eid)),
            s[1],
            e[1],
            s[2],
            e[2],
            safe(title) if title[:1] in risky else title,
            safe(description) if description[:1] in risky else description,
            words[status] if status in words else word(status),
            "yes" if key else "",
            words[lane] if lane in words else word(lane),
            safe(join_items([[t] for t in tags])) if tags else "",
            safe(join_items([[name, role] for name, role in links])) if links else "",
            safe(join_items([[str(c[0]), c[1], c[2], c[3]] for c in cites])) if cites else "",
            safe(join_items([[t] for t in dict.fromkeys(c[4] for c in cites)])) if cites else "",
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


# -- import -------------------------------------------------------------------------------


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


@dataclass
class ImportPlan:
    """The outcome of checking a file: the good rows, every error, and warnings."""

    events: list[PlannedEvent] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_csv(data: bytes, day_first: bool) -> ImportPlan:
    """Check a whole CSV file without touching any case.

    Values that repeat across rows (dates, statuses, key_fact flags) are read once each;
    a value that is refused is refused again, with its own error, in every row."""
    table = read_table(data, known=COLUMNS, required=REQUIRED)
    plan = ImportPlan(errors=list(table.errors))
    errors, warnings, events = plan.errors, plan.warnings, plan.events
    seen_ids: dict[int, int] = {}
    parsed: dict[str, FuzzyDate | str] = {}  # date text -> its date, or why it is refused
    dates: dict[str, FuzzyDate | None] = {}  # date text that reads (or is blank) -> its date
    statuses: dict[str, str] = {}  # status cell -> the known status it names
    flags: dict[str, bool] = {}  # key_fact cell that reads -> the flag
    row = 0

    def bad(column: str, reason: str) -> None:
        errors.append(RowError(row, column, reason))

    def date(text: str, column: str) -> FuzzyDate | None:
        found = _date(text, column, day_first, bad, parsed)
        if found is not None or not text.strip():
            dates[text] = found
        return found

    for row, cells in table.records:
        before = len(errors)
        title = cells.get("title", "")
        if not title or title.isspace():
            bad("title", "an event needs a title")
        start_text = cells.get("start", "")
        start = dates[start_text] if start_text in dates else date(start_text, "start")
        end_text = cells.get("end", "")
        end = dates[end_text] if end_text in dates else date(end_text, "end")
        if start is not None and start.ambiguous:
            warnings.append(_ambiguous(row, "start", start, day_first))
        if end is not None:
            if end.ambiguous:
                warnings.append(_ambiguous(row, "end", end, day_first))
            if start is None and not start_text.strip():
                bad("end", "an event with an end date needs a start date")
            if start is not None and end.latest <= start.earliest:
                bad("end", f"the end ({end.text}) is before the start ({start.text})")
        status_cell = cells.get("status", "")
        status = statuses.get(status_cell)
        if status is None:
            status = status_cell.strip().lower() or "alleged"
            if status in EVENT_STATUSES:
                statuses[status_cell] = status
            else:
                allowed = ", ".join(EVENT_STATUSES)
                bad("status", f"unknown status {_short(status)}; use one of {allowed}")
        flag_cell = cells.get("key_fact", "")
        key_fact = flags.get(flag_cell)
        if key_fact is None:
            flag = flag_cell.strip().lower()
            key_fact = flag in _TRUE
            if flag in _TRUE or flag in _FALSE:
                flags[flag_cell] = key_fact
            else:
                bad("key_fact", f"{_short(flag)} is not yes or no")
        event_id = None
        raw_id = cells.get("id", "").strip()
        if raw_id:
            if raw_id.isascii() and raw_id.isdigit() and 0 < (number := int(raw_id)) < 2**63:
                event_id = number
                if event_id in seen_ids:
                    bad("id", f"id {event_id} is also used in row {seen_ids[event_id]}")
                seen_ids.setdefault(event_id, row)
            else:
                bad("id", f"{_short(raw_id)} is not a positive whole number")
        tags: tuple[str, ...] = ()
        cell = cells.get("tags", "")
        if cell and not cell.isspace():
            tag_items = split_items(cell)
            names = tuple(" ".join(item[0].split()) for item in tag_items)
            for item in tag_items:
                if len(item) > 1:
                    bad("tags", f"a tag name cannot contain '|' ({_short('|'.join(item))})")
            tags = tuple(dict.fromkeys(t for t in names if t))
        entities: dict[str, tuple[str, str]] = {}
        cell = cells.get("entities", "")
        if cell and not cell.isspace():
            for item in split_items(cell):
                if len(item) > 2 or not item[0]:
                    bad("entities", f"{_short('|'.join(item))} is not name|role")
                    continue
                name = " ".join(item[0].split())
                entities[name.casefold()] = (name, item[1] if len(item) > 1 else "")
        citations = []
        cell = cells.get("citations", "")
        if cell and not cell.isspace():
            for item in split_items(cell):
                cite = _citation(item, bad)
                if cite is not None:
                    citations.append(cite)
        if len(errors) == before:
            events.append(
                PlannedEvent(
                    row=row,
                    title=title,
                    description=cells.get("description", ""),
                    start=start,
                    end=end,
                    status=status,
                    key_fact=key_fact,
                    lane=cells.get("lane", "").strip() or None,
                    event_id=event_id,
                    tags=tags,
                    entities=tuple(entities.values()),
                    citations=tuple(citations),
                )
            )
    if not table.errors and not table.records and not plan.errors:
        plan.warnings.append("the file has a header but no rows")
    return plan


def _ambiguous(row: int, column: str, value: FuzzyDate, day_first: bool) -> str:
    return (
        f"row {row}, {column}: {value.text!r} could be read day-first or month-first;"
        f" read as {value.format(day_first=day_first)}"
    )


def import_csv(
    case: Case, data: bytes, dry_run: bool = False, *, keep_ids: bool = True
) -> ImportReport:
    """Import every row of ``data`` into ``case`` in one transaction, or nothing.

    Raises :class:`ImportRejected` listing every rejected row (the case is unchanged).
    With ``keep_ids`` the ``id`` column is kept (an id already in the case is an error);
    otherwise new ids are given. ``dry_run`` checks everything against the case and
    reports what would be imported without writing.
    """
    plan = check_csv(data, case.day_first)
    errors = list(plan.errors)
    existing_ids = set(case.event_ids())
    source_ids = {s.id for s in case.sources()}
    for ev in plan.events:
        if keep_ids and ev.event_id is not None and ev.event_id in existing_ids:
            errors.append(RowError(ev.row, "id", f"the case already has an event {ev.event_id}"))
        for cite in ev.citations:
            if cite.source_id not in source_ids:
                errors.append(
                    RowError(ev.row, "citations", f"the case has no source {cite.source_id}")
                )
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.row, e.column)))
    report = ImportReport(dry_run=dry_run, warnings=list(plan.warnings))
    write_events(case, plan.events, report, keep_ids=keep_ids, existing_ids=existing_ids)
    return report


def write_events(
    case: Case,
    events: Sequence[PlannedEvent],
    report: ImportReport,
    *,
    keep_ids: bool,
    existing_ids: set[int],
    before_events: Any = None,
) -> None:
    """Write checked events (one batch, unless ``report.dry_run``).

    Events without tags or entities go in with one ``bulk_insert_events``; the others
    through ``create_event``; citations through ``add_citation``. ``before_events``, if
    given, is called inside the batch first (for a format's sources, eras, title ...).
    """
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
            if ev.tags or ev.entities:
                case.create_event(
                    title=ev.title,
                    description=ev.description,
                    start=ev.start,
                    end=ev.end,
                    status=ev.status,
                    key_fact=ev.key_fact,
                    lane=ev.lane,
                    tags=ev.tags,
                    entities=[(entity_ids[n.casefold()], role) for n, role in ev.entities],
                    event_id=eid,
                )
            else:
                plain.add(
                    event_id=eid,
                    title=ev.title,
                    description=ev.description,
                    start=ev.start,
                    end=ev.end,
                    status=ev.status,
                    key_fact=ev.key_fact,
                    lane=ev.lane,
                )
        case.bulk_insert_events(plain.rows, columns=plain.columns)
        for ev, eid in zip(events, ids, strict=True):
            for cite in ev.citations:
                case.add_citation(
                    event_id=eid,
                    source_id=cite.source_id,
                    pinpoint=cite.pinpoint,
                    quote=cite.quote,
                    stance=cite.stance,
                )
    report.changes = batch.changes


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _date(
    text: str,
    column: str,
    day_first: bool,
    bad: Any,
    parsed: dict[str, FuzzyDate | str] | None = None,
) -> FuzzyDate | None:
    """The date in ``text`` (None when blank); ``parsed`` remembers texts already read."""
    if not text.strip():
        return None
    found = parsed.get(text) if parsed is not None else None
    if found is None:
        try:
            found = FuzzyDate.parse(text, day_first=day_first)
        except DateError as error:
            found = error.reason
        if parsed is not None:
            parsed[text] = found
    if isinstance(found, str):
        bad(column, f"{_short(text.strip())} is not a usable date: {found}")
        return None
    return found


def _citation(item: list[str], bad: Any) -> PlannedCitation | None:
    if len(item) > 4:
        bad("citations", f"{_short('|'.join(item))} is not source_id|pinpoint|stance|quote")
        return None
    sid, pinpoint, stance, quote = (item + ["", "", ""])[:4]
    if not (sid.isascii() and sid.isdigit() and 0 < int(sid) < 2**63):
        bad("citations", f"{_short(sid)} is not a source id")
        return None
    stance = stance.lower() or "supports"
    if stance not in STANCES:
        bad("citations", f"unknown stance {_short(stance)}; use one of {', '.join(STANCES)}")
        return None
    return PlannedCitation(int(sid), pinpoint, stance, quote)
