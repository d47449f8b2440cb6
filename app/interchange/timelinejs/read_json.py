"""Reading a TimelineJS (TL3) JSON document into a :class:`TimelinePlan`.

A ``RowError``'s ``row`` is the item's 1-based position and ``column`` the path to the
value ("events[2].start_date.year").
"""

from __future__ import annotations

import json
from typing import Any

from app.domain.dates import DateSettings, FuzzyDate
from app.interchange.import_outcome import RowError
from app.interchange.timelinejs.plan import (
    Bad,
    TimelinePlan,
    add_era,
    add_event,
    cell_text,
    date_from_parts,
    displayed_dates,
    media_from,
    own_display_date,
    quoted_source,
)
from app.interchange.timelinejs.read_tl2 import from_timelinejs2, is_timelinejs2

TIMELINEJS2 = (
    "this is a TimelineJS 2 file; it was read as the TimelineJS 3 file it stands for "
    '(a problem names its "date" item as events[n])'
)


def _json_date(obj: Any, path: str, bad: Bad) -> tuple[FuzzyDate | None, str]:
    if obj is None:
        return None, ""
    if not isinstance(obj, dict):
        bad(path, "must be an object with year, month, day ...")
        return None, ""
    columns = {k: f"{path}.{k}" for k in ("year", "month", "day", "hour", "minute", "second")}
    display = cell_text(obj.get("display_date"), f"{path}.display_date", bad)
    return date_from_parts(obj, columns, bad), display


def check_timelinejs(data: bytes | str, day_first: bool | DateSettings = False) -> TimelinePlan:
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
    if is_timelinejs2(doc):
        doc = from_timelinejs2(doc)
        plan.warnings.append(TIMELINEJS2)
    if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
        plan.errors.append(RowError(0, "events", 'not a TimelineJS file: no "events" list'))
        return plan

    title = doc.get("title")
    if title is not None:

        def bad_title(column: str, reason: str) -> None:
            plan.errors.append(RowError(1, column, reason))

        if isinstance(title, dict):
            text = title.get("text") or {}
            if isinstance(text, dict):
                headline = cell_text(text.get("headline"), "title.text.headline", bad_title)
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
        display = cell_text(ev.get("display_date"), f"{path}.display_date", bad)
        start, end = displayed_dates(
            plan, row, start, end, start_display, end_display, display, day_first
        )
        text = ev.get("text") or {}
        if not isinstance(text, dict):
            bad(f"{path}.text", "must be an object")
            text = {}
        media_obj = ev.get("media") or {}
        media, note, caption, credit = None, "", "", ""

        def warn(message: str, row: int = row) -> None:
            plan.warnings.append(f"row {row}: {message}")

        if not isinstance(media_obj, dict):
            bad(f"{path}.media", "must be an object")
        else:
            url = cell_text(media_obj.get("url"), f"{path}.media.url", bad, is_html=False)
            caption = cell_text(media_obj.get("caption"), f"{path}.media.caption", bad)
            credit = cell_text(media_obj.get("credit"), f"{path}.media.credit", bad)
            link = media_obj.get("link")
            if quoted_source(url, caption, credit) and isinstance(link, str):
                url = link  # Casetrail's own export: the quoted source's web address
            media, note = media_from(url, caption, credit, f"{path}.media.url", bad, warn)
        add_event(
            plan,
            row,
            title=cell_text(text.get("headline"), f"{path}.text.headline", bad),
            text=cell_text(text.get("text"), f"{path}.text.text", bad),
            start=start,
            end=end,
            group=cell_text(ev.get("group"), f"{path}.group", bad),
            media=media,
            bad=bad,
            title_column=f"{path}.text.headline",
            row_failed=len(plan.errors) > before,
            note=note,
            caption=caption,
            credit=credit,
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
        start = own_display_date(start, start_display, day_first)
        end = own_display_date(end, end_display, day_first)
        text = era.get("text") or {}
        name = ""
        if isinstance(text, dict):
            name = cell_text(text.get("headline"), f"{path}.text.headline", bad_era)
        add_era(plan, row, name, start, end, "", bad_era, f"{path}.text.headline")
    return plan
