"""The chronology report written as a PDF file (atomically) or sent to a printer; both
lay the report out first and then paint it, so the footer can say "Page N of M"."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from PySide6.QtGui import (
    QPagedPaintDevice,
    QPainter,
)
from PySide6.QtPrintSupport import QPrinter

from app.interchange.atomic import atomic_write
from app.interchange.chronology import Chronology
from app.ui.report.layout import ReportLayout
from app.ui.report.memory_pdf import MemoryPdf
from app.ui.report.paint import ReportPainter
from app.ui.report.typeset import (
    PAGE_SIZES,
    RESOLUTION,
    ensure_gui,
)


def _render(chronology: Chronology, painter: QPainter, device: QPagedPaintDevice) -> int:
    layout = ReportLayout(chronology, device)
    pages = layout.paginate()
    ReportPainter(layout, pages).paint(painter, device, on_page=lambda _i: None)
    return len(pages)


def render_chronology_pdf(
    chronology: Chronology, *, page_size: str = "Letter"
) -> tuple[bytes, int]:
    """The PDF of ``chronology`` as bytes, and its number of pages.

    ``page_size`` is "Letter" or "A4"; ``ValueError`` for anything else, ``OSError`` when
    the PDF cannot be painted.
    """
    size_id = PAGE_SIZES.get(page_size.strip().lower())
    if size_id is None:
        raise ValueError(f"unknown page size {page_size!r}; use Letter or A4")
    title = f"{' '.join(chronology.cover.case_title.split())} \u00b7 Chronology"
    with MemoryPdf(title, size_id, RESOLUTION) as pdf:
        pages = _render(chronology, pdf.painter, pdf.writer)
    return pdf.data, pages


def write_chronology_pdf(
    chronology: Chronology,
    out: str | os.PathLike[str] | BinaryIO,
    *,
    page_size: str = "Letter",
) -> int:
    """Write ``chronology`` as a PDF; return the number of pages.

    ``out`` is a path (written atomically through :func:`~app.interchange.atomic.atomic_write`:
    an existing file is left as it was when anything fails) or a binary file that is already
    being written atomically (what :func:`app.interchange.formats.export_file` hands over).
    Raises ``OSError`` when the file cannot be written and ``ValueError`` for an unknown page
    size.
    """
    if isinstance(out, str | os.PathLike):
        path = Path(out)
        try:
            with atomic_write(path) as fh:
                return _write_into(chronology, fh, page_size)
        except OSError as error:
            if error.strerror:
                raise
            raise OSError(f"{path}: {error}") from None
    return _write_into(chronology, out, page_size)


def _write_into(chronology: Chronology, fh: BinaryIO, page_size: str) -> int:
    data, pages = render_chronology_pdf(chronology, page_size=page_size)
    fh.write(data)
    return pages


def print_chronology(chronology: Chronology, printer: QPrinter) -> int:
    """Print ``chronology`` on ``printer`` (File > Print); return the number of pages.

    The report sets its own margins, so the printer is switched to full-page mode.
    """
    ensure_gui()
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        return _render(chronology, painter, printer)
    finally:
        painter.end()
