"""Citation cards say what they do, and do it: every demo citation opens at its page or
paragraph; a source with no copy offers "Attach a copy..." (one undo step); an address is
shown first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.domain.citation_open import ATTACH
from app.domain.document_text import paragraph_line
from app.interchange.citation_list import citation_rows, read_copy
from app.store.case import Case
from app.store.engine import Mode
from app.ui.dialogs import attach_copy
from app.ui.dialogs.source_form import SourceForm
from app.ui.main_window import MainWindow
from app.ui.panels.citation_card import CitationRow

NO_COPY_SOURCE = 4  # the complaint itself: in the demo, with no copy and no citation


def cite_the_complaint(case: Case) -> int:
    """Cite the demo's source that has no copy (as context, on event 7); its citation id."""
    return case.add_citation(event_id=7, source_id=NO_COPY_SOURCE, stance="context").created(
        "citation"
    )


def card(window: MainWindow, citation_id: int) -> CitationRow:
    return next(r for r in window.detail.rows if r.citation.id == citation_id)


def test_every_demo_card_opens_at_its_place(qtbot, window: MainWindow, demo_case: Case) -> None:
    rows = citation_rows(demo_case)
    opened = 0
    for row in rows:
        window.select_event(row.event.id)
        button = card(window, row.citation.id).open_button
        assert card(window, row.citation.id).says == row.plan.label
        assert button.isEnabled() and not row.plan.attach
        before = len(window.opener.windows)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert len(window.opener.windows) == before + 1, row.citation
        viewer_window = window.opener.windows[-1]
        qtbot.addWidget(viewer_window)
        viewer = viewer_window.viewer
        assert viewer.state == "verified"
        if row.plan.page is not None:
            assert viewer.kind == "pdf"
            assert viewer.current_page() == row.plan.page - 1, row.citation
            page_text = viewer.pdf_document.getAllText(row.plan.page - 1).text()
            assert " ".join(row.citation.quote.split()) in " ".join(page_text.split())
            assert viewer_window.windowTitle().endswith(f"p. {row.plan.page}")
        else:
            assert viewer.kind == "text" and row.plan.opens == "paragraph"
            text = viewer.text_view.toPlainText()
            line = paragraph_line(text, row.plan.paragraph or 0)
            assert line is not None and viewer.highlighted_line == line
            assert text.splitlines()[line].startswith(f"{row.plan.paragraph}. ")
        viewer_window.close()
        opened += 1
    assert opened == len(rows) == 19


def test_card_texts_of_the_demo(window: MainWindow) -> None:
    window.select_event(3)
    assert [r.open_button.text() for r in window.detail.rows] == [
        "Open ¶ 4",
        "Open DEMO-000003 (p. 3)",
        "Open p. 2",
    ]
    window.select_event(7)
    texts = [r.says for r in window.detail.rows]
    assert texts == ["Open ¶¶ 1\u20132", "Open ¶ 2", "Open p. 3"]
    cite_the_complaint(window.case)  # a source with no copy says so and offers to attach one
    window.show_details(7)
    assert [r.says for r in window.detail.rows][-1] == ATTACH


def test_show_address_goes_through_the_one_policy(
    qtbot, make_window, new_case: Case, message_boxes: list[tuple[str, str]]
) -> None:
    event_id = new_case.create_event(title="Reported").created("event")
    web = new_case.create_source(title="Site", url="https://example.org/story").created("source")
    bad = new_case.create_source(title="Bad", url="javascript:alert(1)").created("source")
    new_case.add_citation(event_id=event_id, source_id=web, pinpoint="para. 3")
    new_case.add_citation(event_id=event_id, source_id=bad)
    window = make_window(new_case)
    opened: list[str] = []
    window.opener.open_url = opened.append
    window.select_event(event_id)
    show, refused = window.detail.rows
    assert show.open_button.text() == "Show address" and show.open_button.isEnabled()
    assert refused.open_button.text() == "Address not allowed"
    assert not refused.open_button.isEnabled()
    qtbot.mouseClick(show.open_button, Qt.MouseButton.LeftButton)
    assert any("https://example.org/story" in text for _, text in message_boxes)
    assert opened == []  # the confirmation was cancelled


def test_attach_a_copy_is_one_undo_step(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "complaint.txt"
    path.write_text("COMPLAINT\n\n1. The plaintiffs sue.\n", encoding="utf-8")
    monkeypatch.setattr(attach_copy, "choose_file", lambda parent, source: path)
    forms: list[SourceForm] = []

    def accept(form: QDialog) -> int:
        assert isinstance(form, SourceForm)
        forms.append(form)
        qtbot.waitUntil(lambda: not form.hashing())
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(SourceForm, "exec", accept)
    bare = cite_the_complaint(demo_case)
    window.editing.stack.clear()
    window.select_event(7)
    button = card(window, bare).open_button
    assert card(window, bare).says == ATTACH and button.isEnabled()
    assert button.text() == "Attach a copy..."
    steps = window.editing.stack.count()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(forms) == 1
    assert forms[0].title_edit.text() == demo_case.source(4).title  # the source's details
    source = demo_case.source(4)
    assert source.file_stored and source.file_path == "complaint.txt"
    assert read_copy(demo_case, source).verified is True
    assert window.editing.stack.count() == steps + 1
    assert card(window, bare).open_button.text() == "Open"  # no pinpoint: from the start
    window.editing.stack.undo()
    assert not demo_case.source(4).file_sha256
    assert card(window, bare).says == ATTACH
    window.editing.stack.redo()
    assert demo_case.source(4).file_stored
    assert card(window, bare).open_button.text() == "Open"


def test_attach_is_disabled_for_review(make_window, demo_case: Case) -> None:
    bare = cite_the_complaint(demo_case)
    demo_case.close()
    window = make_window(Case.open(demo_case.path, Mode.REVIEW))
    window.select_event(7)
    assert card(window, bare).says == ATTACH
    assert not card(window, bare).open_button.isEnabled()
    window.close()


def test_screenshot_with_a_citation_open(tmp_path: Path, demo_case: Case) -> None:
    from PySide6.QtGui import QImage

    from app.cli import main

    bare = cite_the_complaint(demo_case)
    demo_case.close()
    out = tmp_path / "open.png"
    args = ["screenshot", str(demo_case.path), str(out), "--size", "1000x700"]
    assert main([*args, "--open-citation", "7"]) == 0
    image = QImage(str(out))
    assert image.width() >= 1000 + 400  # the viewer beside the window
    assert main([*args, "--open-citation", str(bare)]) == 2  # nothing to open: said, not drawn
    assert main([*args, "--open-citation", "999"]) == 2
