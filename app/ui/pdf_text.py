"""The text of a written PDF, page by page, read back with Qt's own PDF reader (to check
that a pseudonymised output names no real person)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPdf import QPdfDocument


def pdf_pages_text(path: Path) -> list[str]:
    """Each page's text; an unreadable file is refused with an OSError naming it."""
    from app.ui.report.typeset import ensure_gui  # the reader needs an application

    ensure_gui()
    document = QPdfDocument()
    try:
        error = document.load(str(path))
        if error != QPdfDocument.Error.None_:
            raise OSError(f"{path}: the written PDF cannot be read back ({error.name})")
        return [document.getAllText(i).text() for i in range(document.pageCount())]
    finally:
        document.close()


def pdf_bytes_text(data: bytes) -> list[str]:
    """Each page's text of a PDF held in memory."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from app.ui.report.typeset import ensure_gui

    ensure_gui()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    try:
        document.load(buffer)
        return [document.getAllText(i).text() for i in range(document.pageCount())]
    finally:
        document.close()
