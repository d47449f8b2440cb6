"""Importing events from CSV: check a whole file into an :class:`ImportPlan`, then import
every row in one transaction, or nothing.

The columns and the list-cell syntax are described in :mod:`app.interchange.csvfmt`.
Checking never touches a case; :func:`import_csv` adds the checks against the case (ids
already taken, sources that do not exist) and writes through
:func:`app.interchange.planned_events.write_rows`. A clean file is checked a column at a
time (:mod:`app.interchange.csv_columns`); a file with a problem row by row, which names
every row and column at fault. The plan's rows are plain tuples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from app.domain.dates import DateError, DateSettings, FuzzyDate
from app.domain.records import EVENT_STATUSES, STANCES
from app.interchange.collector import paused
from app.interchange.csv_columns import FALSE_WORDS as _FALSE
from app.interchange.csv_columns import TRUE_WORDS as _TRUE
from app.interchange.csv_columns import ambiguous_warning as _ambiguous
from app.interchange.csv_columns import check_columns
from app.interchange.csvfmt import COLUMNS, REQUIRED, split_items
from app.interchange.import_outcome import ImportRejected, ImportReport, RowError
from app.interchange.planned_events import PlannedEvent, PlanRow, planned_event, write_rows
from app.interchange.table import header_spelling, read_table, respell
from app.store.case import Case

__all__ = [
    "ImportPlan",
    "ImportRejected",
    "ImportReport",
    "RowError",
    "check_csv",
    "import_csv",
]


@dataclass
class ImportPlan:
    """The outcome of checking a file: the good rows, every error, and warnings."""

    rows: list[PlanRow] = field(default_factory=list)  # the good rows (PLAN_FIELDS)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # source id -> (first row naming it, its title), from the sources column
    source_titles: dict[int, tuple[int, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def events(self) -> list[PlannedEvent]:
        """The good rows as :class:`PlannedEvent` values."""
        return [planned_event(row) for row in self.rows]


def check_csv(data: bytes, day_first: bool, settings: DateSettings | None = None) -> ImportPlan:
    """Check a whole CSV file without touching any case (whose date ``settings`` give the
    zone of times written without one and the hemisphere of seasons).

    Values that repeat across rows (dates, statuses, key_fact flags) are read once each;
    a value that is refused is refused again, with its own error, in every row."""
    with paused():
        return _check_csv(data, day_first, settings)


def _check_csv(data: bytes, day_first: bool, settings: DateSettings | None) -> ImportPlan:
    clean = check_columns(data, day_first, settings)
    if clean is not None:
        rows, warnings, titled = clean
        return ImportPlan(rows=rows, warnings=warnings, source_titles=titled)
    table = read_table(data, known=COLUMNS, required=REQUIRED)
    spelled = header_spelling(data)
    plan = ImportPlan(errors=respell(table.errors, spelled))
    errors, warnings, events = plan.errors, plan.warnings, plan.rows
    seen_ids: dict[int, int] = {}
    parsed: dict[str, FuzzyDate | str] = {}  # date text -> its date, or why it is refused
    dates: dict[str, FuzzyDate | None] = {}  # date text that reads (or is blank) -> its date
    statuses: dict[str, str] = {}  # status cell -> the known status it names
    flags: dict[str, bool] = {}  # key_fact cell that reads -> the flag
    row = 0

    def bad(column: str, reason: str) -> None:
        errors.append(RowError(row, spelled.get(column, column), reason))

    def date(text: str, column: str) -> FuzzyDate | None:
        found = _date(text, column, day_first, bad, parsed, settings)
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
        named = [item[0] for item in split_items(cells.get("sources", ""))]
        cited = list(dict.fromkeys(c[0] for c in citations))
        if named and len(named) == len(cited):
            for sid, source_title in zip(cited, named, strict=True):
                plan.source_titles.setdefault(sid, (row, source_title))
        if len(errors) == before:
            events.append(
                (row, title, cells.get("description", ""), start, end, status, key_fact,
                 cells.get("lane", "").strip() or None, event_id, tags,
                 tuple(entities.values()), tuple(citations))
            )  # fmt: skip
    if not table.errors and not table.records and not plan.errors:
        plan.warnings.append("the file has a header but no rows")
    return plan


def import_csv(
    case: Case,
    data: bytes,
    dry_run: bool = False,
    *,
    keep_ids: bool = True,
    merge: bool = False,
) -> ImportReport:
    """Import every row of ``data`` into ``case`` in one transaction, or nothing.

    Raises :class:`ImportRejected` listing every rejected row (the case is unchanged).
    With ``keep_ids`` the ``id`` column is kept: an id the case already has is an error,
    unless ``merge``, which updates that event to the row. Without ``keep_ids`` every row
    becomes a new event with a new id. A cited source the case does not have is created
    from the ``sources`` column (id and title) when the file names it. ``dry_run`` checks
    everything against the case and reports what would be imported without writing.
    """
    with paused():
        return _import_csv(case, data, dry_run, keep_ids=keep_ids, merge=merge)


def _import_csv(
    case: Case, data: bytes, dry_run: bool, *, keep_ids: bool, merge: bool
) -> ImportReport:
    plan = check_csv(data, case.day_first, case.date_settings)
    spelled = header_spelling(data)
    errors = list(plan.errors)
    existing_ids = set(case.event_ids())
    sources = {s.id: s.title for s in case.sources()}
    create: dict[int, str] = {}
    warnings = list(plan.warnings)
    rows = plan.rows
    taken = existing_ids & set(map(itemgetter(8), rows)) if keep_ids and not merge else set()
    for row, *_, event_id, _tags, _entities, cites in (
        rows if _looked_at(taken, plan, sources) else ()
    ):
        if event_id in taken:
            errors.append(
                RowError(
                    row,
                    spelled.get("id", "id"),
                    f"the case already has an event {event_id} (--merge updates it from "
                    "this row; --new-ids imports every row as a new event)",
                )
            )
        for sid, *_ in cites:
            at, title = plan.source_titles.get(sid, (0, ""))
            if sid in sources:
                if title and title != sources[sid] and at == row:
                    warnings.append(
                        f"row {at}: source {sid} is {sources[sid]!r} in this case but "
                        f"{title!r} in the file; cited as this case's source {sid}"
                    )
            elif title:
                create[sid] = title
            else:
                errors.append(
                    RowError(
                        row,
                        spelled.get("citations", "citations"),
                        f"the case has no source {sid}, and the sources column does not name it",
                    )
                )
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.row, e.column)))
    report = ImportReport(dry_run=dry_run, warnings=warnings)
    report.sources = sorted(create)
    if create:
        report.warnings.append(
            f"{len(create)} cited source(s) not in the case were created from the sources "
            "column, with their ids and titles only"
        )

    def before_events(target: Case | None) -> None:
        for sid in sorted(create) if target is not None else ():
            target.create_source(title=create[sid], source_id=sid)  # type: ignore[union-attr]

    write_rows(
        case,
        plan.rows,
        report,
        keep_ids=keep_ids,
        existing_ids=existing_ids,
        before_events=before_events,
        merge=merge,
    )
    return report


def _looked_at(taken: set[int], plan: ImportPlan, sources: dict[int, str]) -> bool:
    """Whether some row needs a look of its own: an id the case has, or a citation of a
    source the case does not have or calls by another title than the file (else every
    source cited is the case's, and no row has anything to say)."""
    if taken:
        return True
    groups = dict.fromkeys(map(itemgetter(11), plan.rows))
    for sid in {cite[0] for group in groups for cite in group}:
        title = plan.source_titles.get(sid, (0, ""))[1]
        if sid not in sources or (title and title != sources[sid]):
            return True
    return False


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _date(
    text: str,
    column: str,
    day_first: bool,
    bad: Any,
    parsed: dict[str, FuzzyDate | str] | None = None,
    settings: DateSettings | None = None,
) -> FuzzyDate | None:
    """The date in ``text`` (None when blank); ``parsed`` remembers texts already read."""
    if not text.strip():
        return None
    found = parsed.get(text) if parsed is not None else None
    if found is None:
        try:
            zone = None if settings is None else settings.time_zone
            south = settings is not None and settings.southern
            found = FuzzyDate.parse(text, day_first=day_first, zone=zone, southern=south)
        except DateError as error:
            found = error.reason
        if parsed is not None:
            parsed[text] = found
    if isinstance(found, str):
        bad(column, f"{_short(text.strip())} is not a usable date: {found}")
        return None
    return found


def _citation(item: list[str], bad: Any) -> tuple[int, str, str, str] | None:
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
    return (int(sid), pinpoint, stance, quote)
