"""Mouse gestures on the timeline canvas, one small class each.

A left press starts a gesture (``gesture_for_press`` picks which); the canvas then passes it
the mouse moves and the release. Each gesture ends by handing input back to the canvas
(``TimelineCanvas.end_gesture``), after which moves show tooltips and clicks select again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF

from app.domain.columns import FLAG_SPAN
from app.timeline.layout import Item

if TYPE_CHECKING:
    from app.ui.canvas.widget import TimelineCanvas

# a press and release closer than this (pixels) is a click, not a drag
CLICK_SLOP_PX = 4
# a press this close (pixels) to a span's right end drags the end, not the whole span
SPAN_END_GRAB_PX = 6


class Gesture:
    """A mouse gesture in progress on ``canvas``, begun by a left press at ``press_x``."""

    def __init__(self, canvas: TimelineCanvas, press_x: float) -> None:
        self.canvas = canvas
        self.press_x = press_x

    def mouse_moved(self, x: float) -> None:
        """The mouse moved to ``x`` with the button still down."""

    def mouse_released(self, x: float) -> bool:
        """The button came up at ``x``: hand input back. True when the release is used up
        (no click follows)."""
        self.canvas.end_gesture()
        return False

    def cancel(self) -> bool:
        """Escape was pressed: True when the gesture gave up (and handed input back)."""
        return False


class PanByDrag(Gesture):
    """Dragging on empty space (or anywhere while editing is off) slides the view along."""

    def __init__(self, canvas: TimelineCanvas, press_x: float) -> None:
        super().__init__(canvas, press_x)
        self._last_x = press_x

    def mouse_moved(self, x: float) -> None:
        self.canvas.pan(x - self._last_x)
        self._last_x = x


class MoveEventByDrag(Gesture):
    """Dragging an event (or a span's end) asks for it to be moved in time.

    While dragging, ``dx`` is how far it has gone (the canvas paints a ghost there, and
    ``label``, the canvas's ``move_preview`` of the new date, beside it); on release the
    canvas emits ``moveRequested(event id, seconds moved, edge)`` with ``edge`` "start" for
    the whole event or "end" for a span's end. A release within the click slop
    is a click, and Escape abandons the move.
    """

    def __init__(self, canvas: TimelineCanvas, press_x: float, item: Item, edge: str) -> None:
        super().__init__(canvas, press_x)
        self.item = item
        self.edge = edge
        self.dx = 0.0
        self.label = ""

    def mouse_moved(self, x: float) -> None:
        self.dx = x - self.press_x
        preview = self.canvas.move_preview
        if preview is not None and abs(self.dx) >= CLICK_SLOP_PX:
            seconds = self.dx * self.canvas.scale.seconds_per_px
            self.label = preview(self.item.event_id, seconds, self.edge)
        self.canvas.update()

    def mouse_released(self, x: float) -> bool:
        self.canvas.end_gesture()
        if abs(x - self.press_x) < CLICK_SLOP_PX:
            return False
        seconds = (x - self.press_x) * self.canvas.scale.seconds_per_px
        self.canvas.moveRequested.emit(self.item.event_id, seconds, self.edge)
        return True

    def cancel(self) -> bool:
        self.canvas.end_gesture()
        return True


def gesture_for_press(canvas: TimelineCanvas, pos: QPointF) -> Gesture:
    """The gesture a left press at ``pos`` begins: moving the event under it in move mode
    when the case can be edited, otherwise panning."""
    x = pos.x()
    hit = canvas.hit_test(pos) if canvas.editable and canvas.move_mode else None
    if hit is None or hit.event_id < 0 or canvas.header_lane(pos) is not None:
        return PanByDrag(canvas, x)
    near_end = bool(
        canvas.cols is not None
        and int(canvas.cols.flags[hit.index]) & FLAG_SPAN
        and abs(x - canvas.geo.header_w - hit.x1) <= SPAN_END_GRAB_PX
    )
    return MoveEventByDrag(canvas, x, hit, "end" if near_end else "start")
