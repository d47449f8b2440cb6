"""The chronology report (app.ui.report) as PDF: pages, running header and footer, atomic
writes, the CLI."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument

from app.cli import main
from app.domain.dates import FuzzyDate
from app.interchange.chronology import build_chronology
from app.store.case import Case
from app.ui.report import layout as report_layout
from app.ui.report import paint as report_paint
from app.ui.report import print_chronology, write_chronology_pdf

MADE = datetime(2024, 5, 6, 14, 30)


def page_texts(path: Path) -> list[str]:
    doc = QPdfDocument()
    assert doc.load(str(path)) == QPdfDocument.Error.None_
    try:
        return [doc.getAllText(i).text() for i in range(doc.pageCount())]
    finally:
        doc.close()


def test_demo_case_report(demo_case: Case, tmp_path: Path, qapp) -> None:
    out = tmp_path / "report.pdf"
    pages = write_chronology_pdf(build_chronology(demo_case, made_at=MADE), out)
    assert out.read_bytes().startswith(b"%PDF")
    texts = page_texts(out)
    assert len(texts) == pages >= 3
    assert "Survivors v. Salesforce" in texts[0]
    assert "CHRONOLOGY" in texts[0]
    assert any("Page 2 of" in t for t in texts[1:])
    assert all(f"of {pages}" in t for t in texts)
    body = "\n".join(texts[1:])
    assert "Backpage launches" in body
    assert "Undated" in body
    assert "Sources" in body and "SHA-256" in body
    assert "Appendix" in body
    # the running header is on every page but the cover
    assert all("Chronology" in t for t in texts[1:])


def test_footnotes_are_on_the_page_of_their_marker(demo_case: Case, tmp_path: Path, qapp):
    chronology = build_chronology(demo_case, made_at=MADE)
    out = tmp_path / "report.pdf"
    write_chronology_pdf(chronology, out, page_size="A4")
    texts = page_texts(out)
    title_page = next(i for i, t in enumerate(texts) if "Backpage launches" in t)
    # footnote 1 (the first entry's first citation) is set at the foot of that page
    assert "\u00b6 7" in texts[title_page]
    assert any("[supports]" in t for t in texts)


def test_long_report_paginates_and_keeps_every_note(new_case: Case, tmp_path: Path, qapp):
    source = new_case.create_source(
        title="Deposition", kind="deposition", bates_start="DEP0001", bates_end="DEP0500"
    ).created("source")
    for i in range(60):
        eid = new_case.create_event(
            title=f"Event {i:03d}",
            description="A long description. " * (3 + i % 40),
            start=FuzzyDate.parse(f"{1990 + i % 30}"),
        ).created("event")
        new_case.add_citation(
            event_id=eid, source_id=source, pinpoint=f"p. {i + 1}", quote="q " * (i % 200)
        )
    new_case.create_event(title="Unsourced one", start=FuzzyDate.parse("2001"))
    chronology = build_chronology(new_case, made_at=MADE)
    out = tmp_path / "long.pdf"
    pages = write_chronology_pdf(chronology, out)
    texts = page_texts(out)
    assert len(texts) == pages > 5
    joined = "\n".join(texts)
    for i in range(60):
        assert f"Event {i:03d}" in joined
    assert joined.count("DEP0001") >= 60  # every note, each with the Bates range
    assert "Unsourced one" in texts[-1]  # the appendix


def test_page_model_fits_the_body(demo_case: Case, qapp) -> None:
    from PySide6.QtGui import QPdfWriter

    writer = QPdfWriter(str(Path("/dev/null")))
    layout = report_layout.ReportLayout(build_chronology(demo_case, made_at=MADE), writer)
    pages = layout.paginate()
    height = layout.bottom - layout.top
    for page in pages:
        body = page.used
        assert body + page.notes_height <= height + 1e-3


def test_failed_write_leaves_the_old_file(
    demo_case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp
) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"old report")

    def boom(self: object, painter: QPainter, page: object) -> None:
        painter.drawText(QPointF(10, 10), "half a page")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(report_paint.ReportPainter, "paint_page", boom)
    with pytest.raises(RuntimeError):
        write_chronology_pdf(build_chronology(demo_case), out)
    assert out.read_bytes() == b"old report"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file


def test_unwritable_destination_raises_oserror(demo_case: Case, tmp_path: Path, qapp) -> None:
    with pytest.raises(OSError):
        write_chronology_pdf(build_chronology(demo_case), tmp_path / "missing" / "r.pdf")
    with pytest.raises(ValueError):
        write_chronology_pdf(build_chronology(demo_case), tmp_path / "r.pdf", page_size="A3")


def test_print_uses_the_same_painting(demo_case: Case, tmp_path: Path, qapp) -> None:
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    pages = print_chronology(build_chronology(demo_case, made_at=MADE), printer)
    assert pages >= 3
    texts = page_texts(out)
    assert len(texts) == pages
    assert "Survivors v. Salesforce" in texts[0]


# -- the command line ------------------------------------------------------------------------


def test_cli_exports_pdf_by_extension(demo_case_path: Path, tmp_path: Path, capsys, qapp) -> None:
    out = tmp_path / "chronology.pdf"
    assert main(["export", str(demo_case_path), str(out)]) == 0
    assert "wrote 8 event(s)" in capsys.readouterr().out
    texts = page_texts(out)
    assert len(texts) >= 3 and "Survivors v. Salesforce" in texts[0]


def test_cli_report_options(demo_case_path: Path, tmp_path: Path, capsys, qapp) -> None:
    out = tmp_path / "key.pdf"
    assert main(["export", str(demo_case_path), str(out), "--key-only", "--page-size", "A4"]) == 0
    assert "wrote 4 event(s)" in capsys.readouterr().out
    assert "Key facts." in page_texts(out)[0]
    html = tmp_path / "alleged.report"
    args = ["export", str(demo_case_path), str(html), "--format", "html"]
    assert main([*args, "--report-status", "alleged", "--report-tag", "knowledge"]) == 0
    assert "wrote 2 event(s)" in capsys.readouterr().out
    text = html.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "\u201cknowledge\u201d" in text


def test_cli_exports_html_with_event_filters(demo_case_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "chronology.html"
    assert main(["export", str(demo_case_path), str(out), "--tag", "background"]) == 0
    assert "wrote 2 event(s)" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert "Backpage launches" in text and "Salesforce responds" not in text


def test_cli_report_errors(demo_case_path: Path, tmp_path: Path, capsys) -> None:
    assert main(["export", str(demo_case_path), str(tmp_path / "x.txt")]) == 2
    assert ".pdf" in capsys.readouterr().err
    csv_out = tmp_path / "x.csv"
    assert main(["export", str(demo_case_path), str(csv_out), "--report-tag", "background"]) == 2
    assert "--report-tag" in capsys.readouterr().err
    assert not csv_out.exists()
    assert main(["export", str(demo_case_path), str(tmp_path / "nowhere" / "x.pdf")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_cli_keeps_old_pdf_when_painting_fails(
    demo_case_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, qapp
) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"old")

    def fail(self: object, painter: QPainter, page: object) -> None:
        raise OSError("cannot paint")

    monkeypatch.setattr(report_paint.ReportPainter, "paint_page", fail)
    assert main(["export", str(demo_case_path), str(out)]) == 2
    assert "unchanged" in capsys.readouterr().err
    assert out.read_bytes() == b"old"
