"""File > Print Report… and Print Timeline…: the same painting as the PDF report and the
on-screen timeline, printed only when the print dialog is accepted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from app.timeline.tiles import tiles
from app.ui.main_window import MainWindow
from app.ui.printing import PrintFlow

DATA = Path(__file__).resolve().parents[1] / "data"
TIMEOUT = 20000


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_report_to_pdf(window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    pages = window.printing.print_report(pdf_printer(out))
    assert pages >= 2
    assert out.read_bytes().startswith(b"%PDF")


def test_print_timeline_to_pdf(window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "timeline.pdf"
    canvas = window.timeline.canvas
    scale_before = (canvas.scale.start, canvas.scale.end, canvas.scale.width)
    printer = window.printing.timeline_printer()
    assert printer.pageLayout().orientation().name == "Landscape"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    assert window.printing.print_timeline(printer)
    assert out.read_bytes().startswith(b"%PDF")
    doc = QPdfDocument()
    assert doc.load(str(out)) == QPdfDocument.Error.None_
    try:
        assert doc.pageCount() == 1
        text = doc.getAllText(0).text()
    finally:
        doc.close()
    assert "Timeline" in text and "Backpage launches" in text  # vector text, not a picture
    assert printer.resolution() == 1200  # the printer is handed back as it was
    # the on-screen view is unchanged by printing
    assert (canvas.scale.start, canvas.scale.end, canvas.scale.width) == scale_before
    assert not canvas.testAttribute(Qt.WidgetAttribute.WA_SetPalette)  # inherits again


def test_print_dialogs_print_only_when_accepted(window: MainWindow, monkeypatch) -> None:
    printed: list[str] = []
    asked: list[str] = []

    def answer(accept: bool):  # type: ignore[no-untyped-def]
        def exec_(self: QPrintDialog) -> int:  # QPrintDialog has its own exec
            asked.append(self.windowTitle())
            return int(
                (QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected).value
            )

        return exec_

    monkeypatch.setattr(QPrintDialog, "exec", answer(False))
    monkeypatch.setattr(PrintFlow, "print_report", lambda self, p: printed.append("report"))
    monkeypatch.setattr(PrintFlow, "print_timeline", lambda self, p: printed.append("timeline"))
    window.printing.print_report_action.trigger()
    window.printing.print_timeline_action.trigger()
    assert printed == []
    assert asked == ["Print Report", "Print Timeline"]
    monkeypatch.setattr(QPrintDialog, "exec", answer(True))
    window.printing.print_report_action.trigger()
    window.printing.print_timeline_action.trigger()
    assert printed == ["report", "timeline"]


def test_a_zoomed_in_timeline_prints_on_several_pages_each_with_its_axis(
    window: MainWindow, tmp_path: Path
) -> None:
    canvas = window.timeline.canvas
    canvas.fit_all()
    whole = canvas.whole_range()
    assert whole is not None
    canvas.zoom(3.5)  # about a third of the case shows
    view = (canvas.scale.start, canvas.scale.end)
    out = tmp_path / "timeline.pdf"
    printer = window.printing.timeline_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    assert window.printing.print_timeline(printer)
    doc = QPdfDocument()
    assert doc.load(str(out)) == QPdfDocument.Error.None_
    try:
        pages = doc.pageCount()
        texts = [doc.getAllText(k).text() for k in range(pages)]
    finally:
        doc.close()
    assert pages == len(tiles(whole[0], whole[1], view[1] - view[0])) >= 3
    for k, text in enumerate(texts):
        assert f"page {k + 1} of {pages}" in text
        assert any(str(year) in text for year in range(2000, 2030))  # each page has its axis
    assert "Backpage launches" in texts[0] and "Backpage launches" not in texts[-1]
    assert (canvas.scale.start, canvas.scale.end) == view  # the screen keeps its view
    assert window.statusBar().currentMessage() == f"Printed the timeline on {pages} page(s)"
