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


def _outline(path: Path) -> list[tuple[int, str, int]]:
    """The PDF's bookmarks as (depth, title, 0-based page), read back by QtPdf."""
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtPdf import QPdfBookmarkModel, QPdfDocument

    document = QPdfDocument()
    document.load(str(path))
    assert document.status() == QPdfDocument.Status.Ready
    model = QPdfBookmarkModel()
    model.setDocument(document)
    out: list[tuple[int, str, int]] = []

    def walk(parent: QModelIndex, depth: int) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            page = index.data(int(QPdfBookmarkModel.Role.Page))
            out.append((depth, index.data(Qt.ItemDataRole.DisplayRole), page))
            walk(index, depth + 1)

    walk(QModelIndex(), 0)
    return out


def test_bookmarks_read_back(demo_case_path: Path, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    with Case.open(demo_case_path) as case:
        case.add_citation(event_id=7, source_id=4, stance="context")
        exhibits = plan_exhibits(case)
    out = tmp_path / "pack.pdf"
    assert main(["exhibits", str(demo_case_path), str(out)]) == 0
    outline = _outline(out)
    top = [(title, page) for depth, title, page in outline if depth == 0]
    assert top[0] == ("Exhibit list", 0)
    assert [t.split(":")[0] for t, _ in top[1:]] == [f"Exhibit {e.label}" for e in exhibits]
    first = 1
    for (title, page), exhibit in zip(top[1:], exhibits, strict=True):
        assert exhibit.description in title
        if exhibit.produced:
            assert page == first
            first += len(exhibit.pages) if exhibit.kind == "pdf" else 1
        else:  # listed, opening the list page, never skipped
            assert title.endswith("(not produced)") and page == 0
    complaint = next(e for e in exhibits if e.bates)
    pages = [(t, p) for d, t, p in outline if d == 1 and t.startswith("DEMO-")]
    assert [t for t, _ in pages] == [page_bates(complaint, n) for n in complaint.pages]


def test_outline_keeps_the_original_bytes() -> None:
    from app.interchange.pdf_outline import Bookmark, OutlineError, add_outline

    with pytest.raises(OutlineError):
        add_outline(b"%PDF-1.4\nnot a pdf", [Bookmark("x", 0)])
    assert add_outline(b"anything", []) == b"anything"


def test_zip_of_originals(demo_case_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "pack.pdf"
    assert main(["exhibits", str(demo_case_path), str(out), "--zip"]) == 0
    assert "pack files.zip" in capsys.readouterr().out
    assert not (folder / "pack files").exists()
    with zipfile.ZipFile(folder / "pack files.zip") as archive:
        manifest = archive.read("SHA256SUMS").decode("utf-8").splitlines()
        for digest, name in (line.split("  ", 1) for line in manifest):
            assert hashlib.sha256(archive.read(name)).hexdigest() == digest
    assert sorted(p.name for p in folder.iterdir()) == ["pack files.zip", "pack.pdf"]


def test_nothing_partial_left_behind(demo_case_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "pack.pdf"
    (folder / "pack files").mkdir()
    (folder / "pack files" / "mine.txt").write_text("keep me")
    assert main(["exhibits", str(demo_case_path), str(out)]) == 2
    err = capsys.readouterr().err
    assert "pack files: this folder is not an earlier exhibit pack" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == ["pack files"]
    assert [p.name for p in (folder / "pack files").iterdir()] == ["mine.txt"]
    # an earlier pack is replaced whole: no stale original stays
    (folder / "pack files" / "mine.txt").unlink()
    (folder / "pack files").rmdir()
    assert main(["exhibits", str(demo_case_path), str(out)]) == 0
    (folder / "pack files" / "Ex 9 - stale.pdf").write_bytes(b"old")
    assert main(["exhibits", str(demo_case_path), str(out)]) == 0
    assert not (folder / "pack files" / "Ex 9 - stale.pdf").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["pack files", "pack.pdf"]


def test_cancelled_pack_leaves_nothing(demo_case: Case, tmp_path: Path) -> None:
    from app.interchange.atomic import WriteCancelled
    from app.interchange.exhibit_pack import write_pack

    exhibits = plan_exhibits(demo_case)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "pack.pdf"
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(WriteCancelled):
        write_pack(out, b"%PDF-1.4\n", exhibits, cancelled=cancelled)
    assert list(folder.iterdir()) == []
    with pytest.raises(WriteCancelled):
        write_pack(out, b"%PDF-1.4\n", exhibits, as_zip=True, cancelled=lambda: True)
    assert list(folder.iterdir()) == []


def test_an_uncited_page_is_said_not_skipped(demo_case: Case, qapp) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    from app.ui.exhibit_pdf import render_exhibit_pdf

    complaint = next(e for e in plan_exhibits(demo_case) if e.kind == "pdf")
    data, pages = render_exhibit_pdf("T", [replace(complaint, pages=(99,))])
    assert pages == 2
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    text = document.getAllText(1).text()
    assert "cited page(s) 99 are not in this file" in text and f"EXHIBIT {complaint.label}" in text


@pytest.mark.parametrize("view", [None, "Key facts"])
def test_report_footnotes_give_the_packs_exhibit_and_page(
    demo_case: Case, view: str | None
) -> None:
    from app.domain.records import EventFilter
    from app.interchange.chronology import build_chronology
    from app.interchange.exhibits import plan_pack

    demo_case.add_citation(event_id=7, source_id=4, stance="context")  # no copy
    demo_case.add_citation(event_id=7, source_id=3, pinpoint="DEMO-000003")
    demo_case.save_view(name="Key facts", flt=EventFilter(key_only=True))
    flt = EventFilter(key_only=True) if view else None
    _, exhibits = plan_pack(demo_case, view)
    by_source = {e.source_id: e for e in exhibits}
    notes = build_chronology(demo_case, flt).footnotes
    assert {n.source_id for n in notes} == set(by_source)
    for note in notes:
        exhibit = by_source[note.source_id]
        assert note.exhibit == exhibit.label and note.produced == exhibit.produced
        if exhibit.kind == "pdf":  # the page is one the pack stamps, as it stamps it
            stamps = [page_bates(exhibit, p) or f"p. {p}" for p in exhibit.pages]
            assert note.exhibit_page in stamps
            assert f"Ex. {exhibit.label} at {note.exhibit_page}" in note.text()
        else:
            assert note.exhibit_page == ""
    if view is None:
        bates = [n for n in notes if n.pinpoint == "DEMO-000003"]
        assert bates and bates[0].exhibit_page == "DEMO-000003"
        assert any(not n.produced for n in notes)
