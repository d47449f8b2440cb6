"""Reading the TimelineJS spreadsheet template (saved as CSV) into a :class:`TimelinePlan`.

Type "title" sets the case title, "era" makes an era, blank makes an event.
"""

from __future__ import annotations

import re

from app.domain.dates import DateSettings
from app.interchange.import_outcome import RowError
from app.interchange.table import header_spelling, read_table, respell
from app.interchange.timelinejs.plan import (
    TimelinePlan,
    add_era,
    add_event,
    cell_text,
    date_from_parts,
    displayed_dates,
    media_from,
)

TEMPLATE_COLUMNS = (
    "year",
    "month",
    "day",
    "time",
    "end year",
    "end month",
    "end day",
    "end time",
    "display date",
    "headline",
    "text",
    "media",
    "media credit",
    "media caption",
    "media thumbnail",
    "type",
    "group",
    "background",
)
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def check_timelinejs_csv(data: bytes, day_first: bool | DateSettings = False) -> TimelinePlan:
    """Check a TimelineJS spreadsheet template saved as CSV, without touching any case."""
    spelled = header_spelling(data)
    extra = tuple(n for n in spelled if n not in TEMPLATE_COLUMNS)
    table = read_table(data, known=TEMPLATE_COLUMNS + extra, required=("year", "headline"))
    plan = TimelinePlan(errors=respell(table.errors, spelled))
    for column in extra:
        plan.warnings.append(f"the {spelled[column]!r} column is not a TimelineJS column; not kept")

    def name(column: str) -> str:
        """A column as the file spells it."""
        return spelled.get(column, column.title())

    title_row = 0
    dropped: set[str] = set()
    for row, cells in table.records:

        def bad(column: str, reason: str, row: int = row) -> None:
            plan.errors.append(RowError(row, column, reason))

        for column in ("media thumbnail", "background"):
            if cells.get(column, "").strip():
                dropped.add(column)
        kind = cells.get("type", "").strip().lower()
        before = len(plan.errors)
        headline = cell_text(cells.get("headline", ""), name("headline"), bad)
        if kind == "title":
            if title_row:
                bad(name("type"), f"a second title row (the first is row {title_row})")
            title_row = row
            plan.title = headline or None
            if cells.get("text", "").strip():
                plan.warnings.append(f"row {row}: the title slide's text is not kept")
            continue
        start = date_from_parts(
            cells,
            {k: name(k) for k in ("year", "month", "day", "time")},
            bad,
            time=cells.get("time"),
        )
        end = date_from_parts(
            {k.removeprefix("end "): v for k, v in cells.items() if k.startswith("end ")},
            {k: name(f"end {k}") for k in ("year", "month", "day", "time")},
            bad,
            time=cells.get("end time"),
        )
        display = cell_text(cells.get("display date", ""), name("display date"), bad)
        if kind == "era":
            colour = cells.get("background", "").strip()
            if _COLOUR.fullmatch(colour):
                dropped.discard("background")
            add_era(
                plan,
                row,
                headline,
                start,
                end,
                colour if _COLOUR.fullmatch(colour) else "",
                bad,
                name("headline"),
            )
            continue
        if kind:
            bad(name("type"), f"unknown type {kind[:20]!r}; use title, era or leave it blank")
            continue
        start, end = displayed_dates(plan, row, start, end, "", "", display, day_first)
        caption = cell_text(cells.get("media caption", ""), name("media caption"), bad)
        credit = cell_text(cells.get("media credit", ""), name("media credit"), bad)

        def warn(message: str, row: int = row) -> None:
            plan.warnings.append(f"row {row}: {message}")

        media, note = media_from(cells.get("media", ""), caption, credit, name("media"), bad, warn)
        add_event(
            plan,
            row,
            title=headline,
            text=cell_text(cells.get("text", ""), name("text"), bad),
            start=start,
            end=end,
            group=cell_text(cells.get("group", ""), name("group"), bad),
            media=media,
            bad=bad,
            title_column=name("headline"),
            row_failed=len(plan.errors) > before,
            note=note,
            caption=caption,
            credit=credit,
        )
    for column in sorted(dropped):
        plan.warnings.append(f"the {name(column)} column is not kept")
    return plan
