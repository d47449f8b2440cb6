"""New Event from Selection and Add Citation from Selection: select a passage in the viewer,
get a prefilled form or a citation, each one undo step."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from app.ui.dialogs.event_form import EventForm
from app.ui.main_window import MainWindow
from app.ui.source_viewer import SourceViewerWindow


def open_cited(qtbot, window: MainWindow, citation_id: int) -> SourceViewerWindow:
    assert window.case is not None
    record = next(c for e in window.case.events() for c in e.citations if c.id == citation_id)
    result = window.opener.open_citation(window.case, record, window)
    assert result.status == "shown", result.reason
    qtbot.addWidget(result.window)
    qtbot.waitExposed(result.window)
    return result.window


def drag_select(qtbot, viewer_window: SourceViewerWindow, page: int, words: str) -> None:
    """Drag the mouse over ``words`` on a 0-based page of the PDF shown."""
    viewer = viewer_window.viewer
    view = viewer.pdf_view
    text = viewer.pdf_document.getAllText(page).text()
    at = text.index(words)
    bounds = viewer.pdf_document.getSelectionAtIndex(page, at, len(words)).boundingRectangle()
    rect = view.page_rects()[page]
    points = viewer.pdf_document.pagePointSize(page)
    scale = rect.width() / points.width()

    def on_screen(point: QPointF) -> QPoint:
        return QPoint(
            int(rect.x() + point.x() * scale - view.horizontalScrollBar().value()),
            int(rect.y() + point.y() * scale - view.verticalScrollBar().value()),
        )

    middle = bounds.center().y()
    start = on_screen(QPointF(bounds.left() + 1, middle))
    end = on_screen(QPointF(bounds.right() - 1, middle))
    port = view.viewport()
    QTest.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(port, end)
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_new_event_from_a_pdf_selection(qtbot, window: MainWindow, monkeypatch) -> None:
    viewer_window = open_cited(qtbot, window, 7)  # the complaint summary at DEMO-000003
    actions = viewer_window.selection_actions
    assert not actions.new_event.isEnabled()  # nothing selected yet
    drag_select(qtbot, viewer_window, 2, "From 2013 until Backpage closed in 2018")
    view = viewer_window.viewer.pdf_view
    assert "2013 until Backpage closed in 2018" in view.selected_text
    assert actions.new_event.isEnabled() and view.selection
    seen: dict[str, object] = {}

    def accept(form: EventForm) -> int:
        seen["title"] = form.title_edit.text()
        seen["start"] = form.start_field.text()
        seen["note"] = form.proposed_date.text()  # type: ignore[attr-defined]
        seen["citations"] = form.draft().citations
        return 1

    monkeypatch.setattr(EventForm, "exec", accept)
    before = window.editing.stack.count()
    actions.new_event.trigger()
    assert str(seen["title"]).startswith("From 2013 until Backpage closed in 2018")
    assert seen["start"] == "2013" and "(year precision)" in str(seen["note"])
    (cite,) = seen["citations"]  # type: ignore[misc]
    assert (cite.source_id, cite.pinpoint) == (2, "DEMO-000003")
    assert "2013 until Backpage closed in 2018" in cite.quote
    assert window.editing.stack.count() == before + 1
    created = window.detail.current
    assert created is not None and created.citations[0].pinpoint == "DEMO-000003"
    window.editing.stack.undo()
    assert all(e.id != created.id for e in window.case.events())  # type: ignore[union-attr]


def test_add_citation_from_a_text_selection(qtbot, window: MainWindow) -> None:
    viewer_window = open_cited(qtbot, window, 13)  # para. 9 of the reading notes, event 6
    window.select_event(6)
    window.show_details(6)
    before = len(window.case.event(6).citations)  # type: ignore[union-attr]
    text_view = viewer_window.viewer.text_view
    words = "Backpage was shut down for good in 2018"
    at = text_view.toPlainText().index(words)
    cursor = QTextCursor(text_view.document())
    cursor.setPosition(at)
    cursor.setPosition(at + len(words), QTextCursor.MoveMode.KeepAnchor)
    text_view.setTextCursor(cursor)
    actions = viewer_window.selection_actions
    assert actions.add_citation.isEnabled()
    actions.add_citation.trigger()
    citations = window.case.event(6).citations  # type: ignore[union-attr]
    assert len(citations) == before + 1
    added = citations[-1]
    assert (added.source_id, added.pinpoint, added.quote) == (1, "\u00b6 9", words)
    window.editing.stack.undo()
    assert len(window.case.event(6).citations) == before  # type: ignore[union-attr]


def test_add_citation_without_a_selected_event_says_so(
    qtbot, window: MainWindow, message_boxes: list[tuple[str, str]]
) -> None:
    viewer_window = open_cited(qtbot, window, 13)
    window.detail.show_event(None)
    text_view = viewer_window.viewer.text_view
    at = text_view.toPlainText().index("9. Backpage")
    cursor = QTextCursor(text_view.document())
    cursor.setPosition(at)
    cursor.setPosition(at + 11, QTextCursor.MoveMode.KeepAnchor)
    text_view.setTextCursor(cursor)
    proposal = viewer_window.selection_actions.proposal()
    assert proposal is not None and (proposal.pinpoint, proposal.title) == ("\u00b6 9", "Backpage")
    count = window.editing.stack.count()
    viewer_window.selection_actions.add_citation.trigger()
    assert any("No event selected" in text for _kind, text in message_boxes)
    assert window.editing.stack.count() == count
