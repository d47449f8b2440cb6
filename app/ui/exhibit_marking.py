"""A marking ("PRIVILEGED ...") drawn at the top and the foot of every page of an exhibit
pack: :class:`MarkedPages` stands in for the PDF writer the pack's pages are added to and
marks each page as it begins, so the pack's own drawing code need not know about it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPdfWriter

INK = QColor("#9b1111")


def draw_marking(painter: QPainter, writer: QPdfWriter, marking: str) -> None:
    painter.save()
    painter.setPen(INK)
    font = QFont("DejaVu Sans", 9)
    font.setBold(True)
    painter.setFont(font)
    width, height = writer.width(), writer.height()
    band, edge = height * 0.03, width * 0.05
    top = QRectF(0, height * 0.005, width, band)
    painter.drawText(top, Qt.AlignmentFlag.AlignCenter, marking)
    # at the foot on the left: the exhibit stamp takes the right-hand corner
    foot = QRectF(edge, height - band - height * 0.005, width / 2, band)
    painter.drawText(foot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, marking)
    painter.restore()


class MarkedPages:
    """The writer, whose :meth:`newPage` also marks the new page (mark the first with
    :func:`draw_marking` before drawing on it)."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, marking: str) -> None:
        self._writer = writer
        self._painter = painter
        self._marking = marking

    def newPage(self) -> bool:  # noqa: N802 - Qt's name
        started = self._writer.newPage()
        draw_marking(self._painter, self._writer, self._marking)
        return started

    def __getattr__(self, name: str) -> Any:
        return getattr(self._writer, name)
