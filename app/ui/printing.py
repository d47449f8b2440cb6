"""File > Print Report… and Print Timeline…, run on the interface thread.

The report goes through :func:`app.ui.report.print_chronology` (the same layout and
painting as the PDF export); the timeline is painted by the timeline canvas itself (the
same :meth:`TimelineCanvas.paint` the screen and the image export use), scaled to one page
by :func:`paint_timeline_page`.

The flow knows the window only through what its constructor is given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence, QPageLayout, QPainter, QPalette
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from app.domain.date_display import day_words
from app.domain.filter_text import active_filter_summary
from app.domain.records import EventFilter
from app.interchange.chronology import build_chronology
from app.store.case import Case, CaseError
from app.timeline.scale import TimeScale
from app.timeline.tiles import tiles
from app.ui.report import print_chronology
from app.ui.theme import make_palette
from app.ui.window_flow import WindowFlow

__all__ = ["PrintFlow", "paint_timeline_page"]


class PrintFlow(WindowFlow):
    """File > Print Report… and Print Timeline… for one window.

    ``parent`` is the widget dialogs are shown over, ``case()`` the case shown (or None),
    ``current_filter()`` the filter the window shows, ``show_status(text)`` puts a message
    in the status bar, and ``canvas`` is the timeline canvas to print.
    """

    failure_title = "Not printed"

    def __init__(
        self,
        parent: QWidget,
        case: Callable[[], Case | None],
        current_filter: Callable[[], EventFilter],
        show_status: Callable[[str], None],
        canvas: Any,
    ) -> None:
        super().__init__(parent, case, show_status)
        self._filter = current_filter
        self.canvas = canvas
        self.print_report_action = QAction("&Print Report\u2026", parent)
        self.print_report_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_report_action.triggered.connect(
            lambda _checked=False: self.print_report_dialog()
        )
        self.print_timeline_action = QAction("Print &Timeline\u2026", parent)
        self.print_timeline_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.print_timeline_action.triggered.connect(
            lambda _checked=False: self.print_timeline_dialog()
        )
        self.update_actions()

    def actions(self) -> list[QAction]:
        return [self.print_report_action, self.print_timeline_action]

    def update_actions(self) -> None:
        """Enable printing when a case is shown (call when the case changes)."""
        for action in self.actions():
            action.setEnabled(self._case() is not None)

    def print_report_dialog(self) -> None:
        if self._case() is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self._parent)
        dialog.setWindowTitle("Print Report")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_report(printer)

    def print_report(self, printer: QPrinter) -> int:
        """Print the chronology of the events the filter shows; return the pages (0: failed)."""
        case = self._case()
        if case is None:
            return 0
        try:
            pages = print_chronology(build_chronology(case, self._filter()), printer)
        except (OSError, CaseError) as error:
            self._fail(str(error))
            return 0
        self._status(f"Printed the report ({pages} page(s))")
        return pages

    def timeline_printer(self) -> QPrinter:
        """A printer set up for the timeline: landscape unless the user changes it."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        return printer

    def print_timeline_dialog(self) -> None:
        if self._case() is None:
            return
        printer = self.timeline_printer()
        dialog = QPrintDialog(printer, self._parent)
        dialog.setWindowTitle("Print Timeline")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_timeline(printer)

    def print_timeline(self, printer: QPrinter) -> bool:
        """Print the timeline as shown (same zoom, same filter) from the first event to the
        last: one page per screenful of time, each page with its own axis and a heading that
        says which part of the case it shows."""
        case = self._case()
        if case is None:
            return False
        summary = active_filter_summary(self._filter())
        heading = f"{case.title} \u00b7 Timeline" + (
            f" \u00b7 filter: {summary}" if summary else ""
        )
        canvas = self.canvas
        view = canvas.scale
        whole = canvas.whole_range()
        if whole is None or view.span >= whole[1] - whole[0]:  # it all shows: print the view
            parts = [(view.start, view.end)]
        else:
            parts = tiles(whole[0], whole[1], view.span)
        # Device units at the screen's resolution keep the canvas's fonts (points) in
        # proportion to its drawing (pixels); the output is still vector.
        resolution = printer.resolution()
        printer.setResolution(canvas.logicalDpiY())
        painter = QPainter()
        if not painter.begin(printer):
            printer.setResolution(resolution)
            self._fail("the printer could not be started")
            return False
        ok = True
        try:
            for k, (t0, t1) in enumerate(parts):
                if k and not printer.newPage():
                    ok = False
                    break
                canvas.scale = TimeScale(t0, t1, view.width)
                page = QRectF(painter.viewport())
                margin = page.width() * 0.02
                where = (
                    f" \u00b7 page {k + 1} of {len(parts)}: {day_words(int(t0))} \u2013 "
                    f"{day_words(int(t1))}"
                    if len(parts) > 1
                    else ""
                )
                paint_timeline_page(
                    canvas, painter, page.adjusted(margin, margin, -margin, -margin),
                    heading=heading + where,
                )  # fmt: skip
        finally:
            canvas.scale = view
            canvas.relayout()
            ok = painter.end() and ok
            printer.setResolution(resolution)
        if not ok:
            self._fail("the printer could not finish the pages")
            return False
        self._status(
            f"Printed the timeline on {len(parts)} page(s)"
            if len(parts) > 1
            else "Printed the timeline"
        )
        return True


def paint_timeline_page(
    canvas: Any, painter: QPainter, page: QRectF, *, heading: str = "", light: bool = True
) -> None:
    """Paint ``canvas`` (a TimelineCanvas) into ``page``, scaled to fit, with a heading.

    The canvas shows the dates it shows on screen, laid out for the page's proportions (wider:
    more room for labels; taller: more lanes), and the result is scaled uniformly. The
    canvas's sizes are screen pixels and its fonts points, so the painter's device should
    have the canvas's resolution (:meth:`PrintFlow.print_timeline` sets the printer's), or
    the text comes out too large for the drawing.
    """
    top = page.top()
    if heading:
        font = QFont(painter.font())
        font.setPointSizeF(10.0)
        painter.setFont(font)
        metrics_h = painter.fontMetrics().height() * 1.6
        painter.setPen(Qt.GlobalColor.black)
        painter.drawText(
            QRectF(page.left(), top, page.width(), metrics_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(
                " ".join(heading.split()), Qt.TextElideMode.ElideRight, int(page.width())
            ),
        )
        top += metrics_h
    area = QRectF(page.left(), top, page.width(), page.bottom() - top)
    width, height = (canvas.width(), canvas.height()) if canvas.width() >= 400 else (1600, 900)
    aspect = area.width() / max(area.height(), 1.0)
    if width / max(height, 1) < aspect:  # the page is wider: the same dates, more room
        width = round(height * aspect)
    else:  # the page is taller: more lanes
        height = round(width / aspect)
    scale = min(area.width() / width, area.height() / height)
    own_palette = canvas.testAttribute(Qt.WidgetAttribute.WA_SetPalette)
    old_palette = QPalette(canvas.palette())
    if light:
        canvas.setPalette(make_palette(False))
    painter.save()
    try:
        painter.translate(area.left(), area.top())
        painter.scale(scale, scale)
        painter.setClipRect(QRectF(0, 0, width, height))
        canvas.paint(painter, width, height)
    finally:
        painter.restore()
        if light:  # an inherited palette goes back to being inherited (dark mode follows)
            canvas.setPalette(old_palette if own_palette else QPalette())
        canvas.relayout()  # the on-screen layout again (hit testing uses it)
        canvas.update()
