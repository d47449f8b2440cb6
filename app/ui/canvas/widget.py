"""``TimelineCanvas``: the QWidget showing what ``app.timeline.layout`` computed.

It holds a :class:`~app.timeline.index.TimelineIndex` (the case's compact columns and lanes,
patched from change sets), the view (scale, collapsed lanes, selection, search highlights)
and the signals; it answers hit tests and keyboard input. Mouse drags are delegated to
``app.ui.canvas.gestures`` and drawing to ``app.ui.canvas.paint``.

Painting is direct (no QGraphicsView items) and bounded by what is visible: the layout
turns crowded lanes into "+N" clusters and density strips. No SQL runs while painting; the
canvas asks the layout for the visible window.

An imprecise date (year or month precision, circa, before, after, between) is drawn as a
soft band across its whole interval, never as a sharp point on its first day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from app.domain.columns import EventColumns
from app.domain.known_bounds import case_span, known_at
from app.timeline.drawn import fit_scale, zoom_range
from app.timeline.index import TimelineIndex
from app.timeline.layout import Frame, Item, Lanes, layout_frame
from app.timeline.scale import TimeScale
from app.ui.canvas.geometry import Geometry, item_at, seconds, tray_chip_rects
from app.ui.canvas.gestures import CLICK_SLOP_PX, Gesture, MoveEventByDrag, gesture_for_press
from app.ui.canvas.paint import paint_canvas

if TYPE_CHECKING:  # the records load with the store, after the first frame
    from app.domain.records import EraRecord

# Events laid out one by one per frame (shared by the lanes); beyond it a lane is a density
# strip. Rows hold far fewer readable labels than this, so little is lost.
ITEM_BUDGET = 1500


class TimelineCanvas(QWidget):
    """The timeline. Emits ``selected(event_id)`` (-1 when cleared) and ``activated``."""

    selected = Signal(int)
    activated = Signal(int)
    viewChanged = Signal()
    # a drag on an event: (event id, seconds moved, "start" for the whole event or "end" for
    # a span's end); the window snaps it to the date's precision and makes it one undo step
    moveRequested = Signal(int, float, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(400, 200)
        self.setAccessibleName("Timeline")
        self.geo = Geometry()
        self.index: TimelineIndex | None = None
        self.highlighted: frozenset[int] = frozenset()
        self._fitted = False
        self.editable = self.move_mode = False  # a drag moves an event only in move mode
        self.move_preview: Any = None  # (event id, seconds, edge) -> "2004 → 2005", if set
        self._gesture: Gesture | None = None  # the mouse gesture in progress, if any
        self._press_x: float | None = None
        self.eras: list[EraRecord] = []
        self.collapsed: set[int] = set()
        self.scale = TimeScale.fit(
            seconds(datetime(2000, 1, 1)), seconds(datetime(2020, 1, 1)), 1000
        )
        self.selected_id = -1
        self.frame: Frame | None = None
        self.lane_tops: list[float] = []
        self.label_font = QFont(self.font())
        self.metrics = QFontMetricsF(self.label_font)
        self._width_cache: dict[str, float] = {}

    # ---- data

    @property
    def cols(self) -> EventColumns | None:
        """The columns of the events shown (the filter applied)."""
        return None if self.index is None else self.index.cols

    @property
    def lanes(self) -> Lanes | None:
        return None if self.index is None else self.index.lanes

    def set_data(
        self,
        cols: EventColumns,
        groups: dict[int, tuple[str, ...]] | None,
        eras: list[EraRecord] | None = None,
        *,
        fit: bool = True,
    ) -> None:
        """New columns (all events of the case); the visible-id filter is kept."""
        self.index = TimelineIndex(cols, groups, None if self.index is None else self.index.visible)
        self.eras = list(eras or [])
        self.update()
        if fit:
            self.fit_all()

    def set_eras(self, eras: list[EraRecord]) -> None:
        self.eras = list(eras)
        self.update()

    def patch(
        self,
        dated: Sequence[Sequence[Any]],
        undated: Sequence[Sequence[Any]],
        removed: Iterable[int],
        *,
        groups: Mapping[int, Sequence[str]] | None = None,
        visible: Iterable[int] | None = None,
    ) -> None:
        """Apply changed events (see :meth:`TimelineIndex.patch`); the view stays."""
        if self.index is None:
            return
        self.index.patch(dated, undated, removed, groups=groups, visible=visible)
        self.update()

    def set_data_empty(self) -> None:
        """Show no case."""
        self.index = None
        self.frame = None
        self.eras = []
        self.selected_id = -1
        self.update()

    def set_groups(self, groups: dict[int, tuple[str, ...]] | None) -> None:
        self.collapsed.clear()
        if self.index is not None:
            self.index.set_groups(groups)
        self.update()

    def set_visible_ids(self, ids: set[int] | None) -> None:
        """Show only these events (None: all); the view and the selection stay."""
        if self.index is not None:
            self.index.set_visible(ids)
        self.update()

    def set_highlighted(self, ids: Iterable[int]) -> None:
        """Mark these events (search matches) without hiding the others (a frozenset is kept)."""
        self.highlighted = ids if isinstance(ids, frozenset) else frozenset(ids)
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self._fitted:  # still showing the whole case: keep showing all of it
            self.fit_all()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(1200, 520)

    # ---- geometry helpers

    def _time_width(self) -> float:
        return max(50.0, self.width() - self.geo.header_w)

    def text_width(self, text: str) -> float:
        width = self._width_cache.get(text)
        if width is None:
            width = self.metrics.horizontalAdvance(text)
            if len(self._width_cache) < 50_000:
                self._width_cache[text] = width
        return width

    def _sync_scale(self) -> None:
        self.sync_scale_to(self.width())

    # ---- navigation

    def fit_all(self) -> None:
        """Show the known extent of the whole case (open-ended dates by their known bound)."""
        default = (seconds(datetime(2000, 1, 1)), seconds(datetime(2020, 1, 1)))
        self.set_scale(fit_scale(self.cols, self._time_width(), self.text_width, default))
        self._fitted = True

    def whole_range(self) -> tuple[float, float] | None:
        """The instants Fit shows (None when nothing is dated): what printing tiles."""
        if self.cols is None or case_span(self.cols) is None:
            return None
        fitted = fit_scale(self.cols, self._time_width(), self.text_width, (0.0, 1.0))
        return fitted.start, fitted.end

    def set_scale(self, scale: TimeScale) -> None:
        self._fitted = False
        self.scale = scale
        self.viewChanged.emit()
        self.update()

    def show_range(self, lo: float, hi: float) -> None:
        self.set_scale(TimeScale.fit(lo, hi, self._time_width()))

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        self._sync_scale()
        x = self._time_width() / 2 if anchor_x is None else anchor_x - self.geo.header_w
        self.set_scale(self.scale.zoomed(factor, x))

    def pan(self, dx: float) -> None:
        self._sync_scale()
        self.set_scale(self.scale.panned(dx))

    def go_to(self, t: float) -> None:
        self._sync_scale()
        self.set_scale(self.scale.centered_on(t))

    def zoom_to_selection(self) -> None:
        i = self._index_of(self.selected_id)
        if i is None or self.cols is None:
            return
        self.show_range(*zoom_range(self.cols, i))

    # ---- selection

    def _index_of(self, event_id: int) -> int | None:
        if self.index is None or event_id < 0:
            return None
        if self.index.cols is self.index.all_cols:  # nothing filtered out: a hinted search
            return self.index.position(event_id)
        return self.index.cols.position(event_id)

    def select(self, event_id: int, *, scroll: bool = True, emit: bool = True) -> None:
        if event_id == self.selected_id:
            return
        self.selected_id = event_id
        i = self._index_of(event_id)
        if scroll and i is not None and self.cols is not None:
            self._sync_scale()
            t0 = float(known_at(self.cols, i)[0])  # an open-ended date: its known bound
            if not 0 <= self.scale.x_of(t0) <= self._time_width():
                self.go_to(t0)
        self.setAccessibleDescription(self._describe(event_id))
        QAccessible.updateAccessibility(
            QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
        )
        if emit:
            self.selected.emit(event_id)
        self.update()

    def _describe(self, event_id: int) -> str:
        if self.cols is None or event_id < 0:
            return ""
        i = self._index_of(event_id)
        if i is not None:
            return self.cols.titles[i]
        hits = np.flatnonzero(self.cols.undated_ids == event_id)
        return self.cols.undated_titles[int(hits[0])] if len(hits) else ""

    def step_selection(self, step: int) -> None:
        """Select the next (``step`` 1) or previous (-1) event: dated ones in date order,
        then the undated ones."""
        cols = self.cols
        total = 0 if cols is None else len(cols) + len(cols.undated_ids)
        if cols is None or not total:
            return
        here = self._index_of(self.selected_id)
        if here is None:
            hits = np.flatnonzero(cols.undated_ids == self.selected_id)
            here = len(cols) + int(hits[0]) if len(hits) else None
        k = (0 if step > 0 else total - 1) if here is None else (here + step) % total
        self.select(int(cols.ids[k]) if k < len(cols) else int(cols.undated_ids[k - len(cols)]))

    # ---- events

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt API
        delta = event.angleDelta()
        if delta.x() and not delta.y():
            self.pan(delta.x() / 2)
        elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.pan((delta.y() or delta.x()) / 2)
        elif delta.y():
            self.zoom(1.25 ** (delta.y() / 120), event.position().x())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_x = event.position().x()
            self._gesture = gesture_for_press(self, event.position())
        self.setFocus()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._gesture is not None:
            self._gesture.mouse_moved(event.position().x())
            return
        hit = self.hit_test(event.position())
        if hit is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip(hit), self)
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        x = event.position().x()
        moved = abs(x - (x if self._press_x is None else self._press_x))
        self.update()
        if self._gesture is not None and self._gesture.mouse_released(x):
            return
        if event.button() == Qt.MouseButton.LeftButton and moved < CLICK_SLOP_PX:
            self._click(event.position())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        hit = self.hit_test(event.position())
        if hit is not None and hit.event_id >= 0:
            self.activated.emit(hit.event_id)
        elif hit is not None:
            self.show_range(self.scale.t_of(hit.x0), self.scale.t_of(hit.x1) + 1)

    def _click(self, pos: QPointF) -> None:
        lane = self.header_lane(pos)
        if lane is not None:
            self.toggle_lane(lane)
            return
        undated = self.tray_hit(pos)
        if undated is not None:
            self.select(undated, scroll=False)
            return
        hit = self.hit_test(pos)
        if hit is None:
            self.select(-1)
        elif hit.event_id >= 0:
            self.select(hit.event_id, scroll=False)
        else:  # a cluster: zoom into it
            self.show_range(self.scale.t_of(hit.x0 - 4), self.scale.t_of(hit.x1 + 4))

    def toggle_lane(self, lane: int) -> None:
        self.collapsed ^= {lane}
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key, k, step = event.key(), Qt.Key, self._time_width() / 8
        simple = {
            k.Key_Plus: lambda: self.zoom(1.5), k.Key_Equal: lambda: self.zoom(1.5),
            k.Key_Minus: lambda: self.zoom(1 / 1.5), k.Key_Underscore: lambda: self.zoom(1 / 1.5),
            k.Key_Left: lambda: self.pan(step), k.Key_Right: lambda: self.pan(-step),
            k.Key_BracketRight: lambda: self.step_selection(1),
            k.Key_BracketLeft: lambda: self.step_selection(-1), k.Key_Home: self.fit_all,
        }  # fmt: skip
        if key in simple:
            simple[key]()
        elif key == Qt.Key.Key_Escape:
            if self._gesture is None or not self._gesture.cancel():
                self.select(-1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_id >= 0:
            self.activated.emit(self.selected_id)
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802,A002 - Qt API
        self.step_selection(1 if next else -1)
        return True

    # ---- gestures

    def end_gesture(self) -> None:
        """The gesture in progress is over: mouse input goes back to hovering and clicking."""
        self._gesture = None
        self.update()

    def move_in_progress(self) -> MoveEventByDrag | None:
        """The event being dragged to a new date, if one is."""
        return self._gesture if isinstance(self._gesture, MoveEventByDrag) else None

    # ---- hit testing

    def lane_y(self, lane: int, row: int) -> float:
        return self.lane_tops[lane] + row * self.geo.row_h

    def hit_test(self, pos: QPointF) -> Item | None:
        """The event or cluster drawn at ``pos`` in the last layout, if any."""
        if self.frame is None:
            return None
        return item_at(self.geo, self.frame, self.lane_tops, self.collapsed, pos)

    def header_lane(self, pos: QPointF) -> int | None:
        if pos.x() > self.geo.header_w or not self.lane_tops:
            return None
        for lane, top in enumerate(self.lane_tops):
            if top - 16 <= pos.y() < top:
                return lane
        return None

    def tray_rects(self) -> list[tuple[QRectF, int]]:
        if self.cols is None:
            return []
        return tray_chip_rects(self.geo, self.cols, self.width(), self.height(), self.text_width)

    def tray_hit(self, pos: QPointF) -> int | None:
        return next((eid for rect, eid in self.tray_rects() if rect.contains(pos)), None)

    def tooltip(self, item: Item) -> str:
        from app.ui.canvas.tooltip import tooltip_html  # at the first hover, not the first frame

        return tooltip_html(self.cols, item)

    # ---- painting

    def paintEvent(self, _event: object) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        try:
            self.paint(painter, self.width(), self.height())
        finally:
            painter.end()

    def paint(self, painter: QPainter, width: int, height: int) -> None:
        """Paint the whole canvas into ``painter`` (also used for image export)."""
        paint_canvas(self, painter, width, height)

    def relayout(self, width: int | None = None) -> Frame | None:
        """Lay out the visible window (no painting); the frame is kept for hit testing."""
        self.sync_scale_to(self.width() if width is None else width)
        if self.cols is None or self.lanes is None:
            self.frame = None
            return None
        g = self.geo
        self.frame = layout_frame(
            self.cols,
            self.lanes,
            self.scale,
            self.text_width,
            collapsed=frozenset(self.collapsed),
            item_budget=ITEM_BUDGET,
        )
        self.lane_tops = []
        y = g.axis_h + (g.era_h if self.eras else 0) + 6
        for lane, rows in enumerate(self.frame.rows):
            self.lane_tops.append(y + 16)
            y += 16 + (1 if lane in self.collapsed else rows) * g.row_h + g.lane_gap
        return self.frame

    def sync_scale_to(self, width: int) -> None:
        target = max(50.0, width - self.geo.header_w)
        if abs(self.scale.width - target) > 0.5:
            self.scale = TimeScale(self.scale.start, self.scale.end, target)
