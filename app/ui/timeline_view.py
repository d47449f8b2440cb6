"""The timeline panel: a toolbar (fit, zoom, go to date, group by, image), the canvas, a
zoom slider and an overview strip of the whole case with a draggable viewport."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.columns import EventColumns
from app.domain.dates import DateError, FuzzyDate
from app.domain.known_bounds import case_span, known_at, known_bounds_chunks, known_interval
from app.domain.records import ChangeSet
from app.store.case import Case
from app.timeline.index import PATCH_LIMIT, TimelineIndex
from app.timeline.scale import YEAR_SECONDS, TimeScale
from app.ui.canvas import TimelineCanvas, seconds
from app.ui.heap import settle
from app.ui.jobs import Job, JobRunner
from app.ui.session import CaseSession
from app.ui.text import show_message

GROUPS = (
    ("No lanes", "none"),
    ("Tag", "tag"),
    ("Entity", "entity"),
    ("Status", "status"),
    ("Source", "source"),
)
SLIDER_STEPS = 1000
OVERVIEW_BINS = 400


@dataclass(frozen=True)
class OverviewBefore:
    """Changed events as the overview counted them before a patch."""

    bins: list[int]
    at_edge: bool  # one of them fixed the earliest or latest known instant of the case


class OverviewStrip(QWidget):
    """Density of the whole case, with the canvas's viewport as a draggable window."""

    def __init__(self, canvas: TimelineCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.setFixedHeight(34)
        self.setMouseTracking(True)
        self.setToolTip("Overview of the whole case: drag to move the view")
        self.setAccessibleName("Timeline overview")
        self._counts = np.zeros(0, dtype=np.int64)
        self._range = (0.0, 1.0)
        self._span: tuple[int, int] | None = None  # the known span the range pads
        self._dragging = False
        canvas.viewChanged.connect(self.update)

    def set_columns_changed(self) -> None:
        cols = self._whole_case()
        if cols is None or len(cols) == 0:
            self._counts = np.zeros(0, dtype=np.int64)
            self.update()
            return
        self._span = case_span(cols)
        self._range = self._range_of(self._span)
        counts = np.zeros(OVERVIEW_BINS, dtype=np.int64)  # a slice at a time (no 1M temporaries)
        for _, known_lo, _ in known_bounds_chunks(cols):  # an open date counts at its known bound
            counts += np.histogram(known_lo, bins=OVERVIEW_BINS, range=self._range)[0]
        self._counts = counts
        self.update()

    def _whole_case(self) -> EventColumns | None:
        """Every event's columns (the overview ignores the filter)."""
        index = self.canvas.index
        return None if index is None else index.all_cols

    def range(self) -> tuple[float, float]:
        """The instants at the strip's two ends (the case's known span, padded)."""
        return self._range

    def counts(self) -> np.ndarray:
        """Events per bin of the whole case (a copy)."""
        return self._counts.copy()

    @staticmethod
    def _range_of(span: tuple[int, int] | None) -> tuple[float, float]:
        lo, hi = span or (0, 1)  # the known bounds only
        pad = max((hi - lo) * 0.02, 86400.0 if hi > lo else YEAR_SECONDS / 2)
        return (lo - pad, hi + pad)

    def _extents(self, event_ids: list[int]) -> list[tuple[int, int]]:
        """The known extents of the dated events among ``event_ids`` (whole case)."""
        index = self.canvas.index
        if index is None:
            return []
        found = [index.position(i) for i in event_ids]
        return [known_at(index.all_cols, p) for p in found if p is not None]

    def bins_of(self, event_ids: list[int]) -> OverviewBefore:
        """The bins the events among ``event_ids`` fall in now (before a patch), and whether
        one of them fixes an end of the case's span."""
        if not len(self._counts) or self._span is None:
            return OverviewBefore([], True)
        extents = self._extents(event_ids)
        lo, hi = self._span
        edge = any(a <= lo or b >= hi for a, b in extents)
        return OverviewBefore([self._bin(float(a)) for a, _ in extents], edge)

    def columns_patched(self, before: OverviewBefore, event_ids: list[int]) -> None:
        """Update the counts for a patch: the bins in ``before`` lose an event, the events'
        new bins gain one. The span follows the changed events alone (an event that fixed an
        end of it was changed or deleted: measured again); a changed range counts everything
        again."""
        cols = self._whole_case()
        if cols is None or not len(cols) or not len(self._counts) or self._span is None:
            self.set_columns_changed()
            return
        extents = self._extents(event_ids)
        if before.at_edge:
            span = case_span(cols)
        else:
            span = (
                min([self._span[0], *(a for a, _ in extents)]),
                max([self._span[1], *(b for _, b in extents)]),
            )
        if self._range_of(span) != self._range:
            self.set_columns_changed()
            return
        self._span = span
        for b in before.bins:
            self._counts[b] -= 1
        for a, _ in extents:
            self._counts[self._bin(float(a))] += 1
        self.update()

    def _bin(self, t: float) -> int:
        """numpy.histogram's bin for ``t`` (bins half-open, the last one closed)."""
        edges = np.histogram_bin_edges([], bins=OVERVIEW_BINS, range=self._range)
        k = int(np.searchsorted(edges, t, side="right")) - 1
        return min(max(k, 0), OVERVIEW_BINS - 1)

    def _scale(self) -> TimeScale:
        lo, hi = self._range
        return TimeScale(lo, hi, max(self.width(), 1))

    def paintEvent(self, _event: object) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.AlternateBase))
        if len(self._counts):
            peak = max(int(self._counts.max()), 1)
            bar_w = self.width() / len(self._counts)
            colour = pal.color(QPalette.ColorRole.Mid).darker(140)
            h = self.height() - 4
            bins = np.flatnonzero(self._counts)  # plain floats: no numpy scalar per bar
            fracs = np.sqrt(self._counts[bins] / peak).tolist()
            for k, frac in zip(bins.tolist(), fracs, strict=True):
                painter.fillRect(
                    QRectF(k * bar_w, self.height() - 2 - h * frac, max(bar_w, 1), h * frac), colour
                )
            scale, view = self._scale(), self.canvas.scale
            x0, x1 = scale.x_of(view.start), scale.x_of(view.end)
            highlight = QColor(pal.color(QPalette.ColorRole.Highlight))
            highlight.setAlpha(60)
            rect = QRectF(x0, 1, max(x1 - x0, 3), self.height() - 2)
            painter.fillRect(rect, highlight)
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1.5))
            painter.drawRect(rect)
        painter.end()

    def _centre_at(self, x: float) -> None:
        if len(self._counts):
            self.canvas.go_to(self._scale().t_of(x))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self._dragging = True
        self._centre_at(event.position().x())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._dragging:
            self._centre_at(event.position().x())

    def mouseReleaseEvent(self, _event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self._dragging = False

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(800, 34)


class TimelineView(QWidget):
    """Canvas plus its controls. ``selected`` re-emits the canvas's selection."""

    selected = Signal(int)
    reloaded = Signal()  # a reload read on a worker thread is shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case: Case | None = None
        self.session: CaseSession | None = None
        self._jobs = JobRunner(self)
        self.reloading: Job | None = None  # the background read of a whole reload, if any
        self._reload_again = False
        self._fit_after_reload = False
        self.canvas = TimelineCanvas(self)
        self.canvas.selected.connect(self.selected)
        self.overview = OverviewStrip(self.canvas, self)

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)

        def button(text: str, tip: str, slot, shortcut: str | None = None) -> QToolButton:  # type: ignore[no-untyped-def]
            b = QToolButton(self)
            b.setText(text)
            b.setToolTip(tip + (f" ({shortcut})" if shortcut else ""))
            b.setAccessibleName(tip)
            if shortcut:
                b.setShortcut(QKeySequence(shortcut))
            b.clicked.connect(slot)
            bar.addWidget(b)
            return b

        button("Fit all", "Show the whole case", self.canvas.fit_all, "Ctrl+0")
        button(
            "Zoom to selection",
            "Zoom to the selected event",
            self.canvas.zoom_to_selection,
            "Ctrl+E",
        )
        button("Go to date\u2026", "Go to a date", self.go_to_date, "Ctrl+G")
        button("\u2212", "Zoom out", lambda: self.canvas.zoom(1 / 1.5))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setFixedWidth(160)
        self.slider.setToolTip("Zoom")
        self.slider.setAccessibleName("Zoom")
        self.slider.valueChanged.connect(self._slider_moved)
        bar.addWidget(self.slider)
        button("+", "Zoom in", lambda: self.canvas.zoom(1.5))
        bar.addSpacing(12)
        bar.addWidget(QLabel("Lanes:", self))
        self.group_by = QComboBox(self)
        self.group_by.setAccessibleName("Group lanes by")
        for label, key in GROUPS:
            self.group_by.addItem(label, key)
        self.group_by.currentIndexChanged.connect(self._regroup)
        bar.addWidget(self.group_by)
        bar.addSpacing(12)
        self._tools_at = bar.count()  # where add_tool puts buttons
        bar.addStretch(1)
        button("Save image\u2026", "Save the timeline as PNG or SVG", self.save_image)
        self._bar = bar

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.overview)
        self.canvas.viewChanged.connect(self._sync_slider)

    def add_tool(self, action: QAction, text: str) -> QToolButton:
        """A button for ``action`` in the timeline's toolbar, before the stretch."""
        action.setIconText(text)  # what the button shows
        b = QToolButton(self)
        b.setDefaultAction(action)
        b.setAccessibleName(action.text().replace("&", ""))
        self._bar.insertWidget(self._tools_at, b)
        self._tools_at += 1
        return b

    def set_session(self, session: CaseSession | None) -> None:
        """Show ``session``'s case and follow its changes."""
        if self.session is not None:
            self.session.changed.disconnect(self.apply_changes)
        self.session = session
        self.case = None if session is None else session.case
        if session is None:
            self.canvas.set_data_empty()
            return
        session.changed.connect(self.apply_changes)
        self.reload()

    def _reload_in_background(self) -> None:
        """Read every event's columns (and groups and eras) on a worker thread, then show
        them; changes that arrive meanwhile make it read once more."""
        case, key = self.case, self._group_key()
        if case is None:
            return

        def read(_reporter: object) -> tuple[object, object, object]:
            groups = None if key == "none" else case.event_groups(key)
            return case.timeline_columns(), groups, case.eras()

        self._reload_again = False
        self.reloading = self._jobs.start(
            read,
            title="Reading the case",
            progress=False,
            cancellable=False,
            on_finished=lambda data: self._reloaded(case, key, data),
            on_failed=lambda _error: self._reloaded(case, key, None),
        )

    def _reloaded(self, case: Case, key: str, data: tuple[object, object, object] | None) -> None:
        self.reloading = None
        if case is not self.case:
            return
        if data is None or self._reload_again or key != self._group_key():
            self._reload_in_background()
            return
        cols, groups, eras = data
        self.canvas.set_data(cols, groups, eras, fit=self._fit_after_reload)  # type: ignore[arg-type]
        self._fit_after_reload = False
        self.overview.set_columns_changed()
        settle(len(cols) + len(cols.undated_ids))  # type: ignore[arg-type, attr-defined]
        self.reloaded.emit()

    def fit_when_shown(self) -> None:
        """Fit the whole case now, or once a reload being read is shown."""
        if self.reloading is not None:
            self._fit_after_reload = True
        else:
            self.canvas.fit_all()

    def _group_key(self) -> str:
        return str(self.group_by.currentData())

    def preload(self, index: TimelineIndex) -> None:
        """The columns and lanes built already (the first frame's, ungrouped): the next
        reload shows them."""
        self._preloaded: TimelineIndex | None = index

    def reload(self) -> None:
        if self.case is None:
            return
        key = self._group_key()
        groups = None if key == "none" else self.case.event_groups(key)
        index, self._preloaded = getattr(self, "_preloaded", None), None
        if index is not None and groups is None and index.visible is None:
            cols = index.all_cols
            self.canvas.index = index  # what set_data would build from the same columns
            self.canvas.set_eras(self.case.eras())
            self.canvas.fit_all()
        else:
            cols = self.case.timeline_columns() if index is None else index.all_cols
            self.canvas.set_data(cols, groups, self.case.eras())
        self.overview.set_columns_changed()
        settle(len(cols) + len(cols.undated_ids))

    def apply_changes(self, changes: ChangeSet, _initiator: object = None) -> None:
        """Patch the canvas for the events ``changes`` names (no reload of the case)."""
        session = self.session
        if session is None or self.case is None:
            return
        touched, deleted = session.changed_events(changes)
        if self.reloading is not None:  # a reload is reading the case: read it again after
            self._reload_again = True
            return
        if changes.is_everything or len(touched) + len(deleted) > PATCH_LIMIT:
            self._reload_in_background()
            return
        if changes.touches("era"):
            self.canvas.set_eras(self.case.eras())
        key = self._group_key()
        named = {"tag": "tag", "entity": "entity", "source": "source"}.get(key)
        if named is not None and any(
            c.kind == named and c.action != "create" for c in changes.changes
        ):
            self._regroup()  # a group renamed, merged or deleted: its lane changes
        if not touched and not deleted:
            return
        before = self.overview.bins_of(touched + deleted)
        dated, undated = self.case.timeline_rows(touched) if touched else ([], [])
        groups = None if key == "none" else self.case.event_groups(key, touched)
        self.canvas.patch(
            dated, undated, deleted, groups=groups, visible=session.visible_among(touched)
        )
        self.overview.columns_patched(before, touched)

    def _regroup(self) -> None:
        if self.case is None:
            return
        key = self._group_key()
        self.canvas.set_groups(None if key == "none" else self.case.event_groups(key))

    def _sync_slider(self) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(self.canvas.scale.zoom_level() * SLIDER_STEPS))
        self.slider.blockSignals(False)

    def _slider_moved(self, value: int) -> None:
        scale = self.canvas.scale
        centre = (scale.start + scale.end) / 2
        self.canvas.set_scale(TimeScale.from_zoom_level(value / SLIDER_STEPS, centre, scale.width))

    def go_to_date(self) -> None:
        text, ok = QInputDialog.getText(
            self, "Go to date", "Date (e.g. 2013, March 2019, 25 March 2019):"
        )
        if not ok or not text.strip():
            return
        try:
            reading = self.case.date_settings.reading() if self.case else {}
            date = FuzzyDate.parse(text, **reading)
        except DateError as error:
            show_message(self, "Go to date", str(error))
            return
        self.show_date(date)

    def show_date(self, date: FuzzyDate) -> None:
        lo, hi = known_interval(date.qualifier, seconds(date.earliest), seconds(date.latest))
        pad = (hi - lo) * 0.25 or YEAR_SECONDS / 2  # "after 2016": around 1 January 2017
        self.canvas.show_range(lo - pad, hi + pad)

    def save_image(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save timeline image", "timeline.png", "PNG image (*.png);;SVG drawing (*.svg)"
        )
        if not name:
            return
        from app.ui.image import write_image

        path = Path(name)
        if path.suffix.lower() not in (".png", ".svg"):
            path = path.with_suffix(".png")
        try:
            write_image(self.canvas, path, self.canvas.size())
        except (OSError, ValueError) as error:
            show_message(self, "Save image", str(error))
