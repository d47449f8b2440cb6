"""Painting the open side of a "before" or "after" date: a fading arrow from the known bound.

The layout gives an open-ended event the extent :func:`app.timeline.drawn.drawn_extent`
computes: the part its dates fix plus ``ARROW_PX`` on each open side. Here that open part is
drawn as a shaft whose colour fades to transparent over the fixed on-screen length, with an
arrow head pointing to the open side; the known bound itself gets a solid rule. Nothing is
ever drawn out to the limits of the calendar, so an open date costs what any event costs.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainter

from app.domain.columns import FLAG_OPEN_END, FLAG_OPEN_START, FLAG_SPAN
from app.timeline.drawn import ARROW_PX
from app.timeline.layout import Item

OPEN_FLAGS = FLAG_OPEN_START | FLAG_OPEN_END
HEAD_LENGTH = 10.0  # pixels from the arrow head's base to its point
HEAD_HALF = 6.0  # half the arrow head's height
HEAD_AT = 0.55  # where along the arrow (0 = known bound, 1 = its faded end) the head points


def paint_open_sides(
    painter: QPainter, item: Item, flags: int, y: float, h: float, colour: QColor
) -> tuple[float, float]:
    """Draw the arrows of an open-ended event on its row at ``y`` (row height ``h``) and
    return the extent of the part between its known bounds (empty for a single date)."""
    x0, x1 = item.x0, item.x1
    cy = y + h / 2
    if flags & FLAG_OPEN_START:
        x0 += ARROW_PX
        paint_arrow(painter, x0, -1.0, cy, colour)
    if flags & FLAG_OPEN_END:
        x1 -= ARROW_PX
        paint_arrow(painter, x1, 1.0, cy, colour)
    x1 = max(x0, x1)
    if not flags & FLAG_SPAN:  # a single date: a solid rule at its known bound
        painter.fillRect(QRectF(x0 - 1.5, y + 4, 3.0, h - 8), colour)
    return x0, x1


def paint_arrow(painter: QPainter, x: float, direction: float, cy: float, colour: QColor) -> None:
    """A shaft from ``x`` fading out over ``ARROW_PX`` towards ``direction`` (-1 left, 1 right),
    with a head pointing that way."""
    end = x + direction * ARROW_PX
    gradient = QLinearGradient(x, cy, end, cy)
    faded = QColor(colour)
    faded.setAlpha(0)
    gradient.setColorAt(0.0, colour)
    gradient.setColorAt(1.0, faded)
    brush = QBrush(gradient)
    painter.fillRect(QRectF(min(x, end), cy - 2.0, ARROW_PX, 4.0), brush)
    point = x + direction * ARROW_PX * HEAD_AT
    base = point - direction * HEAD_LENGTH
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(brush)
    painter.drawPolygon(
        [QPointF(base, cy - HEAD_HALF), QPointF(point, cy), QPointF(base, cy + HEAD_HALF)]
    )


def paint_legend_arrow(painter: QPainter, x: float, cy: float, colour: QColor) -> None:
    """The legend's sample: a short arrow fading out to the left of ``x``."""
    painter.save()
    painter.translate(x, cy)
    painter.scale(22.0 / ARROW_PX, 1.0)
    paint_arrow(painter, 0.0, -1.0, 0.0, colour)
    painter.restore()
