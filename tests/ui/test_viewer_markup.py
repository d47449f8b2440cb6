"""HTML pages and emails open in the viewer as their text; quotes and selections work there."""

from __future__ import annotations

import hashlib

from PySide6.QtGui import QTextCursor

from app.store.case import Case
from app.ui.opener import SourceOpener
from tests.unit.test_markup_text import PAGE, make_email


def stored(case: Case, data: bytes, name: str) -> int:
    sha = hashlib.sha256(data).hexdigest()
    case.store_file(sha256=sha, data=data, size=len(data), original_name=name)
    return case.create_source(
        title=name, file_path=name, file_sha256=sha, file_stored=True
    ).created("source")


def test_an_email_is_shown_quoted_and_selected(qtbot, new_case: Case) -> None:
    source_id = stored(new_case, make_email(), "mail.eml")
    event_id = new_case.create_event(title="Signed").created("event")
    new_case.add_citation(
        event_id=event_id, source_id=source_id, pinpoint="", quote="signed the contract"
    )
    record = new_case.event(event_id).citations[0]
    result = SourceOpener(inform=lambda *_: None).open_citation(new_case, record, None)
    assert result.status == "shown", result.reason
    qtbot.addWidget(result.window)
    viewer = result.window.viewer
    text = viewer.text_view.toPlainText()
    assert text.startswith("From: Ann <ann@example.org>") and "c.pdf (application/pdf" in text
    assert viewer.quote_span is not None
    at = text.index("We signed")
    cursor = QTextCursor(viewer.text_view.document())
    cursor.setPosition(at)
    cursor.setPosition(
        at + len("We signed the contract on 5 March 2013."), cursor.MoveMode.KeepAnchor
    )
    viewer.text_view.setTextCursor(cursor)
    proposal = result.window.selection_actions.proposal()
    assert proposal is not None and proposal.date is not None
    assert (proposal.date.text, proposal.date.precision) == ("5 March 2013", "day")


def test_an_html_page_is_its_text(qtbot, new_case: Case) -> None:
    source_id = stored(new_case, PAGE, "notes.html")
    result = SourceOpener(inform=lambda *_: None).open_source(new_case, source_id, "para. 2")
    assert result.status == "shown", result.reason
    qtbot.addWidget(result.window)
    viewer = result.window.viewer
    text = viewer.text_view.toPlainText()
    assert "<" not in text and "alert" not in text
    line = viewer.highlighted_line
    assert line is not None and text.splitlines()[line].startswith("2. The second & last.")
