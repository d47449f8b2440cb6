"""Where things are on the timeline canvas: its fixed measures (pixels), its time origin
(instants are float seconds since 1970-01-01, as in ``app.timeline.scale``), and which
laid-out item or undated chip lies under a point."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QPointF, QRectF

from app.domain.columns import EventColumns
from app.domain.instants import to_seconds
from app.timeline.layout import Frame, Item


def seconds(instant: datetime) -> float:
    """``instant`` on the canvas's time axis (float seconds since 1970)."""
    return float(to_seconds(instant))


@dataclass(frozen=True)
class Geometry:
    header_w: float = 150.0
    axis_h: float = 44.0
    row_h: float = 22.0
    lane_gap: float = 8.0
    tray_h: float = 30.0
    era_h: float = 30.0
    legend_h: float = 22.0


def item_at(
    geo: Geometry, frame: Frame, lane_tops: list[float], collapsed: Collection[int], pos: QPointF
) -> Item | None:
    """The item of ``frame`` under ``pos`` (the last one drawn there wins); lanes start at
    ``lane_tops`` and the collapsed ones show no items."""
    if not lane_tops:
        return None
    x = pos.x() - geo.header_w
    best: Item | None = None
    for item in frame.items:
        if item.lane >= len(lane_tops) or item.lane in collapsed:
            continue
        y = lane_tops[item.lane] + item.row * geo.row_h
        if not y <= pos.y() < y + geo.row_h:
            continue
        right = max(item.x1, item.x0 + 8, item.label_x + item.label_w if item.label else 0)
        if item.x0 - 4 <= x <= right:
            best = item
    return best


def tray_chip_rects(
    geo: Geometry,
    cols: EventColumns,
    width: int,
    height: int,
    text_width: Callable[[str], float],
) -> list[tuple[QRectF, int]]:
    """(rectangle, event id) of each undated event's chip in the tray, as many as fit."""
    rects = []
    y = height - geo.legend_h - geo.tray_h + 6
    x = geo.header_w + 4
    for eid, title in zip(cols.undated_ids, cols.undated_titles, strict=True):
        w = min(text_width(title) + 16, 260)
        if x + w > width - 4:
            break
        rects.append((QRectF(x, y, w, geo.tray_h - 12), int(eid)))
        x += w + 6
    return rects
