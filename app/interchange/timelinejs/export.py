"""Exporting a case as a TimelineJS (TL3) JSON document.

Undated events are left out (TimelineJS cannot place them); the headline and text are the
plain text HTML-escaped (line breaks as ``<br>``); group is the first tag; media is the
first cited source with an http(s) URL; ``display_date`` is the date as written for
circa/before/after/between claims.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import Any

from app.domain.dates import FuzzyDate, Precision, Qualifier
from app.domain.links import decide_url
from app.domain.records import EventFilter
from app.interchange.timelinejs.plan import inner_points, plain_parts, wall_start
from app.store.case import Case


def _parts(point: FuzzyDate) -> dict[str, int]:
    """Year, month, ... of where the date starts on its own clock (years astronomical, as
    TimelineJS counts them: -44 is 45 BC); a decade or century gives its first year, a
    quarter, season or early/mid/late its first month."""
    y, mo, d, hh, mm, ss = wall_start(point).parts()
    p = point.precision
    out = {"year": y}
    if p in (Precision.DECADE, Precision.CENTURY, Precision.YEAR):
        return out
    out["month"] = mo
    if p in (Precision.DAY, Precision.MINUTE, Precision.SECOND):
        out["day"] = d
    if p in (Precision.MINUTE, Precision.SECOND):
        out.update(hour=hh, minute=mm)
    if p is Precision.SECOND:
        out["second"] = ss
    return out


def _date_object(claim: FuzzyDate, which: int = 0) -> dict[str, Any]:
    obj: dict[str, Any] = _parts(inner_points(claim)[which])
    if not plain_parts(claim) and which == 0:
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
        qualified = [d for d in (ev.start, ev.end) if d and not plain_parts(d)]
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
