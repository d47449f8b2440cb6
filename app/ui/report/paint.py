"""Painting laid-out report pages: running header, footer, bands and page footnotes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QPagedPaintDevice,
    QPainter,
    QPen,
)

from app.ui.report.layout import (
    Page,
    ReportLayout,
)
from app.ui.report.typeset import (
    ALERT,
    GREY,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    NOTE_RULE_GAP,
    RULE,
    SHADE,
    Fragment,
    Line,
)

# -- painting --------------------------------------------------------------------------------


class ReportPainter:
    def __init__(self, layout: ReportLayout, pages: list[Page]) -> None:
        self.layout = layout
        self.pages = pages
        self.ts = layout.ts

    def paint(
        self, painter: QPainter, device: QPagedPaintDevice, *, on_page: Callable[[int], None]
    ) -> None:
        for index, page in enumerate(self.pages):
            if index and not device.newPage():
                raise OSError("the next page could not be started")
            on_page(index)
            self.paint_page(painter, page)

    def _text(self, painter: QPainter, x: float, baseline: float, fragment: Fragment) -> None:
        ts = self.ts
        painter.setFont(ts.fonts[fragment.style])
        painter.setPen(ts.colours[fragment.style])
        painter.drawText(
            QPointF(x + fragment.x, baseline - ts.raises[fragment.style]), fragment.text
        )

    def _line(self, painter: QPainter, x: float, top: float, line: Line) -> None:
        for fragment in line.fragments:
            self._text(painter, x, top + line.ascent, fragment)

    def _privileged(self, painter: QPainter, mark: str) -> None:
        """The PRIVILEGED marking, centred above the header and below the footer of every
        page (the cover too)."""
        lay, ts = self.layout, self.ts
        painter.setFont(ts.fonts["alert"])
        painter.setPen(ALERT)
        x = lay.left + (lay.width - ts.metrics["alert"].horizontalAdvance(mark)) / 2
        top = ts.pt(MARGIN_TOP - 16)
        bottom = lay.page_height - ts.pt(MARGIN_BOTTOM - 16)
        for baseline in (top, bottom):
            painter.drawText(QPointF(x, baseline), mark)

    def paint_page(self, painter: QPainter, page: Page) -> None:
        lay, ts = self.layout, self.ts
        pt = ts.pt
        left, top = lay.left, lay.top
        thin = QPen(RULE)
        thin.setWidthF(pt(0.5))
        # running header (not on the cover) and footer
        header_font = ts.fonts["header"]
        painter.setFont(header_font)
        painter.setPen(GREY)
        metrics = ts.metrics["header"]
        if not page.cover:
            baseline = pt(MARGIN_TOP)
            title = lay.chronology.cover.case_title
            text = metrics.elidedText(
                " ".join(title.split()) + " \u00b7 Chronology",
                Qt.TextElideMode.ElideMiddle,
                lay.width * 0.75,
            )
            painter.drawText(QPointF(left, baseline), text)
            painter.setPen(thin)
            painter.drawLine(
                QPointF(left, baseline + pt(4)), QPointF(left + lay.width, baseline + pt(4))
            )
        footer = pt(MARGIN_BOTTOM)
        baseline = lay.page_height - footer
        painter.setPen(GREY)
        painter.setFont(header_font)
        folio = f"Page {page.number} of {len(self.pages)}"
        painter.drawText(
            QPointF(left + lay.width - metrics.horizontalAdvance(folio), baseline), folio
        )
        painter.drawText(QPointF(left, baseline), f"Made {lay.chronology.cover.made}")
        if lay.chronology.privileged:
            self._privileged(painter, lay.chronology.privileged)
        # body
        for y, band in page.body:
            band_top = top + y
            if band.shade:
                painter.fillRect(QRectF(left, band_top, lay.width, band.height), SHADE)
            if band.bar:
                painter.fillRect(QRectF(left - pt(7), band_top, pt(2.2), band.height), INK)
            if band.rule_above and (y > 0 or band.grid):  # the header's rule is enough
                painter.setPen(thin)
                painter.drawLine(QPointF(left, band_top), QPointF(left + lay.width, band_top))
            if band.grid:
                painter.setPen(thin)
                for gx in band.grid:
                    painter.drawLine(
                        QPointF(left + gx, band_top), QPointF(left + gx, band_top + band.height)
                    )
            for x, line in band.cells:
                self._line(painter, left + x, band_top, line)
        # footnotes, at the foot of the body
        if page.notes:
            y = lay.bottom - page.notes_height
            painter.setPen(thin)
            rule_y = y + pt(NOTE_RULE_GAP) * 0.8
            painter.drawLine(QPointF(left, rule_y), QPointF(left + pt(120), rule_y))
            y += pt(NOTE_RULE_GAP) * 2
            for line in page.notes:
                self._line(painter, left, y, line)
                y += line.height
