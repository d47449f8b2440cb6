"""Exporting a case as a TimelineJS (TL3) JSON document that keeps the record honest.

Each slide's text opens with the event's status ("Alleged") and, where it is not plainly
supported, its standing derived from the citations' stances; then the description; then
every citation (source, pinpoint, quote, stance and the source's web address). The media
credits a cited source: its own address where TimelineJS shows that kind of address, else
the cited passage as a quotation (see :mod:`.media`). Eras are eras. The
title slide names the case and says how many events were left out and why. Undated events
are reported and left out, or, with ``undated_slide``, listed on one slide of their own
(shown as "Undated" and placed at the last dated event). A case with nothing TimelineJS
can show raises :class:`NothingToShow`. Dates are written through :func:`timeline_date`.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from app.domain.dates import FuzzyDate, Precision, Qualifier
from app.domain.links import decide_url
from app.domain.records import EventFilter, EventRecord, SourceRecord
from app.interchange.output_policy import PRIVILEGED, policy_of
from app.interchange.privileged_notes import labelled
from app.interchange.timelinejs.media import slide_media
from app.interchange.timelinejs.plan import (
    inner_points,
    plain_parts,
    to_timelinejs_year,
    wall_start,
)
from app.store.case import Case

STATUS_WORDS = {"alleged": "Alleged", "disputed": "Disputed", "undisputed": "Undisputed"}
STANDING_WHY = {
    "unsupported": "no source is cited for it",
    "contested": "its sources disagree",
    "contradicted": "its sources contradict it",
}


class NothingToShow(ValueError):
    """The case (as narrowed) has no event TimelineJS can place."""


@dataclass
class TimelineExport:
    """The document and exactly what it holds."""

    doc: dict[str, Any]
    slides: int = 0  # event slides (dated events)
    undated: int = 0  # undated events: left out, or listed on the undated slide
    undated_slide: bool = False
    eras: int = 0
    filtered_out: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """What was written, for the export verb ("7 event slide(s), 2 era(s); ...")."""
        parts = [f"{self.slides} event slide(s)"]
        if self.undated_slide:
            parts.append(f"1 slide listing {self.undated} undated event(s)")
        if self.eras:
            parts.append(f"{self.eras} era(s)")
        text = ", ".join(parts)
        if self.undated and not self.undated_slide:
            text += (
                f"; {self.undated} undated event(s) left out (TimelineJS places every slide "
                "on a date; --undated-slide lists them on a slide of their own)"
            )
        if self.filtered_out:
            text += f"; {self.filtered_out} event(s) outside the filter left out"
        return text


def _parts(point: FuzzyDate) -> dict[str, int]:
    """Year, month, ... of where the date starts on its own clock (a year BC as TimelineJS
    shows it: 300 BC is -300, shown "300 BCE"); a decade or century gives its first year, a
    quarter, season or early/mid/late its first month."""
    y, mo, d, hh, mm, ss = wall_start(point).parts()
    p = point.precision
    out = {"year": to_timelinejs_year(y)}
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


def timeline_date(point: FuzzyDate) -> dict[str, Any]:
    """One exact date as TimelineJS's date object: the parts the claim gives, on its own
    clock (-300 for 300 BC, which TimelineJS shows as "300 BCE")."""
    return _parts(point)


def _date_object(claim: FuzzyDate, which: int = 0) -> dict[str, Any]:
    obj: dict[str, Any] = _parts(inner_points(claim)[which])
    if not plain_parts(claim) and which == 0:
        obj["display_date"] = html.escape(claim.text)
    return obj


def _html(text: str) -> str:
    return html.escape(text).replace("\r\n", "\n").replace("\n", "<br>")


def _web(source: SourceRecord | None) -> str | None:
    if source is None or not source.url:
        return None
    decision = decide_url(source.url)
    return decision.url if decision.action == "confirm_web" else None


def _record_html(ev: EventRecord, sources: dict[int, SourceRecord]) -> str:
    """The slide's text: status (and standing), description, citations."""
    status = STATUS_WORDS.get(ev.status, ev.status.capitalize())
    head = f"<p><strong>Status: {html.escape(status)}</strong>"
    derived = ev.standing  # app.domain.standing, from the citations' stances
    if derived != "supported":
        head += f" &middot; {derived.capitalize()}: {STANDING_WHY[derived]}"
    parts = [head + "</p>"]
    if ev.description.strip():
        parts.append(f"<p>{_html(ev.description)}</p>")
    items = []
    for c in ev.citations:
        s = sources.get(c.source_id)
        item = f"<strong>{html.escape(c.source_title)}</strong>"
        if c.pinpoint:
            item += f", {html.escape(c.pinpoint)}"
        if c.quote:
            item += f": &ldquo;{_html(c.quote)}&rdquo;"
        item += f" ({html.escape(c.stance)})"
        url = _web(s)
        if url:
            item += f' <a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>'
        items.append(f"<li>{item}</li>")
    if items:
        parts.append(f"<p>Sources:</p><ol>{''.join(items)}</ol>")
    return "".join(parts)


def _slide(ev: EventRecord, sources: dict[int, SourceRecord]) -> dict[str, Any]:
    assert ev.start is not None
    item: dict[str, Any] = {
        "start_date": _date_object(ev.start),
        "text": {"headline": _html(ev.title), "text": _record_html(ev, sources)},
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
    web = {c.source_id: _web(sources.get(c.source_id)) for c in ev.citations}
    media = slide_media(list(ev.citations), sources, web)
    if media is not None:
        item["media"] = media
    item["unique_id"] = f"event-{ev.id}"
    return item


def _undated_slide(
    undated: list[EventRecord], sources: dict[int, SourceRecord], last: FuzzyDate | None
) -> dict[str, Any]:
    when = (
        timeline_date(inner_points(last)[-1]) if last is not None else {"year": date.today().year}
    )
    when = {k: v for k, v in when.items() if k != "display_date"}
    listed = "".join(
        f"<li><strong>{_html(ev.title)}</strong>{_record_html(ev, sources)}</li>" for ev in undated
    )
    return {
        "start_date": when,
        "display_date": "Undated",
        "text": {
            "headline": f"Undated events ({len(undated)})",
            "text": "<p>These events have no date in the case; they are listed here, not "
            f"placed on the timeline.</p><ol>{listed}</ol>",
        },
        "unique_id": "undated-events",
    }


def build_timelinejs(
    case: Case, flt: EventFilter | None = None, *, undated_slide: bool = False
) -> TimelineExport:
    """The case (narrowed by ``flt``) as a TimelineJS document, with what it holds."""
    flt = flt or EventFilter()
    sources = {s.id: s for s in case.sources()}
    chosen = case.events(flt)
    dated = [ev for ev in chosen if ev.start is not None]
    undated = [ev for ev in chosen if ev.start is None]
    total = len(case.event_ids())
    out = TimelineExport(doc={}, slides=len(dated), undated=len(undated))
    out.filtered_out = total - len(chosen)
    out.undated_slide = undated_slide and bool(undated)
    if not dated and not out.undated_slide:
        if undated:
            raise NothingToShow(
                f"nothing TimelineJS can show: the {len(undated)} event(s) are all undated "
                "(--undated-slide lists them on a slide of their own)"
            )
        raise NothingToShow(
            "nothing TimelineJS can show: no events"
            + (" match the filter" if out.filtered_out else " in the case")
        )
    events = [_slide(ev, sources) for ev in dated]
    privileged = policy_of(case).include_privileged
    if privileged:  # asked for explicitly: each note on its slide, the file marked
        for ev, slide in zip(dated, events, strict=True):
            if note := labelled(ev):
                slide["text"]["text"] += f"<p><strong>{html.escape(note)}</strong></p>"
    if out.undated_slide:
        last = max((ev.start for ev in dated if ev.start), key=lambda d: d.latest, default=None)
        events.append(_undated_slide(undated, sources, last))
        if any("group" in item for item in events):  # a lane of its own, not a nameless one
            events[-1]["group"] = "Undated"
    notes = [f"{len(dated)} event(s) shown"]
    if undated and not out.undated_slide:
        notes.append(
            f"{len(undated)} undated event(s) left out: TimelineJS places every slide on a date"
        )
    elif undated:
        notes.append(f"{len(undated)} undated event(s) listed on the last slide")
    if out.filtered_out:
        notes.append(f"{out.filtered_out} event(s) left out by the export's filter")
    title_text = "".join(f"<p>{html.escape(n)}.</p>" for n in notes)
    if privileged:
        title_text = f"<p><strong>{html.escape(PRIVILEGED)}</strong></p>" + title_text
    doc: dict[str, Any] = {
        "title": {"text": {"headline": html.escape(case.title), "text": title_text}},
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
    out.doc, out.eras = doc, len(eras)
    return out


def export_timelinejs(
    case: Case, flt: EventFilter | None = None, *, undated_slide: bool = False
) -> dict[str, Any]:
    """The case as a TimelineJS (TL3) JSON document (see :func:`build_timelinejs`)."""
    return build_timelinejs(case, flt, undated_slide=undated_slide).doc


def write_timelinejs(
    case: Case, path: str | os.PathLike[str], flt: EventFilter | None = None
) -> None:
    """Export to ``path`` atomically."""
    from app.interchange.atomic import write_text_atomically

    text = json.dumps(export_timelinejs(case, flt), ensure_ascii=False, indent=2) + "\n"
    write_text_atomically(Path(path), text)
