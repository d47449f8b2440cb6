"""The text of the tooltip shown when hovering over an event or a cluster on the canvas."""

from __future__ import annotations

import html

from app.domain.columns import FLAG_KEY, FLAG_UNSOURCED, EventColumns
from app.domain.date_display import day_words
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
    lines.append(
        status
        + (" · key fact" if flags & FLAG_KEY else "")
        + (" · no source cited" if flags & FLAG_UNSOURCED else "")
    )
    # QToolTip treats text that looks like HTML as rich text; escape to keep it literal.
    return "<p style='white-space:pre'>" + html.escape("\n".join(lines)) + "</p>"


def _interval_text(cols: EventColumns, i: int) -> str:
    lo = day_words(int(cols.start_lo[i]))
    last = day_words(int(cols.end_hi[i]) - 1)
    span = lo if lo == last else f"{lo} \u2013 {last}"
    return f"{span} (whole interval the date allows)"
