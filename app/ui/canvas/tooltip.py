"""The text of the tooltip shown when hovering over an event or a cluster on the canvas."""

from __future__ import annotations

import html

from app.domain.columns import (
    FLAG_KEY,
    FLAG_OPEN_END,
    FLAG_OPEN_START,
    FLAG_SPAN,
    EventColumns,
    standing_code,
    warns_at,
)
from app.domain.date_display import day_words
from app.domain.standing import STANDINGS, warning_line
from app.timeline.layout import Item
from app.ui.canvas.paint import STATUS_COLOURS


def tooltip_html(cols: EventColumns | None, item: Item) -> str:
    """Title, whole date interval, status and warnings of ``item`` (or a cluster's count)."""
    if item.event_id < 0:
        return f"{item.count} events here: click to zoom in"
    assert cols is not None
    i = item.index
    flags = int(cols.flags[i])
    lines = [cols.titles[i]]
    lines.append(_interval_text(cols, i))
    status = STATUS_COLOURS[int(cols.status[i])][0]
    standing = STANDINGS[standing_code(flags)]
    lines.append(status + (" · key fact" if flags & FLAG_KEY else "") + f" · {standing}")
    if warns_at(int(cols.status[i]), flags):
        lines.append("\u26a0 " + warning_line(status, standing))
    # QToolTip treats text that looks like HTML as rich text; escape to keep it literal.
    return "<p style='white-space:pre'>" + html.escape("\n".join(lines)) + "</p>"


def _interval_text(cols: EventColumns, i: int) -> str:
    """The interval the date allows; an open side is named, never given as year 1 or 9999."""
    flags = int(cols.flags[i])
    open_start, open_end = flags & FLAG_OPEN_START, flags & FLAG_OPEN_END
    span = flags & FLAG_SPAN

    def day(seconds: int) -> str:
        return day_words(seconds)

    first = day(int(cols.start_lo[i]))
    if open_start:
        first = f"any time before {day(int(cols.start_hi[i]))}"
    last = day(int(cols.end_hi[i]) - 1)
    if open_end:
        last = f"any time from {day(int(cols.end_lo[i] if span else cols.start_lo[i]))} on"
    if not span and (open_start or open_end):
        return f"{first if open_start else last} (open-ended)"
    note = "open-ended" if open_start or open_end else "whole interval the date allows"
    return f"{first} \u2013 {last} ({note})"
