"""``TimelineCanvas``: a QWidget that paints what ``app.timeline.layout`` computed.

Painting is direct (no QGraphicsView items) and bounded by what is visible: the layout
turns crowded lanes into "+N" clusters and density strips. No SQL runs while painting; the
canvas holds the case's compact columns and asks the layout for the visible window.

An imprecise date (year or month precision, circa, before, after, between) is drawn as a
soft band across its whole interval, never as a sharp point on its first day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from app.domain.columns import (
    FLAG_KEY,
    FLAG_SPAN,
    FLAG_UNSOURCED,
    PRECISION_CODES,
    QUALIFIER_CODES,
    EventColumns,
    subset_columns,
)
from app.domain.records import EraRecord
from app.timeline.layout import Frame, Item, Lanes, build_lanes, layout_frame
from app.timeline.scale import TimeScale
from app.timeline.ticks import axis_ticks

EPOCH = datetime(1970, 1, 1)
STATUS_COLOURS = (
    ("alleged", "#d98e2b"),
    ("disputed", "#c94f3d"),
    ("undisputed", "#3f7fc4"),
    ("established", "#3c9a68"),
)
SHARP_PRECISIONS = (PRECISION_CODES["day"], PRECISION_CODES["minute"])
EXACT = QUALIFIER_CODES["exact"]
# Events laid out one by one per frame (shared by the lanes); beyond it a lane is a density
# strip. Rows hold far fewer readable labels than this, so little is lost.
ITEM_BUDGET = 1500


def seconds(instant: datetime) -> float:
    return (instant - EPOCH) / timedelta(seconds=1)


@dataclass(frozen=True)
class Geometry:
    header_w: float = 150.0
    axis_h: float = 44.0
    row_h: float = 22.0
    lane_gap: float = 8.0
    tray_h: float = 30.0
    era_h: float = 30.0
    legend_h: float = 22.0


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
        self.cols: EventColumns | None = None
        self._all_cols: EventColumns | None = None
        self._groups: dict[int, tuple[str, ...]] | None = None
        self._visible_ids: frozenset[int] | None = None
        self.highlighted: frozenset[int] = frozenset()
        self._fitted = False
        self.editable = False  # dragging events is off in review mode and until a case allows
        self._move: tuple[Item, str] | None = None
        self._move_dx = 0.0
        self.lanes: Lanes | None = None
        self.eras: list[EraRecord] = []
        self.collapsed: set[int] = set()
        self.scale = TimeScale.fit(
            seconds(datetime(2000, 1, 1)), seconds(datetime(2020, 1, 1)), 1000
        )
        self.selected_id = -1
        self.frame: Frame | None = None
        self._lane_tops: list[float] = []
        self._drag_x: float | None = None
        self._font = QFont(self.font())
        self._metrics = QFontMetricsF(self._font)
        self._width_cache: dict[str, float] = {}

    # ---- data

    def set_data(
        self,
        cols: EventColumns,
        groups: dict[int, tuple[str, ...]] | None,
        eras: list[EraRecord] | None = None,
        *,
        fit: bool = True,
    ) -> None:
        """New columns (all events of the case); the visible-id filter is kept."""
        self._all_cols = cols
        self._groups = groups
        self.eras = list(eras or [])
        self._apply_visible()
        if fit:
            self.fit_all()

    def set_data_empty(self) -> None:
        """Show no case."""
        self._all_cols = self.cols = None
        self.lanes = None
        self.frame = None
        self.eras = []
        self.selected_id = -1
        self.update()

    def set_groups(self, groups: dict[int, tuple[str, ...]] | None) -> None:
        self._groups = groups
        self.collapsed.clear()
        self._apply_visible()

    def set_visible_ids(self, ids: set[int] | None) -> None:
        """Show only these events (None: all); the view and the selection stay."""
        self._visible_ids = None if ids is None else frozenset(ids)
        self._apply_visible()

    def set_highlighted(self, ids: set[int]) -> None:
        """Mark these events (search matches) without hiding the others."""
        self.highlighted = frozenset(ids)
        self.update()

    def _apply_visible(self) -> None:
        if self._all_cols is None:
            return
        cols = self._all_cols
        if self._visible_ids is not None:
            cols = subset_columns(cols, self._visible_ids)
        self.cols = cols
        self.lanes = build_lanes(cols, self._groups)
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

    def _text_width(self, text: str) -> float:
        width = self._width_cache.get(text)
        if width is None:
            width = self._metrics.horizontalAdvance(text)
            if len(self._width_cache) < 50_000:
                self._width_cache[text] = width
        return width

    def _sync_scale(self) -> None:
        if abs(self.scale.width - self._time_width()) > 0.5:
            self.scale = TimeScale(self.scale.start, self.scale.end, self._time_width())

    def _span_bounds(self) -> tuple[float, float] | None:
        if self.cols is None or len(self.cols) == 0:
            return None
        return float(self.cols.start_lo[0]), float(self.cols.end_hi.max())

    # ---- navigation

    def fit_all(self) -> None:
        bounds = self._span_bounds()
        lo, hi = (
            bounds if bounds else (seconds(datetime(2000, 1, 1)), seconds(datetime(2020, 1, 1)))
        )
        width = self._time_width()
        reserve = 0.0
        if self.cols is not None and len(self.cols):
            # room on the right for the labels of the events that end last
            last = np.argsort(self.cols.end_hi)[-20:]
            widest = max(self._text_width(self.cols.titles[int(i)]) for i in last)
            reserve = min(widest + 24, width * 0.25)
        fitted = TimeScale.fit(lo, hi, max(width - reserve, 50.0))
        self.set_scale(fitted.resized(width))
        self._fitted = True

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
        lo, hi = float(self.cols.start_lo[i]), float(self.cols.end_hi[i])
        pad = max((hi - lo) * 0.5, 3600.0)
        self.show_range(lo - pad, hi + pad)

    # ---- selection

    def _index_of(self, event_id: int) -> int | None:
        if self.cols is None or event_id < 0:
            return None
        return self.cols.position(event_id)

    def select(self, event_id: int, *, scroll: bool = True, emit: bool = True) -> None:
        if event_id == self.selected_id:
            return
        self.selected_id = event_id
        i = self._index_of(event_id)
        if scroll and i is not None and self.cols is not None:
            self._sync_scale()
            x0 = self.scale.x_of(float(self.cols.start_lo[i]))
            if not 0 <= x0 <= self._time_width():
                self.go_to(float(self.cols.start_lo[i]))
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

    def _ordered_ids(self) -> list[int]:
        if self.cols is None:
            return []
        return [int(x) for x in self.cols.ids] + [int(x) for x in self.cols.undated_ids]

    def step_selection(self, step: int) -> None:
        ids = self._ordered_ids()
        if not ids:
            return
        try:
            k = ids.index(self.selected_id) + step
        except ValueError:
            k = 0 if step > 0 else len(ids) - 1
        self.select(ids[k % len(ids)])

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
            x = event.position().x()
            self._press_x = x
            hit = self.hit_test(event.position()) if self.editable else None
            if (
                hit is not None
                and hit.event_id >= 0
                and self._header_lane(event.position()) is None
            ):
                near_end = bool(
                    self.cols is not None
                    and int(self.cols.flags[hit.index]) & FLAG_SPAN
                    and abs(x - self.geo.header_w - hit.x1) <= 6
                )
                self._move = (hit, "end" if near_end else "start")
                self._move_dx = 0.0
            else:
                self._drag_x = x
        self.setFocus()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        x = event.position().x()
        if self._move is not None:
            self._move_dx = x - self._press_x
            self.update()
            return
        if self._drag_x is not None:
            self.pan(x - self._drag_x)
            self._drag_x = x
            return
        hit = self.hit_test(event.position())
        if hit is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self._tooltip(hit), self)
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        moved = abs(event.position().x() - getattr(self, "_press_x", event.position().x()))
        self._drag_x = None
        move, self._move = self._move, None
        self.update()
        if move is not None and moved >= 4:
            item, edge = move
            seconds = (event.position().x() - self._press_x) * self.scale.seconds_per_px
            self.moveRequested.emit(item.event_id, seconds, edge)
            return
        if event.button() == Qt.MouseButton.LeftButton and moved < 4:
            self._click(event.position())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        hit = self.hit_test(event.position())
        if hit is not None and hit.event_id >= 0:
            self.activated.emit(hit.event_id)
        elif hit is not None:
            self.show_range(self.scale.t_of(hit.x0), self.scale.t_of(hit.x1) + 1)

    def _click(self, pos: QPointF) -> None:
        lane = self._header_lane(pos)
        if lane is not None:
            self.toggle_lane(lane)
            return
        undated = self._tray_hit(pos)
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
        key = event.key()
        step = self._time_width() / 8
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.5)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom(1 / 1.5)
        elif key == Qt.Key.Key_Left:
            self.pan(step)
        elif key == Qt.Key.Key_Right:
            self.pan(-step)
        elif key == Qt.Key.Key_BracketRight:
            self.step_selection(1)
        elif key == Qt.Key.Key_BracketLeft:
            self.step_selection(-1)
        elif key == Qt.Key.Key_Escape and self._move is not None:
            self._move = None
            self.update()
        elif key == Qt.Key.Key_Escape:
            self.select(-1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_id >= 0:
            self.activated.emit(self.selected_id)
        elif key == Qt.Key.Key_Home:
            self.fit_all()
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802,A002 - Qt API
        self.step_selection(1 if next else -1)
        return True

    # ---- hit testing

    def _lane_y(self, lane: int, row: int) -> float:
        return self._lane_tops[lane] + row * self.geo.row_h

    def hit_test(self, pos: QPointF) -> Item | None:
        if self.frame is None or not self._lane_tops:
            return None
        x = pos.x() - self.geo.header_w
        best: Item | None = None
        for item in self.frame.items:
            if item.lane >= len(self._lane_tops) or item.lane in self.collapsed:
                continue
            y = self._lane_y(item.lane, item.row)
            if not y <= pos.y() < y + self.geo.row_h:
                continue
            right = max(item.x1, item.x0 + 8, item.label_x + item.label_w if item.label else 0)
            if item.x0 - 4 <= x <= right:
                best = item
        return best

    def _header_lane(self, pos: QPointF) -> int | None:
        if pos.x() > self.geo.header_w or not self._lane_tops:
            return None
        for lane, top in enumerate(self._lane_tops):
            if top - 16 <= pos.y() < top:
                return lane
        return None

    def _tray_rects(self) -> list[tuple[QRectF, int]]:
        if self.cols is None:
            return []
        rects = []
        y = self.height() - self.geo.legend_h - self.geo.tray_h + 6
        x = self.geo.header_w + 4
        for eid, title in zip(self.cols.undated_ids, self.cols.undated_titles, strict=True):
            w = min(self._text_width(title) + 16, 260)
            if x + w > self.width() - 4:
                break
            rects.append((QRectF(x, y, w, self.geo.tray_h - 12), int(eid)))
            x += w + 6
        return rects

    def _tray_hit(self, pos: QPointF) -> int | None:
        for rect, eid in self._tray_rects():
            if rect.contains(pos):
                return eid
        return None

    def _tooltip(self, item: Item) -> str:
        if item.event_id < 0:
            return f"{item.count} events here: click to zoom in"
        assert self.cols is not None
        i = item.index
        flags = int(self.cols.flags[i])
        lines = [self.cols.titles[i]]
        lines.append(_interval_text(self.cols, i))
        status = STATUS_COLOURS[int(self.cols.status[i])][0]
        lines.append(
            status
            + (" · key fact" if flags & FLAG_KEY else "")
            + (" · no source cited" if flags & FLAG_UNSOURCED else "")
        )
        # QToolTip treats text that looks like HTML as rich text; escape to keep it literal.
        import html

        return "<p style='white-space:pre'>" + html.escape("\n".join(lines)) + "</p>"

    # ---- painting

    def paintEvent(self, _event: object) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        try:
            self.paint(painter, self.width(), self.height())
        finally:
            painter.end()

    def paint(self, painter: QPainter, width: int, height: int) -> None:
        """Paint the whole canvas into ``painter`` (also used for image export)."""
        self._sync_scale_to(width)
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        mid = pal.color(QPalette.ColorRole.Mid)
        painter.fillRect(QRectF(0, 0, width, height), base)
        painter.setFont(self._font)
        g = self.geo
        if self.cols is None or self.lanes is None:
            painter.setPen(text)
            painter.drawText(
                QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, "No case open"
            )
            return
        self.relayout(width)
        body = QRectF(
            g.header_w, g.axis_h, width - g.header_w, height - g.axis_h - g.tray_h - g.legend_h
        )
        painter.save()
        painter.setClipRect(body)
        painter.translate(g.header_w, 0)
        self._paint_eras(painter, body.height() + g.axis_h, mid)
        self._paint_grid(painter, body, mid)
        self._paint_lanes(painter, text, mid)
        self._paint_move_ghost(painter)
        painter.restore()
        self._paint_axis(painter, width, text, mid, base)
        self._paint_headers(painter, text, mid, base)
        self._paint_tray(painter, width, height, text, mid, base)
        self._paint_legend(painter, width, height, text, mid, base)

    def relayout(self, width: int | None = None) -> Frame | None:
        """Lay out the visible window (no painting); the frame is kept for hit testing."""
        self._sync_scale_to(self.width() if width is None else width)
        if self.cols is None or self.lanes is None:
            self.frame = None
            return None
        g = self.geo
        self.frame = layout_frame(
            self.cols,
            self.lanes,
            self.scale,
            self._text_width,
            collapsed=frozenset(self.collapsed),
            item_budget=ITEM_BUDGET,
        )
        self._lane_tops = []
        y = g.axis_h + (g.era_h if self.eras else 0) + 6
        for lane, rows in enumerate(self.frame.rows):
            self._lane_tops.append(y + 16)
            y += 16 + (1 if lane in self.collapsed else rows) * g.row_h + g.lane_gap
        return self.frame

    def _sync_scale_to(self, width: int) -> None:
        target = max(50.0, width - self.geo.header_w)
        if abs(self.scale.width - target) > 0.5:
            self.scale = TimeScale(self.scale.start, self.scale.end, target)

    def _paint_eras(self, painter: QPainter, bottom: float, mid: QColor) -> None:
        for k, era in enumerate(self.eras):
            x0 = self.scale.x_of(seconds(era.start.earliest))
            x1 = self.scale.x_of(seconds(era.end.latest))
            colour = QColor(era.colour) if era.colour else QColor(mid)
            colour.setAlpha(28 if k % 2 == 0 else 40)
            painter.fillRect(QRectF(x0, self.geo.axis_h, x1 - x0, bottom), colour)
            label = QColor(mid).darker(150)
            painter.setPen(label)
            painter.drawText(
                QRectF(max(x0, 0) + 4, self.geo.axis_h + 1 + 14 * (k % 2), max(x1 - x0, 1), 14),
                Qt.AlignmentFlag.AlignLeft,
                era.name,
            )

    def _paint_grid(self, painter: QPainter, body: QRectF, mid: QColor) -> None:
        fine, _context, _unit = axis_ticks(self.scale, self._text_width)
        grid = QColor(mid)
        grid.setAlpha(60)
        painter.setPen(QPen(grid, 1))
        for tick in fine:
            painter.drawLine(QPointF(tick.x, body.top()), QPointF(tick.x, body.bottom()))

    def _paint_axis(
        self, painter: QPainter, width: int, text: QColor, mid: QColor, base: QColor
    ) -> None:
        g = self.geo
        painter.fillRect(QRectF(0, 0, width, g.axis_h), base)
        fine, context, _unit = axis_ticks(self.scale, self._text_width)
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

    def _paint_headers(self, painter: QPainter, text: QColor, mid: QColor, base: QColor) -> None:
        assert self.lanes is not None
        g = self.geo
        painter.fillRect(QRectF(0, g.axis_h + 1, g.header_w, 10_000), base)
        painter.setPen(mid)
        painter.drawLine(QPointF(g.header_w, g.axis_h), QPointF(g.header_w, 10_000))
        for lane, top in enumerate(self._lane_tops):
            title = self.lanes.titles[lane]
            arrow = "\u25b8 " if lane in self.collapsed else "\u25be "
            count = len(self.lanes.members[lane])
            painter.setPen(text)
            label = self._metrics.elidedText(
                f"{arrow}{title} ({count})", Qt.TextElideMode.ElideRight, g.header_w - 8
            )
            painter.drawText(
                QRectF(4, top - 16, g.header_w - 8, 16),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )

    def _paint_lanes(self, painter: QPainter, text: QColor, mid: QColor) -> None:
        assert self.frame is not None and self.cols is not None
        g = self.geo
        shade = mid.darker(160)
        for strip in self.frame.strips:
            if strip.lane >= len(self._lane_tops) or not len(strip.counts):
                continue
            top = self._lane_tops[strip.lane]
            target = QRectF(strip.x0, top + 3, len(strip.counts) * strip.bin_px, g.row_h - 6)
            painter.drawImage(target, density_image(strip.counts, shade))
        for item in self.frame.items:
            if item.lane >= len(self._lane_tops) or item.lane in self.collapsed:
                continue
            y = self._lane_y(item.lane, item.row)
            if item.event_id < 0:
                self._paint_cluster(painter, item, y, text, mid)
            else:
                self._paint_event(painter, item, y, text)

    def _paint_move_ghost(self, painter: QPainter) -> None:
        if self._move is None or not self._move_dx:
            return
        item, edge = self._move
        if item.lane >= len(self._lane_tops):
            return
        y = self._lane_y(item.lane, item.row)
        x0 = item.x0 + (self._move_dx if edge == "start" else 0)
        x1 = item.x1 + self._move_dx
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(x0, y + 2, max(x1 - x0, 6), self.geo.row_h - 4))

    def _paint_cluster(
        self, painter: QPainter, item: Item, y: float, text: QColor, mid: QColor
    ) -> None:
        rect = QRectF(item.x0, y + 3, max(item.x1 - item.x0, 14), self.geo.row_h - 6)
        painter.setPen(QPen(mid.darker(140), 1))
        painter.setBrush(QColor(mid.red(), mid.green(), mid.blue(), 90))
        painter.drawRoundedRect(rect, 6, 6)
        if item.label:
            painter.setPen(text)
            painter.drawText(QPointF(item.label_x, y + self.geo.row_h - 7), item.label)

    def _paint_event(self, painter: QPainter, item: Item, y: float, text: QColor) -> None:
        assert self.cols is not None
        i = item.index
        flags = int(self.cols.flags[i])
        colour, band, edge = _STATUS_PAINT[int(self.cols.status[i])]
        h = self.geo.row_h
        sharp = (
            int(self.cols.precision[i]) in SHARP_PRECISIONS and int(self.cols.qualifier[i]) == EXACT
        )
        width = item.x1 - item.x0
        if flags & FLAG_SPAN:
            # the whole possible extent soft, the certain core solid
            painter.fillRect(QRectF(item.x0, y + 4, max(width, 2), h - 8), band)
            if item.core1 > item.core0:  # a solid rule under the label, not behind it
                painter.fillRect(QRectF(item.core0, y + h - 8, item.core1 - item.core0, 4), colour)
        elif not sharp and width >= 3:
            # an imprecise date: a soft band over everything it allows, never a point
            painter.fillRect(QRectF(item.x0, y + 4, width, h - 8), band)
            painter.fillRect(QRectF(item.x0, y + h - 6, width, 2), colour)
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
            painter.drawRect(QRectF(item.x0 - 2, y + 2, max(width, 2) + 4, h - 4))
        if item.event_id in self.highlighted and item.label:
            painter.fillRect(
                QRectF(item.label_x - 2, y + 3, item.label_w + 4, h - 6), _SEARCH_HIGHLIGHT
            )
        if item.event_id == self.selected_id:
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            right = max(item.x1, item.label_x + item.label_w) if item.label else item.x1
            painter.drawRoundedRect(QRectF(item.x0 - 3, y + 1, right - item.x0 + 6, h - 2), 4, 4)
        if item.label:
            painter.setPen(text)
            painter.drawText(QPointF(item.label_x, y + h - 7), item.label)
        if flags & FLAG_UNSOURCED:
            painter.setPen(_UNSOURCED_PEN)
            painter.drawText(QPointF(item.x0 - 9, y + 10), "!")

    def _paint_legend(
        self, painter: QPainter, width: int, height: int, text: QColor, mid: QColor, base: QColor
    ) -> None:
        g = self.geo
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
            elif shape == "key":
                painter.setPen(QPen(colour, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(QRectF(x, cy - 5, 10, 10))
            else:
                painter.setPen(QPen(colour, 1.5))
                painter.drawText(QPointF(x + 2, cy + 5), "!")
            painter.setPen(text)
            painter.drawText(QPointF(x + 14, cy + 5), label)
            x += 14 + self._text_width(label) + 16
            if x > width:
                break

    def _paint_tray(
        self, painter: QPainter, width: int, height: int, text: QColor, mid: QColor, base: QColor
    ) -> None:
        assert self.cols is not None
        g = self.geo
        top = height - g.legend_h - g.tray_h
        painter.fillRect(QRectF(0, top, width, g.tray_h), base.darker(104))
        painter.setPen(mid)
        painter.drawLine(QPointF(0, top), QPointF(width, top))
        painter.setPen(text)
        painter.drawText(
            QRectF(6, top, g.header_w - 10, g.tray_h),
            Qt.AlignmentFlag.AlignVCenter,
            f"Undated ({len(self.cols.undated_ids)})",
        )
        for rect, eid in self._tray_rects():
            k = int(np.flatnonzero(self.cols.undated_ids == eid)[0])
            colour = QColor(STATUS_COLOURS[int(self.cols.undated_status[k])][1])
            colour.setAlpha(60)
            painter.setPen(
                QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
                if eid == self.selected_id
                else QPen(colour.darker(130), 1)
            )
            painter.setBrush(_SEARCH_HIGHLIGHT if eid in self.highlighted else colour)
            painter.drawRoundedRect(rect, 5, 5)
            painter.setPen(text)
            label = self._metrics.elidedText(
                self.cols.undated_titles[k], Qt.TextElideMode.ElideRight, rect.width() - 12
            )
            painter.drawText(rect.adjusted(6, 0, -6, 0), Qt.AlignmentFlag.AlignVCenter, label)


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
        ("diamond", "#777777", "exact date"),
        ("band", "#999999", "imprecise date: band over the whole period it allows"),
        ("span", "#999999", "span (solid = certain part)"),
        ("key", "#555555", "key fact"),
        ("mark", "#b00020", "no source cited"),
    ]
    return entries


def _interval_text(cols: EventColumns, i: int) -> str:
    lo = EPOCH + timedelta(seconds=int(cols.start_lo[i]))
    hi = EPOCH + timedelta(seconds=int(cols.end_hi[i]))
    last = hi - timedelta(seconds=1)
    return f"{lo:%d %b %Y} \u2013 {last:%d %b %Y} (whole interval the date allows)"
