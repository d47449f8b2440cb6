"""The text of the tooltip shown when hovering over an event or a cluster on the canvas."""

from __future__ import annotations

import html
from datetime import timedelta

from app.domain.columns import FLAG_KEY, EventColumns, standing_code, warns_at
from app.domain.instants import from_seconds
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
    lo = from_seconds(int(cols.start_lo[i]))
    hi = from_seconds(int(cols.end_hi[i]))
    last = hi - timedelta(seconds=1)
    return f"{lo:%d %b %Y} \u2013 {last:%d %b %Y} (whole interval the date allows)"
