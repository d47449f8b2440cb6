"""The exhibit pack as a PDF: an exhibit list (exhibit, description, Bates range, source
date, SHA-256, or "not produced"), then every cited page of each produced exhibit in
exhibit order, each stamped with its exhibit label and its Bates number (or page).

PDF pages are drawn from the stored file (QtPdf renders them at 150 dpi); a text file is
set as text, an image drawn whole. The plan comes from :mod:`app.interchange.exhibits`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtPdf import QPdfDocument

from app.domain.document_text import decode_text
from app.interchange.atomic import WriteCancelled
from app.interchange.exhibits import NOT_PRODUCED, Exhibit, page_bates
from app.interchange.pdf_outline import Bookmark, add_outline
from app.ui.exhibit_marking import MarkedPages, draw_marking
from app.ui.report.memory_pdf import MemoryPdf

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
    missing = sum(1 for e in exhibits if not e.produced)
    summary = f"{len(exhibits)} exhibit(s)" + (f", {missing} {NOT_PRODUCED}" if missing else "")
    painter.setFont(QFont("DejaVu Sans", 10))
    painter.drawText(QRectF(area.left(), y - 20, area.width(), 40), summary)
    y += 40
    head = QFont("DejaVu Sans", 10, QFont.Weight.Bold)
    body = QFont("DejaVu Sans", 9)
    for exhibit in exhibits:
        lines = [
            (head, f"Exhibit {exhibit.label}: {exhibit.description}"),
            (body, f"Bates: {exhibit.bates or DASH}    Source date: {exhibit.date or DASH}"),
            (body, f"SHA-256: {exhibit.sha256}" if exhibit.produced else f"File: {NOT_PRODUCED}"),
        ]
        height = 0.0
        rects = []
        for font, line in lines:
            painter.setFont(font)
            rect = painter.boundingRect(
                QRectF(area.left(), 0, area.width(), 10_000), Qt.TextFlag.TextWordWrap, line
            )
            rects.append((font, line, rect.height()))
            height += rect.height()
        if y + height + 24 > area.bottom():
            writer.newPage()
            pages += 1
            y = area.top()
        painter.setPen(QPen(QColor("#999999"), 1))
        painter.drawLine(int(area.left()), int(y), int(area.right()), int(y))
        painter.setPen(QColor("#000000"))
        y += 8
        for font, line, h in rects:
            painter.setFont(font)
            painter.drawText(
                QRectF(area.left(), y, area.width(), h), Qt.TextFlag.TextWordWrap, line
            )
            y += h
        y += 16
    return pages


def _draw_fit(painter: QPainter, page: QRectF, image: QImage) -> None:
    area = page.adjusted(MARGIN / 2, MARGIN / 2, -MARGIN / 2, -MARGIN)
    size = image.size().scaled(area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
    target = QRectF(area.left(), area.top(), size.width(), size.height())
    painter.drawImage(target, image)


def _exhibit_pages(
    painter: QPainter, writer: QPdfWriter, exhibit: Exhibit, marks: list[str]
) -> int:
    """Paint the exhibit's pages; ``marks`` gets each page's stamp."""
    page = QRectF(0, 0, writer.width(), writer.height())
    count = 0
    missing = ""
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
            mark = page_bates(exhibit, number) or f"p. {number}"
            _stamp(painter, page, f"EXHIBIT {exhibit.label} \u00b7 {mark}")
            marks.append(mark)
            count += 1
        pages = document.pageCount()
        document.close()
        if count:
            return count
        # never skipped silently: a page says why none of the cited pages is shown
        cited = ", ".join(str(n) for n in exhibit.pages or (1,))
        missing = (
            f"The cited page(s) {cited} are not in this file ({pages} page(s)). "
            if pages
            else "This PDF cannot be read. "
        ) + "The original file is beside this pack, listed in SHA256SUMS."
    writer.newPage()
    if exhibit.kind == "image":
        image = QImage.fromData(exhibit.data)
        _draw_fit(painter, page, image)
    else:
        painter.setPen(QColor("#000000"))
        painter.setFont(QFont("DejaVu Sans Mono", 8))
        area = page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN - 60)
        text = decode_text(exhibit.data) if exhibit.kind == "text" else missing
        painter.drawText(area, Qt.TextFlag.TextWordWrap, text or "(this file cannot be shown)")
    _stamp(painter, page, f"EXHIBIT {exhibit.label}")
    marks.append("")
    return 1


def _bookmarks(
    exhibits: list[Exhibit], first_pages: dict[str, int], marks: dict[str, list[str]]
) -> list[Bookmark]:
    """ "Exhibit list", then one entry per exhibit (its cited pages under it when there are
    several); an exhibit not produced opens the list, where it is listed as such."""
    out = [Bookmark("Exhibit list", 0)]
    for exhibit in exhibits:
        title = f"Exhibit {exhibit.label}: {exhibit.description}"
        first = first_pages.get(exhibit.label)
        if first is None:
            out.append(Bookmark(f"{title} ({NOT_PRODUCED})", 0))
            continue
        stamps = marks[exhibit.label]
        children = (
            [Bookmark(mark, first + k) for k, mark in enumerate(stamps)] if len(stamps) > 1 else []
        )
        out.append(Bookmark(title, first, children))
    return out


def render_exhibit_pdf(
    title: str,
    exhibits: list[Exhibit],
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int], object] | None = None,
    *,
    marking: str = "",
) -> tuple[bytes, int]:
    """The pack's PDF bytes, with bookmarks, and its number of pages. ``cancelled`` is
    asked between exhibits (:class:`WriteCancelled` is raised when it says so) and
    ``progress(done, total)`` told after each. ``marking``, such as PRIVILEGED, is set at
    the top and foot of every page."""
    with MemoryPdf(title, QPageSize.PageSizeId.Letter, DPI) as pdf:
        painter = pdf.painter
        pages_of: Any = pdf.writer
        if marking:
            draw_marking(painter, pdf.writer, marking)
            pages_of = MarkedPages(pdf.writer, painter, marking)
        pages = _list_pages(painter, pages_of, title, exhibits)
        first_pages: dict[str, int] = {}
        marks: dict[str, list[str]] = {}
        for done, exhibit in enumerate(exhibits, 1):
            if cancelled is not None and cancelled():
                raise WriteCancelled
            if exhibit.produced:
                stamps: list[str] = []
                count = _exhibit_pages(painter, pages_of, exhibit, stamps)
                if count:
                    first_pages[exhibit.label] = pages
                    marks[exhibit.label] = stamps
                pages += count
            if progress is not None:
                progress(done, len(exhibits))
    return add_outline(pdf.data, _bookmarks(exhibits, first_pages, marks)), pages
