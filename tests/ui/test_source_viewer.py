"""Sources shown inside Casetrail: PDF at the cited page, text, images, and file states."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter
from PySide6.QtTest import QTest

from app.domain.records import CitationRecord
from app.store.case import Case
from app.ui.opener import SourceOpener
from app.ui.source_viewer import SourceViewerWindow, paragraph_line


class Recorder:
    """Stands in for the opener's message, confirmation and browser hooks."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []
        self.urls: list[str] = []

    def inform(self, parent: object, title: str, text: str) -> None:
        self.messages.append((title, text))

    def open_url(self, url: str) -> None:
        self.urls.append(url)


def write_pdf(path: Path, pages: int = 3) -> bytes:
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    writer.setPageMargins(QMarginsF(10, 10, 10, 10))
    painter = QPainter(writer)
    for number in range(1, pages + 1):
        if number > 1:
            writer.newPage()
        painter.drawText(200, 400, f"This is page number {number}")
    painter.end()
    return path.read_bytes()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def add_stored(case: Case, data: bytes, name: str, title: str = "Memo") -> int:
    sha = digest(data)
    case.store_file(sha256=sha, data=data, size=len(data), original_name=name)
    changes = case.create_source(
        title=title, file_path=name, file_sha256=sha, file_size=len(data), file_stored=True
    )
    return changes.created("source")


def add_linked(case: Case, path: Path, title: str = "Linked") -> int:
    data = path.read_bytes()
    case.store_file(sha256=digest(data), data=None, size=len(data), original_name=path.name)
    changes = case.create_source(
        title=title, file_path=str(path), file_sha256=digest(data), file_size=len(data)
    )
    return changes.created("source")


def cite(case: Case, source_id: int, pinpoint: str) -> CitationRecord:
    event_id = case.create_event(title="Something happened").created("event")
    case.add_citation(event_id=event_id, source_id=source_id, pinpoint=pinpoint)
    return case.event(event_id).citations[0]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def opener(qtbot, recorder: Recorder):
    opener = SourceOpener(inform=recorder.inform, open_url=recorder.open_url)
    yield opener
    for window in list(opener.windows):
        window.close()


def shown_window(qtbot, result) -> SourceViewerWindow:
    assert result.status == "shown", result.reason
    qtbot.addWidget(result.window)
    return result.window


def test_stored_pdf_opens_at_the_cited_page(qtbot, new_case, tmp_path, opener, recorder) -> None:
    data = write_pdf(tmp_path / "three.pdf")
    source_id = add_stored(new_case, data, "three.pdf", title="Three pages")
    result = opener.open_citation(new_case, cite(new_case, source_id, "p. 2"), None)
    window = shown_window(qtbot, result)
    viewer = window.viewer
    assert viewer.pdf_document.pageCount() == 3
    assert viewer.pdf_view.pageNavigator().currentPage() == 1
    assert viewer.pdf_document.getAllText(1).text().strip() == "This is page number 2"
    assert "verified (SHA-256 matches)" in viewer.banner.text()
    assert viewer.banner.textFormat() == Qt.TextFormat.PlainText
    assert window.windowTitle() == "Three pages — p. 2"
    assert recorder.messages == []


def test_keyboard_pages_zooms_and_closes(qtbot, new_case, tmp_path, opener) -> None:
    data = write_pdf(tmp_path / "three.pdf")
    source_id = add_stored(new_case, data, "three.pdf", title="Three pages")
    window = shown_window(qtbot, opener.open_source(new_case, source_id, "p. 1"))
    with qtbot.waitActive(window):
        window.activateWindow()
    navigator = window.viewer.pdf_view.pageNavigator()
    QTest.keyClick(window, Qt.Key.Key_PageDown)
    QTest.keyClick(window, Qt.Key.Key_PageDown)
    QTest.keyClick(window, Qt.Key.Key_PageDown)
    assert navigator.currentPage() == 2
    assert window.windowTitle().endswith("— p. 3")
    QTest.keyClick(window, Qt.Key.Key_PageUp)
    assert navigator.currentPage() == 1
    before = window.viewer.zoom_factor()
    QTest.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.viewer.zoom_factor() > before
    QTest.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.viewer.zoom_factor() == pytest.approx(before)
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()
    qtbot.waitUntil(lambda: opener.windows == [])


def test_pinpoint_past_the_end_shows_the_last_page(qtbot, new_case, tmp_path, opener) -> None:
    data = write_pdf(tmp_path / "three.pdf")
    source_id = add_stored(new_case, data, "three.pdf")
    window = shown_window(qtbot, opener.open_source(new_case, source_id, "p. 40"))
    assert window.viewer.current_page() == 2


def test_demo_memo_opens_at_page_two(qtbot, demo_case, opener, recorder) -> None:
    citation = next(
        c
        for e in demo_case.events()
        for c in e.citations
        if c.source_id == 3 and c.pinpoint == "p. 2"
    )
    window = shown_window(qtbot, opener.open_citation(demo_case, citation, None))
    assert window.viewer.page_count() == 3
    assert window.viewer.pdf_view.pageNavigator().currentPage() == 1
    assert window.viewer.state == "verified"
    assert window.windowTitle().endswith("— p. 2")


def test_changed_linked_pdf_is_shown_with_a_changed_banner(
    qtbot, new_case, tmp_path, opener, recorder
) -> None:
    path = tmp_path / "exhibit.pdf"
    write_pdf(path)
    source_id = add_linked(new_case, path, title="Exhibit 4")
    write_pdf(path, pages=4)  # someone replaced the file after it was registered
    window = shown_window(qtbot, opener.open_source(new_case, source_id, "p. 2"))
    assert window.viewer.state == "changed"
    assert "CHANGED since it was registered" in window.viewer.banner.text()
    assert window.viewer.page_count() == 4
    assert window.viewer.current_page() == 1
    assert recorder.messages == []


def test_linked_pdf_relative_to_the_case_is_verified(qtbot, new_case, case_path, opener) -> None:
    path = case_path.parent / "exhibits" / "memo.pdf"
    path.parent.mkdir()
    data = write_pdf(path)
    new_case.store_file(sha256=digest(data), data=None, size=len(data))
    source_id = new_case.create_source(
        title="Relative", file_path="exhibits/memo.pdf", file_sha256=digest(data)
    ).created("source")
    window = shown_window(qtbot, opener.open_source(new_case, source_id, "p. 3"))
    assert window.viewer.state == "verified"
    assert window.viewer.current_page() == 2


def test_missing_linked_file_gives_a_message_and_no_window(
    qtbot, new_case, tmp_path, opener, recorder
) -> None:
    path = tmp_path / "gone.pdf"
    write_pdf(path)
    source_id = add_linked(new_case, path)
    path.unlink()
    result = opener.open_source(new_case, source_id, "p. 1")
    assert result.status == "refused"
    assert result.window is None
    assert opener.windows == []
    assert len(recorder.messages) == 1
    assert "missing" in recorder.messages[0][1]
    assert str(path) in recorder.messages[0][1]


def test_text_file_is_plain_and_scrolled_to_the_paragraph(
    qtbot, new_case, tmp_path, opener
) -> None:
    path = tmp_path / "statement.txt"
    paragraphs = [f"Paragraph {n}. <b>not bold</b> " + "words " * 40 for n in range(1, 60)]
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")
    source_id = add_linked(new_case, path, title="Statement")
    window = shown_window(qtbot, opener.open_source(new_case, source_id, "para. 30"))
    viewer = window.viewer
    assert viewer.kind == "text"
    assert viewer.text_view.isReadOnly()
    assert "<b>not bold</b>" in viewer.text_view.toPlainText()
    assert viewer.highlighted_line == 58
    assert viewer.text_view.textCursor().block().text().startswith("Paragraph 30.")
    assert window.windowTitle() == "Statement — ¶ 30"


def test_png_is_shown(qtbot, new_case, tmp_path, opener) -> None:
    path = tmp_path / "photo.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    assert image.save(str(path))
    source_id = add_linked(new_case, path, title="Photo")
    window = shown_window(qtbot, opener.open_source(new_case, source_id))
    assert window.viewer.kind == "image"
    assert window.viewer.image_label.pixmap().size().width() == 40
    window.viewer.zoom_in()
    assert window.viewer.image_label.pixmap().size().width() == 50


def test_unviewable_file_is_refused(qtbot, new_case, tmp_path, opener, recorder) -> None:
    path = tmp_path / "archive.zip"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    source_id = add_linked(new_case, path)
    result = opener.open_source(new_case, source_id)
    assert result.status == "refused"
    assert "never hands source files to other programs" in recorder.messages[0][1]


def test_stored_copy_that_does_not_match_is_changed(qtbot, new_case, tmp_path, opener) -> None:
    data = write_pdf(tmp_path / "a.pdf")
    other = write_pdf(tmp_path / "b.pdf", pages=2)
    new_case.store_file(sha256=digest(data), data=other, size=len(other))
    source_id = new_case.create_source(
        title="Tampered", file_path="a.pdf", file_sha256=digest(data), file_stored=True
    ).created("source")
    window = shown_window(qtbot, opener.open_source(new_case, source_id, "p. 1"))
    assert window.viewer.state == "changed"


def test_paragraph_line() -> None:
    assert paragraph_line("one\n\ntwo\nstill two\n\nthree", 3) == 5
    assert paragraph_line("one\ntwo\nthree", 2) == 1
    assert paragraph_line("one\n\ntwo", 5) is None
    assert paragraph_line("", 1) is None


def test_viewer_window_title_is_plain(qtbot) -> None:
    window = SourceViewerWindow("<b>Report</b>\n  of 2019")
    qtbot.addWidget(window)
    assert window.windowTitle() == "<b>Report</b> of 2019"


def test_linked_file_without_a_recorded_hash_is_not_verified(
    qtbot, new_case, tmp_path, opener
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("first\n\nsecond\n")
    source_id = new_case.create_source(title="Notes", file_path=str(path)).created("source")
    window = shown_window(qtbot, opener.open_source(new_case, source_id, "¶ 2"))
    assert window.viewer.state == "unverified"
    assert "NOT VERIFIED" in window.viewer.banner.text()
    assert window.viewer.highlighted_line == 2
