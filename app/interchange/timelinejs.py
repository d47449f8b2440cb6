"""TimelineJS (Knight Lab, TL3): import its JSON and its spreadsheet template, export JSON.

Import (all-or-nothing, every problem reported as a :class:`RowError`):

- JSON ``{"title": {...}, "events": [...], "eras": [...]}``; for JSON a ``RowError``'s
  ``row`` is the item's 1-based position and ``column`` the path to the value.
- The spreadsheet template as CSV: Year, Month, Day, Time, End Year, End Month, End Day,
  End Time, Display Date, Headline, Text, Media, Media Credit, Media Caption,
  Media Thumbnail, Type, Group, Background. Type "title" sets the case title, "era" makes an
  era, blank makes an event.

Dates keep exactly the precision given (Year -> year, +Month -> month, +Day -> day, a time
-> minute; an hour without minutes counts as HH:00). A display date that reads as a
qualified claim about the same date ("circa 2004", "between 2013 and 2014") keeps that
qualifier; any other display date is dropped with a warning. HTML in text becomes plain
text (:mod:`app.interchange.plaintext`). Group becomes a tag; Media (an http/https URL)
becomes a source of kind "web" cited with stance "context" (an existing source with the
same URL is reused). Media Thumbnail, Background (except an era's ``#rrggbb`` colour) and
the title slide's text are not kept.

Export writes TL3 JSON: undated events are left out (TimelineJS cannot place them); the
headline and text are the plain text HTML-escaped (line breaks as ``<br>``); group is the
first tag; media is the first cited source with an http(s) URL; ``display_date`` is the date
as written for circa/before/after/between claims.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.domain.dates import DateError, FuzzyDate, Precision, Qualifier
from app.domain.links import decide_url
from app.domain.records import EventFilter
from app.interchange.csvfmt import PlannedCitation, PlannedEvent, write_events
from app.interchange.import_outcome import ImportRejected, ImportReport, RowError
from app.interchange.plaintext import html_to_text
from app.interchange.table import MAX_CELL, read_table
from app.store.case import Case

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
MEDIA_STANCE = "context"
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


# -- the plan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Media:
    url: str
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True)
class PlannedEra:
    row: int
    name: str
    start: FuzzyDate
    end: FuzzyDate
    colour: str = ""


@dataclass
class TimelinePlan:
    """A checked TimelineJS file: what would be written, every error, and warnings."""

    title: str | None = None
    events: list[PlannedEvent] = field(default_factory=list)
    media: dict[int, Media] = field(default_factory=dict)  # index in events -> media
    eras: list[PlannedEra] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


Bad = Callable[[str, str], None]


def _number(value: Any, column: str, bad: Bad) -> int | None:
    """A date part: a whole number or digit text; blank/None is missing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        bad(column, "must be a whole number")
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if text.isascii() and text.isdigit() and len(text) <= 6:
        return int(text)
    shown = text if len(text) <= 20 else text[:20] + "..."
    bad(column, f"{shown!r} is not a whole number")
    return None


def _date(
    parts: dict[str, Any], columns: dict[str, str], bad: Bad, *, time: Any = None
) -> FuzzyDate | None:
    """A date from year/month/day/hour/minute parts; None when no part is given."""
    nums = {k: _number(parts.get(k), columns[k], bad) for k in columns if k != "time"}
    if time is not None and str(time).strip():
        m = _TIME.fullmatch(str(time).strip())
        if m is None:
            bad(columns["time"], f"{str(time)[:20]!r} is not a time (HH:MM)")
            return None
        hour, minute = int(m[1]), int(m[2])
        if m[3]:
            if not 1 <= hour <= 12:
                bad(columns["time"], f"{time!r} is not a 12-hour time")
                return None
            hour = hour % 12 + (12 if m[3][0] in "pP" else 0)
        nums["hour"], nums["minute"] = hour, minute
    if nums.get("hour") is not None and nums.get("minute") is None:
        nums["minute"] = 0
    if all(v is None for v in nums.values()):
        return None
    if nums.get("year") is None:
        bad(columns["year"], "a date needs a year")
        return None
    try:
        return FuzzyDate.from_parts(
            nums["year"],  # type: ignore[arg-type]
            nums.get("month"),
            nums.get("day"),
            nums.get("hour"),
            nums.get("minute"),
        )
    except DateError as error:
        given = "-".join(str(nums[k]) for k in ("year", "month", "day") if nums.get(k) is not None)
        bad(columns["year"], f"{given} is not a possible date: {error.reason}")
        return None


def _inner_points(claim: FuzzyDate) -> list[FuzzyDate]:
    """The exact date(s) a claim was made from ("circa 2004" -> [2004])."""
    iso = claim.to_iso()
    if iso.endswith("~"):
        iso = iso[:-1]
    elif iso.startswith("../"):
        iso = iso[3:]
    elif iso.endswith("/.."):
        iso = iso[:-3]
    return [FuzzyDate.from_iso(p) for p in iso.split("/")]


def _apply_display(
    start: FuzzyDate | None,
    end: FuzzyDate | None,
    display: str,
    day_first: bool,
    *,
    end_given_alone: bool = True,
) -> tuple[FuzzyDate | None, FuzzyDate | None, bool]:
    """Use a display date that qualifies the given start (and end); report if it was used."""
    if start is None or not display.strip():
        return start, end, not display.strip()
    try:
        claim = FuzzyDate.parse(display, day_first=day_first)
    except DateError:
        return start, end, False
    points = _inner_points(claim)
    if not points[0].same_claim(start):
        return start, end, False
    if claim.qualifier is Qualifier.BETWEEN:
        if end is not None and points[1].same_claim(end):
            return claim, None, True
        if end is None or not end_given_alone:
            return claim, end, True
        return start, end, False
    return claim, end, True


def _text(value: Any, column: str, bad: Bad, *, is_html: bool = True) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        bad(column, "must be text")
        return ""
    if "\x00" in value:
        bad(column, "contains a NUL character")
        return ""
    if len(value) > MAX_CELL:
        bad(column, f"longer than {MAX_CELL:,} characters ({len(value):,})")
        return ""
    return html_to_text(value) if is_html else value.strip()


def _media(url: str, caption: str, credit: str, column: str, bad: Bad) -> Media | None:
    url = url.strip()
    if not url:
        return None
    if not re.match(r"https?://[^\s/]+", url, re.IGNORECASE) or any(c.isspace() for c in url):
        shown = url if len(url) <= 40 else url[:40] + "..."
        bad(column, f"{shown!r} is not an http(s) address; only web media can become a source")
        return None
    return Media(url, caption, credit)


def _event(
    plan: TimelinePlan,
    row: int,
    *,
    title: str,
    text: str,
    start: FuzzyDate | None,
    end: FuzzyDate | None,
    group: str,
    media: Media | None,
    bad: Bad,
    title_column: str,
    row_failed: bool = False,
) -> None:
    if not title:
        first_line = text.strip().split("\n", 1)[0]
        title = first_line if len(first_line) <= 80 else first_line[:77].rstrip() + "..."
    if not title and not row_failed:
        bad(title_column, "an event needs a headline (or text)")
    if start is None and not row_failed:
        bad(title_column, "an event needs a start date (Year)")
    if start is not None and end is not None and end.latest <= start.earliest:
        bad(title_column, f"the end ({end.text}) is before the start ({start.text})")
    tag = " ".join(group.split())
    plan.events.append(
        PlannedEvent(
            row=row,
            title=title,
            description=text,
            start=start,
            end=end,
            tags=(tag,) if tag else (),
        )
    )
    if media is not None:
        plan.media[len(plan.events) - 1] = media


def _era(
    plan: TimelinePlan,
    row: int,
    name: str,
    start: FuzzyDate | None,
    end: FuzzyDate | None,
    colour: str,
    bad: Bad,
    column: str,
) -> None:
    if not name:
        bad(column, "an era needs a headline (its name)")
    if start is None or end is None:
        bad(column, "an era needs a start and an end date")
        return
    if end.latest <= start.earliest:
        bad(column, f"the era's end ({end.text}) is before its start ({start.text})")
        return
    plan.eras.append(PlannedEra(row, name, start, end, colour))


# -- JSON import ----------------------------------------------------------------------------


def _json_date(obj: Any, path: str, bad: Bad) -> tuple[FuzzyDate | None, str]:
    if obj is None:
        return None, ""
    if not isinstance(obj, dict):
        bad(path, "must be an object with year, month, day ...")
        return None, ""
    columns = {k: f"{path}.{k}" for k in ("year", "month", "day", "hour", "minute")}
    display = _text(obj.get("display_date"), f"{path}.display_date", bad)
    return _date(obj, columns, bad), display


def check_timelinejs(data: bytes | str, day_first: bool = False) -> TimelinePlan:
    """Check a TimelineJS JSON file without touching any case."""
    plan = TimelinePlan()
    try:
        doc = json.loads(data)
    except UnicodeDecodeError as error:
        plan.errors.append(RowError(0, "", f"not valid UTF-8 (byte offset {error.start})"))
        return plan
    except json.JSONDecodeError as error:
        plan.errors.append(
            RowError(
                0, "", f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
            )
        )
        return plan
    except RecursionError:
        plan.errors.append(RowError(0, "", "not usable JSON (nested too deeply)"))
        return plan
    if not isinstance(doc, dict) or not isinstance(doc.get("events", []), list):
        plan.errors.append(RowError(0, "", 'not a TimelineJS document (no "events" list)'))
        return plan

    title = doc.get("title")
    if title is not None:

        def bad_title(column: str, reason: str) -> None:
            plan.errors.append(RowError(1, column, reason))

        if isinstance(title, dict):
            text = title.get("text") or {}
            if isinstance(text, dict):
                headline = _text(text.get("headline"), "title.text.headline", bad_title)
                plan.title = headline or None
                if text.get("text"):
                    plan.warnings.append("the title slide's text is not kept")
            else:
                bad_title("title.text", "must be an object")
        else:
            bad_title("title", "must be an object")

    for i, ev in enumerate(doc.get("events", [])):
        row, path = i + 1, f"events[{i}]"

        def bad(column: str, reason: str, row: int = row) -> None:
            plan.errors.append(RowError(row, column, reason))

        if not isinstance(ev, dict):
            bad(path, "must be an object")
            continue
        before = len(plan.errors)
        start, start_display = _json_date(ev.get("start_date"), f"{path}.start_date", bad)
        end, end_display = _json_date(ev.get("end_date"), f"{path}.end_date", bad)
        display = _text(ev.get("display_date"), f"{path}.display_date", bad)
        start, end = _displayed(
            plan, row, start, end, start_display, end_display, display, day_first
        )
        text = ev.get("text") or {}
        if not isinstance(text, dict):
            bad(f"{path}.text", "must be an object")
            text = {}
        media_obj = ev.get("media") or {}
        media = None
        if not isinstance(media_obj, dict):
            bad(f"{path}.media", "must be an object")
        else:
            url = _text(media_obj.get("url"), f"{path}.media.url", bad, is_html=False)
            caption = _text(media_obj.get("caption"), f"{path}.media.caption", bad)
            credit = _text(media_obj.get("credit"), f"{path}.media.credit", bad)
            media = _media(url, caption, credit, f"{path}.media.url", bad)
        _event(
            plan,
            row,
            title=_text(text.get("headline"), f"{path}.text.headline", bad),
            text=_text(text.get("text"), f"{path}.text.text", bad),
            start=start,
            end=end,
            group=_text(ev.get("group"), f"{path}.group", bad),
            media=media,
            bad=bad,
            title_column=f"{path}.text.headline",
            row_failed=len(plan.errors) > before,
        )

    eras = doc.get("eras", [])
    if not isinstance(eras, list):
        plan.errors.append(RowError(0, "eras", "must be a list"))
        eras = []
    for i, era in enumerate(eras):
        row, path = i + 1, f"eras[{i}]"

        def bad_era(column: str, reason: str, row: int = row) -> None:
            plan.errors.append(RowError(row, column, reason))

        if not isinstance(era, dict):
            bad_era(path, "must be an object")
            continue
        start, start_display = _json_date(era.get("start_date"), f"{path}.start_date", bad_era)
        end, end_display = _json_date(era.get("end_date"), f"{path}.end_date", bad_era)
        start = _own_display(start, start_display, day_first)
        end = _own_display(end, end_display, day_first)
        text = era.get("text") or {}
        name = ""
        if isinstance(text, dict):
            name = _text(text.get("headline"), f"{path}.text.headline", bad_era)
        _era(plan, row, name, start, end, "", bad_era, f"{path}.text.headline")
    return plan


def _own_display(value: FuzzyDate | None, display: str, day_first: bool) -> FuzzyDate | None:
    """A date object's own display_date, if it qualifies that same date."""
    if value is None or not display:
        return value
    used, _, ok = _apply_display(value, None, display, day_first)
    return used if ok else value


def _displayed(
    plan: TimelinePlan,
    row: int,
    start: FuzzyDate | None,
    end: FuzzyDate | None,
    start_display: str,
    end_display: str,
    display: str,
    day_first: bool,
) -> tuple[FuzzyDate | None, FuzzyDate | None]:
    if start_display or end_display:
        new_end = _own_display(end, end_display, day_first) if end_display else end
        if not start_display:
            return start, new_end
        new_start, consumed, ok = _apply_display(
            start, None if end_display else end, start_display, day_first, end_given_alone=False
        )
        if not ok:
            plan.warnings.append(f"row {row}: display date {start_display!r} was not kept")
        return new_start, new_end if end_display else consumed
    if display:
        new_start, new_end, ok = _apply_display(start, end, display, day_first)
        if not ok:
            plan.warnings.append(f"row {row}: display date {display!r} was not kept")
        return new_start, new_end
    return start, end


# -- CSV template import ----------------------------------------------------------------


def check_timelinejs_csv(data: bytes, day_first: bool = False) -> TimelinePlan:
    """Check a TimelineJS spreadsheet template saved as CSV, without touching any case."""
    table = read_table(data, known=TEMPLATE_COLUMNS, required=("year", "headline"))
    plan = TimelinePlan(errors=list(table.errors))
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
        headline = _text(cells.get("headline", ""), "Headline", bad)
        if kind == "title":
            if title_row:
                bad("Type", f"a second title row (the first is row {title_row})")
            title_row = row
            plan.title = headline or None
            if cells.get("text", "").strip():
                plan.warnings.append(f"row {row}: the title slide's text is not kept")
            continue
        start = _date(
            cells,
            {"year": "Year", "month": "Month", "day": "Day", "time": "Time"},
            bad,
            time=cells.get("time"),
        )
        end = _date(
            {k.removeprefix("end "): v for k, v in cells.items() if k.startswith("end ")},
            {"year": "End Year", "month": "End Month", "day": "End Day", "time": "End Time"},
            bad,
            time=cells.get("end time"),
        )
        display = _text(cells.get("display date", ""), "Display Date", bad)
        if kind == "era":
            colour = cells.get("background", "").strip()
            if _COLOUR.fullmatch(colour):
                dropped.discard("background")
            _era(
                plan,
                row,
                headline,
                start,
                end,
                colour if _COLOUR.fullmatch(colour) else "",
                bad,
                "Headline",
            )
            continue
        if kind:
            bad("Type", f"unknown type {kind[:20]!r}; use title, era or leave it blank")
            continue
        start, end = _displayed(plan, row, start, end, "", "", display, day_first)
        media = _media(
            cells.get("media", ""),
            _text(cells.get("media caption", ""), "Media Caption", bad),
            _text(cells.get("media credit", ""), "Media Credit", bad),
            "Media",
            bad,
        )
        _event(
            plan,
            row,
            title=headline,
            text=_text(cells.get("text", ""), "Text", bad),
            start=start,
            end=end,
            group=_text(cells.get("group", ""), "Group", bad),
            media=media,
            bad=bad,
            title_column="Headline",
            row_failed=len(plan.errors) > before,
        )
    for column in sorted(dropped):
        plan.warnings.append(f"the {column.title()} column is not kept")
    return plan


# -- writing a plan -------------------------------------------------------------------------


def import_timelinejs(case: Case, data: bytes | str, *, dry_run: bool = False) -> ImportReport:
    """Import a TimelineJS JSON file into ``case`` in one transaction, or nothing.

    Raises :class:`ImportRejected` with every problem; the case is then unchanged.
    """
    return _import(case, check_timelinejs(data, case.day_first), dry_run)


def import_timelinejs_csv(case: Case, data: bytes, *, dry_run: bool = False) -> ImportReport:
    """Import the TimelineJS spreadsheet template (as CSV) into ``case``, or nothing."""
    return _import(case, check_timelinejs_csv(data, case.day_first), dry_run)


def _import(case: Case, plan: TimelinePlan, dry_run: bool) -> ImportReport:
    if plan.errors:
        raise ImportRejected(sorted(plan.errors, key=lambda e: (e.row, e.column)))
    report = ImportReport(dry_run=dry_run, warnings=list(plan.warnings), title=plan.title)
    existing = case.sources()
    by_url = {s.url: s.id for s in existing if s.url}
    next_id = max([s.id for s in existing] + [0]) + 1
    new_sources: dict[str, tuple[int, Media]] = {}
    events = list(plan.events)
    for index, media in plan.media.items():
        sid = by_url.get(media.url)
        if sid is None:
            if media.url not in new_sources:
                new_sources[media.url] = (next_id, media)
                next_id += 1
            sid = new_sources[media.url][0]
        events[index] = replace(
            events[index], citations=(PlannedCitation(sid, "", MEDIA_STANCE, ""),)
        )
    report.sources = [sid for sid, _ in new_sources.values()]

    def before_events(target: Case | None) -> None:
        if target is None:
            return
        if plan.title:
            target.update_case_info(title=plan.title)
        for sid, media in new_sources.values():
            target.create_source(
                title=media.caption or media.url,
                kind="web",
                url=media.url,
                author=media.credit,
                source_id=sid,
            )
        for era in plan.eras:
            report.eras.append(
                target.create_era(
                    name=era.name, start=era.start, end=era.end, colour=era.colour
                ).created("era")
            )

    write_events(
        case,
        events,
        report,
        keep_ids=False,
        existing_ids=set(case.event_ids()),
        before_events=before_events,
    )
    return report


# -- export ---------------------------------------------------------------------------------


def _parts(point: FuzzyDate) -> dict[str, int]:
    e, p = point.earliest, point.precision
    out = {"year": e.year}
    if p is not Precision.YEAR:
        out["month"] = e.month
    if p in (Precision.DAY, Precision.MINUTE):
        out["day"] = e.day
    if p is Precision.MINUTE:
        out.update(hour=e.hour, minute=e.minute)
    return out


def _date_object(claim: FuzzyDate, which: int = 0) -> dict[str, Any]:
    obj: dict[str, Any] = _parts(_inner_points(claim)[which])
    if claim.qualifier is not Qualifier.EXACT and which == 0:
        obj["display_date"] = html.escape(claim.text)
    return obj


def _html(text: str) -> str:
    return html.escape(text).replace("\r\n", "\n").replace("\n", "<br>")


def export_timelinejs(case: Case, flt: EventFilter | None = None) -> dict[str, Any]:
    """The case as a TimelineJS (TL3) JSON document; undated events are left out."""
    sources = {s.id: s for s in case.sources()}
    events = []
    for ev in case.events(flt or EventFilter()):
        if ev.start is None:
            continue
        item: dict[str, Any] = {
            "start_date": _date_object(ev.start),
            "text": {"headline": _html(ev.title), "text": _html(ev.description)},
        }
        if ev.end is not None:
            item["end_date"] = _date_object(ev.end)
        elif ev.start.qualifier is Qualifier.BETWEEN:
            item["end_date"] = _date_object(ev.start, 1)
        qualified = [d for d in (ev.start, ev.end) if d and d.qualifier is not Qualifier.EXACT]
        if qualified:
            shown = ev.start.text if ev.end is None else f"{ev.start.text} – {ev.end.text}"
            item["display_date"] = html.escape(shown)
        if ev.tags:
            item["group"] = html.escape(ev.tags[0])
        for c in ev.citations:
            s = sources.get(c.source_id)
            decision = decide_url(s.url) if s is not None and s.url else None
            if s is not None and decision is not None and decision.action == "confirm_web":
                item["media"] = {
                    "url": decision.url,
                    "caption": html.escape(s.title),
                    "credit": html.escape(s.author),
                }
                break
        item["unique_id"] = f"event-{ev.id}"
        events.append(item)
    doc: dict[str, Any] = {
        "title": {"text": {"headline": html.escape(case.title), "text": ""}},
        "events": events,
    }
    eras = [
        {
            "start_date": _date_object(era.start),
            "end_date": _date_object(era.end),
            "text": {"headline": html.escape(era.name)},
        }
        for era in case.eras()
    ]
    if eras:
        doc["eras"] = eras
    return doc


def write_timelinejs(
    case: Case, path: str | os.PathLike[str], flt: EventFilter | None = None
) -> None:
    """Export to ``path`` atomically."""
    from app.interchange.atomic import write_text_atomically

    text = json.dumps(export_timelinejs(case, flt), ensure_ascii=False, indent=2) + "\n"
    write_text_atomically(Path(path), text)
