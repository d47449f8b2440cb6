"""``casetrail exhibits``: the list, every cited page stamped, originals with a manifest,
sources without a file listed as not produced."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.cli import main
from app.interchange.exhibits import page_bates, plan_exhibits
from app.store.case import Case


def test_the_demo_plan(demo_case: Case) -> None:
    demo_case.add_citation(event_id=7, source_id=4, stance="context")  # the copy-less complaint
    exhibits = plan_exhibits(demo_case)
    assert [e.label for e in exhibits] == ["1", "2", "3", "4"]
    assert [e.produced for e in exhibits] == [True, True, True, False]
    complaint = next(e for e in exhibits if e.bates)
    assert complaint.kind == "pdf" and complaint.pages
    assert page_bates(complaint, 2) == "DEMO-000002"


def test_exhibit_pack_pdf_and_originals(
    demo_case_path: Path, tmp_path: Path, qapp, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPdf import QPdfDocument

    with Case.open(demo_case_path) as case:  # cite the complaint, which has no copy
        case.add_citation(event_id=7, source_id=4, stance="context")
    out = tmp_path / "pack.pdf"
    assert main(["exhibits", str(demo_case_path), str(out)]) == 0
    assert "1 not produced" in capsys.readouterr().out
    document = QPdfDocument()
    document.load(str(out))
    with Case.open(demo_case_path) as case:
        exhibits = plan_exhibits(case)
    pdf_pages = sum(len(e.pages) for e in exhibits if e.kind == "pdf")
    others = sum(1 for e in exhibits if e.produced and e.kind != "pdf")
    assert document.pageCount() == 1 + pdf_pages + others
    listing = document.getAllText(0).text()
    assert "not produced" in listing and exhibits[0].sha256 in listing
    stamps = [document.getAllText(i).text() for i in range(1, document.pageCount())]
    assert any("EXHIBIT 2 \u00b7 DEMO-000001" in text for text in stamps)
    folder = tmp_path / "pack files"
    manifest = (folder / "SHA256SUMS").read_text("utf-8").splitlines()
    sums = [line.split("  ", 1) for line in manifest if not line.startswith("#")]
    assert len(sums) == 3
    for digest, name in sums:
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    assert any("not produced" in line for line in manifest)


def test_exhibit_faults(demo_case_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["exhibits", str(demo_case_path), str(tmp_path / "no" / "x.pdf")]) == 2
    assert main(["exhibits", str(demo_case_path), str(tmp_path / "x.pdf"), "--view", "V"]) == 2
    assert "no saved view named 'V'" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
