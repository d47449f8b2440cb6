"""The exhibit pack as a PDF: an exhibit list (exhibit, description, Bates range, source
date, SHA-256, or "not produced"), then every cited page of each produced exhibit in
exhibit order, each stamped with its exhibit label and its Bates number (or page).

PDF pages are drawn from the stored file (QtPdf renders them at 150 dpi); a text file is
set as text, an image drawn whole. The plan comes from :mod:`app.interchange.exhibits`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtPdf import QPdfDocument

from app.domain.document_text import decode_text
from app.interchange.exhibits import NOT_PRODUCED, Exhibit, page_bates
from app.ui.exhibit_marking import MarkedPages, draw_marking
from app.ui.report.typeset import ensure_gui

DPI = 150
MARGIN = 0.6 * DPI
DASH = "\u2014"


def _stamp(painter: QPainter, page: QRectF, text: str) -> None:
    font = QFont("DejaVu Sans", 11)
    font.setBold(True)
    painter.setFont(font)
    width = painter.fontMetrics().horizontalAdvance(text) + 30
    box = QRectF(page.right() - width - MARGIN / 2, page.bottom() - 60, width, 42)
    painter.fillRect(box, QColor("#ffffff"))
    painter.setPen(QPen(QColor("#000000"), 3))
    painter.drawRect(box)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def _list_pages(painter: QPainter, writer: QPdfWriter, title: str, exhibits: list[Exhibit]) -> int:
    page = QRectF(0, 0, writer.width(), writer.height())
    area = page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
    painter.setPen(QColor("#000000"))
    painter.setFont(QFont("DejaVu Sans", 16, QFont.Weight.Bold))
    painter.drawText(area.adjusted(0, 0, 0, -area.height() + 60), title)
    y, pages = area.top() + 80, 1
    body = QFont("DejaVu Sans", 9)
    for exhibit in exhibits:
        lines = [
            f"Exhibit {exhibit.label}: {exhibit.description}",
            f"Bates: {exhibit.bates or DASH}    Source date: {exhibit.date or DASH}",
            f"SHA-256: {exhibit.sha256}" if exhibit.produced else f"File: {NOT_PRODUCED}",
        ]
        painter.setFont(body)
        height = 0.0
        rects = []
        for line in lines:
            rect = painter.boundingRect(
                QRectF(area.left(), 0, area.width(), 10_000), Qt.TextFlag.TextWordWrap, line
            )
            rects.append((line, rect.height()))
            height += rect.height()
        if y + height > area.bottom():
            writer.newPage()
            pages += 1
            y = area.top()
        for line, h in rects:
            painter.drawText(
                QRectF(area.left(), y, area.width(), h), Qt.TextFlag.TextWordWrap, line
            )
            y += h
        y += 18
    return pages


def _draw_fit(painter: QPainter, page: QRectF, image: QImage) -> None:
    area = page.adjusted(MARGIN / 2, MARGIN / 2, -MARGIN / 2, -MARGIN)
    size = image.size().scaled(area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
    target = QRectF(area.left(), area.top(), size.width(), size.height())
    painter.drawImage(target, image)


def _exhibit_pages(painter: QPainter, writer: QPdfWriter, exhibit: Exhibit) -> int:
    page = QRectF(0, 0, writer.width(), writer.height())
    count = 0
    if exhibit.kind == "pdf":
        document = QPdfDocument()
        buffer = QBuffer()
        buffer.setData(QByteArray(exhibit.data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(buffer)
        for number in exhibit.pages or (1,):
            if number > document.pageCount():
                continue
            points = document.pagePointSize(number - 1)
            size = QSize(int(points.width() * DPI / 72), int(points.height() * DPI / 72))
            writer.newPage()
            _draw_fit(painter, page, document.render(number - 1, size))
            bates = page_bates(exhibit, number)
            _stamp(painter, page, f"EXHIBIT {exhibit.label} \u00b7 {bates or f'p. {number}'}")
            count += 1
        document.close()
        return count
    writer.newPage()
    if exhibit.kind == "image":
        image = QImage.fromData(exhibit.data)
        _draw_fit(painter, page, image)
    else:
        painter.setPen(QColor("#000000"))
        painter.setFont(QFont("DejaVu Sans Mono", 8))
        area = page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN - 60)
        text = decode_text(exhibit.data) if exhibit.kind == "text" else ""
        painter.drawText(area, Qt.TextFlag.TextWordWrap, text or "(this file cannot be shown)")
    _stamp(painter, page, f"EXHIBIT {exhibit.label}")
    return 1


def render_exhibit_pdf(
    title: str, exhibits: list[Exhibit], *, marking: str = ""
) -> tuple[bytes, int]:
    """The pack's PDF bytes and its number of pages (``marking``, such as PRIVILEGED, at the
    top and foot of every page)."""
    ensure_gui()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.Letter),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(title)
    writer.setCreator("Casetrail")
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("the PDF could not be started")
    try:
        pages_of: Any = writer
        if marking:
            draw_marking(painter, writer, marking)
            pages_of = MarkedPages(writer, painter, marking)
        pages = _list_pages(painter, pages_of, title, exhibits)
        for exhibit in exhibits:
            if exhibit.produced:
                pages += _exhibit_pages(painter, pages_of, exhibit)
    finally:
        ok = painter.end()
    del writer
    if not ok:
        raise OSError("the PDF could not be finished")
    return bytes(buffer.data().data()), pages
