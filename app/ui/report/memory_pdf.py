"""A PDF painted in memory, for the chronology report and the exhibit pack:
``with MemoryPdf(title, size, dpi) as pdf:`` paints on ``pdf.painter`` (pages from
``pdf.writer``, portrait with no margins); after the block, ``pdf.data`` holds the bytes.
``OSError`` when the PDF cannot be started or finished."""

from __future__ import annotations

from types import TracebackType

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from app.ui.report.typeset import ensure_gui

__all__ = ["MemoryPdf"]


class MemoryPdf:
    """One PDF document written into a buffer (see the module docstring)."""

    def __init__(self, title: str, size: QPageSize.PageSizeId, resolution: int) -> None:
        ensure_gui()
        self._buffer = QBuffer()
        self._buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.writer = QPdfWriter(self._buffer)
        self.writer.setResolution(resolution)
        self.writer.setPageLayout(
            QPageLayout(QPageSize(size), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
        )
        self.writer.setTitle(title)
        self.writer.setCreator("Casetrail")
        self.painter = QPainter()
        self.data = b""

    def __enter__(self) -> MemoryPdf:
        if not self.painter.begin(self.writer):
            raise OSError("the PDF could not be started")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        ok = self.painter.end()
        if exc_type is not None:
            return
        del self.writer
        if not ok:
            raise OSError("the PDF could not be finished")
        self.data = bytes(self._buffer.data().data())
        self._buffer.close()
