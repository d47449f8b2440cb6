"""Painting the timeline canvas: axis, eras, lanes, events, the undated tray and the legend.

Each function draws one part of a ``TimelineCanvas`` into a ``QPainter`` from the frame the
canvas laid out; nothing here changes the canvas's state. ``paint_canvas`` draws it all, for
the window and for image export alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPalette, QPen

from app.domain.columns import (
    FLAG_KEY,
    FLAG_SPAN,
    FLAG_UNSOURCED,
    PRECISION_CODES,
    QUALIFIER_CODES,
    warns_at,
)
from app.timeline.layout import Item
from app.timeline.ticks import axis_ticks
from app.ui.canvas.geometry import seconds
from app.ui.canvas.open_ends import OPEN_FLAGS, paint_legend_arrow, paint_open_sides

if TYPE_CHECKING:
    from app.ui.canvas.gestures import MoveEventByDrag
    from app.ui.canvas.widget import TimelineCanvas

STATUS_COLOURS = (
    ("alleged", "#d98e2b"),
    ("disputed", "#c94f3d"),
    ("undisputed", "#3f7fc4"),
    ("established", "#3c9a68"),
)
SHARP_PRECISIONS = tuple(PRECISION_CODES[p] for p in ("day", "minute", "second"))
EXACT = QUALIFIER_CODES["exact"]


def paint_canvas(canvas: TimelineCanvas, painter: QPainter, width: int, height: int) -> None:
    """Paint the whole canvas into ``painter`` (the window and image export alike)."""
    canvas.sync_scale_to(width)
    pal = canvas.palette()
    base = pal.color(QPalette.ColorRole.Base)
    text = pal.color(QPalette.ColorRole.Text)
    mid = pal.color(QPalette.ColorRole.Mid)
    painter.fillRect(QRectF(0, 0, width, height), base)
    painter.setFont(canvas.label_font)
    g = canvas.geo
    if canvas.cols is None or canvas.lanes is None:
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, "No case open")
        return
    canvas.relayout(width)
    body = QRectF(
        g.header_w, g.axis_h, width - g.header_w, height - g.axis_h - g.tray_h - g.legend_h
    )
    painter.save()
    painter.setClipRect(body)
    painter.translate(g.header_w, 0)
    paint_eras(canvas, painter, body.height() + g.axis_h, mid)
    paint_grid(canvas, painter, body, mid)
    paint_lanes(canvas, painter, text, mid)
    paint_move_ghost(canvas, painter, canvas.move_in_progress())
    painter.restore()
    paint_axis(canvas, painter, width, text, mid, base)
    paint_headers(canvas, painter, text, mid, base)
    paint_tray(canvas, painter, width, height, text, mid, base)
    paint_legend(canvas, painter, width, height, text, mid, base)


def paint_eras(canvas: TimelineCanvas, painter: QPainter, bottom: float, mid: QColor) -> None:
    for k, era in enumerate(canvas.eras):
        x0 = canvas.scale.x_of(seconds(era.start.earliest))
        x1 = canvas.scale.x_of(seconds(era.end.latest))
        colour = QColor(era.colour) if era.colour else QColor(mid)
        colour.setAlpha(28 if k % 2 == 0 else 40)
        painter.fillRect(QRectF(x0, canvas.geo.axis_h, x1 - x0, bottom), colour)
        label = QColor(mid).darker(150)
        painter.setPen(label)
        painter.drawText(
            QRectF(max(x0, 0) + 4, canvas.geo.axis_h + 1 + 14 * (k % 2), max(x1 - x0, 1), 14),
            Qt.AlignmentFlag.AlignLeft,
            era.name,
        )


def paint_grid(canvas: TimelineCanvas, painter: QPainter, body: QRectF, mid: QColor) -> None:
    fine, _context, _unit = axis_ticks(canvas.scale, canvas.text_width)
    grid = QColor(mid)
    grid.setAlpha(60)
    painter.setPen(QPen(grid, 1))
    for tick in fine:
        painter.drawLine(QPointF(tick.x, body.top()), QPointF(tick.x, body.bottom()))


def paint_axis(
    canvas: TimelineCanvas, painter: QPainter, width: int, text: QColor, mid: QColor, base: QColor
) -> None:
    g = canvas.geo
    painter.fillRect(QRectF(0, 0, width, g.axis_h), base)
    fine, context, _unit = axis_ticks(canvas.scale, canvas.text_width)
    painter.save()
    painter.setClipRect(QRectF(g.header_w, 0, width - g.header_w, g.axis_h))
    painter.translate(g.header_w, 0)
    painter.setPen(text)
    for tick in context:
        if tick.x >= 0:  # a label pushed off the left edge would show only in part
            painter.drawText(QPointF(tick.x + 3, 15), tick.label)
    painter.setPen(mid.darker(130))
    for tick in fine:
        painter.drawLine(QPointF(tick.x, g.axis_h - 8), QPointF(tick.x, g.axis_h))
        if tick.x >= 0:
            painter.drawText(QPointF(tick.x + 3, g.axis_h - 10), tick.label)
    painter.restore()
    painter.setPen(mid)
    painter.drawLine(QPointF(0, g.axis_h), QPointF(width, g.axis_h))


def paint_headers(
    canvas: TimelineCanvas, painter: QPainter, text: QColor, mid: QColor, base: QColor
) -> None:
    assert canvas.lanes is not None
    g = canvas.geo
    painter.fillRect(QRectF(0, g.axis_h + 1, g.header_w, 10_000), base)
    painter.setPen(mid)
    painter.drawLine(QPointF(g.header_w, g.axis_h), QPointF(g.header_w, 10_000))
    for lane, top in enumerate(canvas.lane_tops):
        title = canvas.lanes.titles[lane]
        arrow = "\u25b8 " if lane in canvas.collapsed else "\u25be "
        count = len(canvas.lanes.members[lane])
        painter.setPen(text)
        label = canvas.metrics.elidedText(
            f"{arrow}{title} ({count})", Qt.TextElideMode.ElideRight, g.header_w - 8
        )
        painter.drawText(
            QRectF(4, top - 16, g.header_w - 8, 16),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            label,
        )


def paint_lanes(canvas: TimelineCanvas, painter: QPainter, text: QColor, mid: QColor) -> None:
    assert canvas.frame is not None and canvas.cols is not None
    g = canvas.geo
    shade = mid.darker(160)
    for strip in canvas.frame.strips:
        if strip.lane >= len(canvas.lane_tops) or not len(strip.counts):
            continue
        top = canvas.lane_tops[strip.lane]
        target = QRectF(strip.x0, top + 3, len(strip.counts) * strip.bin_px, g.row_h - 6)
        painter.drawImage(target, density_image(strip.counts, shade))
    for item in canvas.frame.items:
        if item.lane >= len(canvas.lane_tops) or item.lane in canvas.collapsed:
            continue
        y = canvas.lane_y(item.lane, item.row)
        if item.event_id < 0:
            paint_cluster(canvas, painter, item, y, text, mid)
        else:
            paint_event(canvas, painter, item, y, text)


def paint_move_ghost(
    canvas: TimelineCanvas, painter: QPainter, move: MoveEventByDrag | None
) -> None:
    """The dashed outline of where an event being dragged would land."""
    if move is None or not move.dx:
        return
    item, edge = move.item, move.edge
    if item.lane >= len(canvas.lane_tops):
        return
    y = canvas.lane_y(item.lane, item.row)
    x0 = item.x0 + (move.dx if edge == "start" else 0)
    x1 = item.x1 + move.dx
    highlight = canvas.palette().color(QPalette.ColorRole.Highlight)
    painter.setPen(QPen(highlight, 2, Qt.PenStyle.DashLine))
    painter.setBrush(QColor(highlight.red(), highlight.green(), highlight.blue(), 50))
    painter.drawRect(QRectF(x0, y + 2, max(x1 - x0, 6), canvas.geo.row_h - 4))
    if move.label:  # the new date as text: "2004 → 2005"
        metrics = painter.fontMetrics()
        box = QRectF(metrics.boundingRect(move.label)).adjusted(-4, -2, 4, 2)
        left = min(max(x0, canvas.geo.header_w), canvas.width() - box.width() - 2)
        top = y - box.height() - 1 if y > box.height() + 2 else y + canvas.geo.row_h + 1
        box.moveTo(left, top)
        painter.setPen(QPen(highlight, 1))
        painter.setBrush(canvas.palette().color(QPalette.ColorRole.ToolTipBase))
        painter.drawRect(box)
        painter.setPen(canvas.palette().color(QPalette.ColorRole.ToolTipText))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, move.label)


def paint_cluster(
    canvas: TimelineCanvas, painter: QPainter, item: Item, y: float, text: QColor, mid: QColor
) -> None:
    rect = QRectF(item.x0, y + 3, max(item.x1 - item.x0, 14), canvas.geo.row_h - 6)
    painter.setPen(QPen(mid.darker(140), 1))
    painter.setBrush(QColor(mid.red(), mid.green(), mid.blue(), 90))
    painter.drawRoundedRect(rect, 6, 6)
    if item.label:
        painter.setPen(text)
        painter.drawText(QPointF(item.label_x, y + canvas.geo.row_h - 7), item.label)


def paint_event(
    canvas: TimelineCanvas, painter: QPainter, item: Item, y: float, text: QColor
) -> None:
    assert canvas.cols is not None
    i = item.index
    flags = int(canvas.cols.flags[i])
    colour, band, edge = _STATUS_PAINT[int(canvas.cols.status[i])]
    h = canvas.geo.row_h
    sharp = (
        int(canvas.cols.precision[i]) in SHARP_PRECISIONS and int(canvas.cols.qualifier[i]) == EXACT
    )
    x0, x1 = item.x0, item.x1
    if flags & OPEN_FLAGS:  # "before" / "after": fading arrows from the known bounds
        x0, x1 = paint_open_sides(painter, item, flags, y, h, colour)
    width = x1 - x0
    if flags & FLAG_SPAN:
        # the whole possible extent soft, the certain core solid
        painter.fillRect(QRectF(x0, y + 4, max(width, 2), h - 8), band)
        if item.core1 > item.core0:  # a solid rule under the label, not behind it
            painter.fillRect(QRectF(item.core0, y + h - 8, item.core1 - item.core0, 4), colour)
    elif flags & OPEN_FLAGS:
        pass  # a single open date is its arrow and the rule at its known bound
    elif not sharp and width >= 3:
        # an imprecise date: a soft band over everything it allows, never a point
        painter.fillRect(QRectF(x0, y + 4, width, h - 8), band)
        painter.fillRect(QRectF(x0, y + h - 6, width, 2), colour)
    else:
        cx, cy = (item.x0 + item.x1) / 2, y + h / 2
        r = 5.0 if flags & FLAG_KEY else 4.0
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(
            [QPointF(cx, cy - r), QPointF(cx + r, cy), QPointF(cx, cy + r), QPointF(cx - r, cy)]
        )
    if flags & FLAG_KEY:
        painter.setPen(QPen(edge, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(item.x0 - 2, y + 2, max(item.x1 - item.x0, 2) + 4, h - 4))
    if item.event_id in canvas.highlighted and item.label:
        painter.fillRect(
            QRectF(item.label_x - 2, y + 3, item.label_w + 4, h - 6), _SEARCH_HIGHLIGHT
        )
    if item.event_id == canvas.selected_id:
        painter.setPen(QPen(canvas.palette().color(QPalette.ColorRole.Highlight), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        right = max(item.x1, item.label_x + item.label_w) if item.label else item.x1
        painter.drawRoundedRect(QRectF(item.x0 - 3, y + 1, right - item.x0 + 6, h - 2), 4, 4)
    if item.label:
        painter.setPen(text)
        painter.drawText(QPointF(item.label_x, y + h - 7), item.label)
    if warns_at(int(canvas.cols.status[i]), flags):
        paint_warning_badge(painter, QPointF(item.x0 - 7, y + 7))
    elif flags & FLAG_UNSOURCED:
        painter.setPen(_UNSOURCED_PEN)
        painter.drawText(QPointF(item.x0 - 9, y + 10), "!")


def paint_warning_badge(painter: QPainter, centre: QPointF) -> None:
    """The mark of a status the citations do not support: a red disc with a white "!"."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor("#ffffff"), 1))
    painter.setBrush(WARNING_COLOUR)
    painter.drawEllipse(centre, WARNING_RADIUS, WARNING_RADIUS)
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(10)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    box = QRectF(centre.x() - WARNING_RADIUS, centre.y() - WARNING_RADIUS, 2 * WARNING_RADIUS,
                 2 * WARNING_RADIUS)  # fmt: skip
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "!")
    painter.restore()


def paint_legend(
    canvas: TimelineCanvas,
    painter: QPainter,
    width: int,
    height: int,
    text: QColor,
    mid: QColor,
    base: QColor,
) -> None:
    g = canvas.geo
    top = height - g.legend_h
    painter.fillRect(QRectF(0, top, width, g.legend_h), base)
    painter.setPen(mid)
    painter.drawLine(QPointF(0, top), QPointF(width, top))
    x, cy = 8.0, top + g.legend_h / 2
    for shape, colour_name, label in _legend_entries():
        colour = QColor(colour_name)
        painter.setPen(Qt.PenStyle.NoPen)
        if shape == "box":
            painter.setBrush(colour)
            painter.drawRect(QRectF(x, cy - 5, 10, 10))
        elif shape == "diamond":
            painter.setBrush(colour)
            path = QPainterPath()
            path.moveTo(x + 5, cy - 5)
            path.lineTo(x + 10, cy)
            path.lineTo(x + 5, cy + 5)
            path.lineTo(x, cy)
            path.closeSubpath()
            painter.drawPath(path)
        elif shape == "band":
            soft = QColor(colour)
            soft.setAlpha(80)
            painter.fillRect(QRectF(x, cy - 6, 22, 12), soft)
            painter.fillRect(QRectF(x, cy + 4, 22, 2), colour)
            x += 12
        elif shape == "span":
            soft = QColor(colour)
            soft.setAlpha(80)
            painter.fillRect(QRectF(x, cy - 6, 22, 12), soft)
            painter.fillRect(QRectF(x + 5, cy + 2, 12, 4), colour)
            x += 12
        elif shape == "open":
            painter.fillRect(QRectF(x + 20, cy - 6, 3, 12), colour)
            paint_legend_arrow(painter, x + 21.5, cy, colour)
            x += 12
        elif shape == "key":
            painter.setPen(QPen(colour, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(x, cy - 5, 10, 10))
        elif shape == "warning":
            paint_warning_badge(painter, QPointF(x + 5, cy))
        else:
            painter.setPen(QPen(colour, 1.5))
            painter.drawText(QPointF(x + 2, cy + 5), "!")
        painter.setPen(text)
        painter.drawText(QPointF(x + 14, cy + 5), label)
        x += 14 + canvas.text_width(label) + 16
        if x > width:
            break


def paint_tray(
    canvas: TimelineCanvas,
    painter: QPainter,
    width: int,
    height: int,
    text: QColor,
    mid: QColor,
    base: QColor,
) -> None:
    assert canvas.cols is not None
    g = canvas.geo
    top = height - g.legend_h - g.tray_h
    painter.fillRect(QRectF(0, top, width, g.tray_h), base.darker(104))
    painter.setPen(mid)
    painter.drawLine(QPointF(0, top), QPointF(width, top))
    painter.setPen(text)
    painter.drawText(
        QRectF(6, top, g.header_w - 10, g.tray_h),
        Qt.AlignmentFlag.AlignVCenter,
        f"Undated ({len(canvas.cols.undated_ids)})",
    )
    for rect, eid in canvas.tray_rects():
        k = int(np.flatnonzero(canvas.cols.undated_ids == eid)[0])
        colour = QColor(STATUS_COLOURS[int(canvas.cols.undated_status[k])][1])
        colour.setAlpha(60)
        painter.setPen(
            QPen(canvas.palette().color(QPalette.ColorRole.Highlight), 2)
            if eid == canvas.selected_id
            else QPen(colour.darker(130), 1)
        )
        painter.setBrush(_SEARCH_HIGHLIGHT if eid in canvas.highlighted else colour)
        painter.drawRoundedRect(rect, 5, 5)
        painter.setPen(text)
        label = canvas.metrics.elidedText(
            canvas.cols.undated_titles[k], Qt.TextElideMode.ElideRight, rect.width() - 12
        )
        painter.drawText(rect.adjusted(6, 0, -6, 0), Qt.AlignmentFlag.AlignVCenter, label)
        if warns_at(int(canvas.cols.undated_status[k]), int(canvas.cols.undated_flags[k])):
            paint_warning_badge(painter, QPointF(rect.left() + 2, rect.top() + 2))


def _status_paint() -> list[tuple[QColor, QColor, QColor]]:
    """Per status: solid colour, soft band colour, key-fact outline colour."""
    out = []
    for _name, hex_colour in STATUS_COLOURS:
        solid = QColor(hex_colour)
        band = QColor(solid)
        band.setAlpha(70)
        out.append((solid, band, solid.darker(150)))
    return out


_STATUS_PAINT = _status_paint()
_UNSOURCED_PEN = QPen(QColor("#b00020"), 1.5)
WARNING_COLOUR = QColor("#d0021b")
WARNING_RADIUS = 6.0
_SEARCH_HIGHLIGHT = QColor(255, 214, 0, 110)


def density_image(counts: np.ndarray, colour: QColor) -> QImage:
    """A one-pixel-high image whose alpha grows with ``counts`` (empty bins transparent);
    drawn scaled over the lane, so a strip costs one draw call however many bins it has."""
    peak = max(int(counts.max()), 1)
    alpha = np.where(counts > 0, 40 + (200 * counts) // peak, 0).clip(0, 255).astype(np.uint32)
    rgb = (colour.red() << 16) | (colour.green() << 8) | colour.blue()
    pixels = np.ascontiguousarray((alpha << 24) | np.uint32(rgb), dtype=np.uint32)
    image = QImage(pixels.tobytes(), len(pixels), 1, QImage.Format.Format_ARGB32)
    return image.copy()  # own the pixels: the bytes object above is temporary


def _legend_entries() -> list[tuple[str, str, str]]:
    """(shape, colour, text) for the legend, in drawing order."""
    entries = [("box", colour, name) for name, colour in STATUS_COLOURS]
    entries += [
        ("warning", "#d0021b", "status not supported by the citations"),
        ("mark", "#b00020", "no supporting source"),
        ("diamond", "#777777", "exact date"),
        ("band", "#999999", "imprecise date: band over the whole period it allows"),
        ("span", "#999999", "span (solid = certain part)"),
        ("open", "#999999", "before / after"),
        ("key", "#555555", "key fact"),
    ]
    return entries
