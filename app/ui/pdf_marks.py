"""A PDF view that marks passages (the cited quote, a find match), scrolls to them, and lets
the reader select text by dragging on a page.

QPdfView draws pages but offers no way to mark arbitrary text, nor says where it put each
page. ``MarkedPdfView`` works the page layout out the way QPdfView does (pages stacked with
their spacing, centred, inside the document margins; sizes from the page's points, the
screen's resolution and the zoom) and paints the marks, given as polygons in page points
(``QPdfSelection.bounds()``), over the pages.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QWidget

QUOTE_FILL = QColor(255, 214, 0, 110)
QUOTE_EDGE = QColor(196, 120, 0)
FIND_FILL = QColor(64, 140, 255, 70)
SELECTION_FILL = QColor(0, 90, 200, 80)


class MarkedPdfView(QPdfView):
    """A multi-page PDF view with marked passages (``set_marks(page, polygons)``) and text
    selected by dragging on a page (``selected_text``, ``selected_page``)."""

    selectionChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.marks: dict[int, list[QPolygonF]] = {}  # the quote, per 0-based page
        self.finds: dict[int, list[QPolygonF]] = {}  # the current find match
        self._pending = False  # scroll to the mark once the view has its size
        self.selection: dict[int, list[QPolygonF]] = {}
        self.selected_text = ""
        self.selected_page: int | None = None  # 0-based
        self._drag: tuple[int, QPointF] | None = None

    def set_marks(self, page: int | None, polygons: list[QPolygonF]) -> None:
        self.marks = {page: polygons} if page is not None and polygons else {}
        self.viewport().update()

    def set_find(self, page: int | None, polygons: list[QPolygonF]) -> None:
        self.finds = {page: polygons} if page is not None and polygons else {}
        self.viewport().update()

    def page_rects(self) -> dict[int, QRect]:
        """Each page's rectangle in document coordinates (before scrolling)."""
        document = self.document()
        if document is None or document.status() != QPdfDocument.Status.Ready:
            return {}
        screen = QGuiApplication.primaryScreen()
        resolution = (screen.logicalDotsPerInch() if screen else 72.0) / 72.0
        margins, spacing = self.documentMargins(), self.pageSpacing()
        viewport = self.viewport().size()
        if self.pageMode() == QPdfView.PageMode.SinglePage:
            pages = [self.pageNavigator().currentPage()]
        else:
            pages = list(range(document.pageCount()))
        sizes: dict[int, QSize] = {}
        for page in pages:
            points = document.pagePointSize(page)
            if self.zoomMode() == QPdfView.ZoomMode.Custom:
                size = QSizeF(points * resolution * self.zoomFactor()).toSize()
            else:
                size = QSizeF(points * resolution).toSize()
                if self.zoomMode() == QPdfView.ZoomMode.FitToWidth and size.width() > 0:
                    room = viewport.width() - margins.left() - margins.right()
                    size = QSizeF(size) * (room / size.width())
                    size = size.toSize()
                elif self.zoomMode() == QPdfView.ZoomMode.FitInView:
                    room = viewport - QSize(margins.left() + margins.right(), spacing)
                    size = size.scaled(room, Qt.AspectRatioMode.KeepAspectRatio)
            sizes[page] = size
        total = max((s.width() for s in sizes.values()), default=0)
        total += margins.left() + margins.right()
        rects: dict[int, QRect] = {}
        y = margins.top()
        for page in pages:
            size = sizes[page]
            x = (max(total, viewport.width()) - size.width()) // 2
            rects[page] = QRect(x, y, size.width(), size.height())
            y += size.height() + spacing
        return rects

    def _to_view(self, page: int, rect: QRect) -> QRectF | None:
        document = self.document()
        points = document.pagePointSize(page) if document is not None else QSizeF()
        if points.width() <= 0:
            return None
        return QRectF(rect.width() / points.width(), rect.height() / points.height(), 0, 0)

    def mark_rect(self, page: int, polygons: list[QPolygonF]) -> QRectF | None:
        """Where the marked polygons of ``page`` are, in document coordinates."""
        rect = self.page_rects().get(page)
        scale = self._to_view(page, rect) if rect is not None else None
        if rect is None or scale is None or not polygons:
            return None
        box = QRectF()
        for polygon in polygons:
            box = box.united(polygon.boundingRect())
        return QRectF(
            rect.x() + box.x() * scale.x(),
            rect.y() + box.y() * scale.y(),
            box.width() * scale.x(),
            box.height() * scale.y(),
        )

    def scroll_to_mark(self) -> None:
        """Scroll so the quote's mark sits in the upper third of the view."""
        self._pending = not self.isVisible()
        self.scroll_to(self.marks)

    def scroll_to(self, marks: dict[int, list[QPolygonF]]) -> None:
        """Scroll so the given marks sit in the upper third of the view."""
        for page, polygons in marks.items():
            box = self.mark_rect(page, polygons)
            if box is not None:
                bar = self.verticalScrollBar()
                bar.setValue(int(box.top() - self.viewport().height() / 3))
                side = self.horizontalScrollBar()
                if box.right() > side.value() + self.viewport().width():
                    side.setValue(int(box.left() - 20))
                return

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._pending and self.isVisible():
            self.scroll_to_mark()

    # ---- selecting text

    def page_point(self, position: QPoint) -> tuple[int, QPointF] | None:
        """The page under a viewport position and the point on it, in page points."""
        at = QPointF(position) + QPointF(
            self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        )
        for page, rect in self.page_rects().items():
            if QRectF(rect).contains(at):
                scale = self._to_view(page, rect)
                if scale is None:
                    return None
                return page, QPointF(
                    (at.x() - rect.x()) / scale.x(), (at.y() - rect.y()) / scale.y()
                )
        return None

    def select(self, page: int, start: QPointF, end: QPointF) -> None:
        """Select the text of ``page`` between two points (in page points)."""
        document = self.document()
        if document is None:
            return
        chosen = document.getSelection(page, start, end)
        text = chosen.text() if chosen.isValid() else ""
        self.set_selection(page if text.strip() else None, text, list(chosen.bounds()))

    def set_selection(self, page: int | None, text: str, polygons: list[QPolygonF]) -> None:
        self.selected_page = page
        self.selected_text = text if page is not None else ""
        self.selection = {page: polygons} if page is not None else {}
        self.viewport().update()
        self.selectionChanged.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag = self.page_point(event.position().toPoint())
            if self.selection:
                self.set_selection(None, "", [])
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        super().mouseMoveEvent(event)
        if self._drag is not None and event.buttons() & Qt.MouseButton.LeftButton:
            here = self.page_point(event.position().toPoint())
            if here is not None and here[0] == self._drag[0]:
                self.select(self._drag[0], self._drag[1], here[1])

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._drag = None
        if not self.selection:
            super().mouseReleaseEvent(event)  # a click: links work as before

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self.marks and not self.finds and not self.selection:
            return
        painter = QPainter(self.viewport())
        offset = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        rects = self.page_rects()
        for marks, fill, edge in (
            (self.marks, QUOTE_FILL, QUOTE_EDGE),
            (self.finds, FIND_FILL, None),
            (self.selection, SELECTION_FILL, None),
        ):
            for page, polygons in marks.items():
                rect = rects.get(page)
                scale = self._to_view(page, rect) if rect is not None else None
                if rect is None or scale is None:
                    continue
                painter.setPen(edge if edge is not None else Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                for polygon in polygons:
                    shown = QPolygonF(
                        [
                            QPointF(
                                rect.x() + point.x() * scale.x() - offset.x(),
                                rect.y() + point.y() * scale.y() - offset.y(),
                            )
                            for point in polygon
                        ]
                    )
                    painter.drawPolygon(shown)
        painter.end()
