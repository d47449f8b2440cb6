"""View > History lists the audit log newest first, old -> new."""

from __future__ import annotations

from app.store.case import Case
from app.ui.panels.history import HistoryView


def test_history_lists_changes(qtbot, new_case: Case) -> None:
    eid = new_case.create_event(title="Meeting").created("event")
    new_case.update_event(eid, expected_version=1, title="<b>Board</b> meeting")
    view = HistoryView()
    qtbot.addWidget(view)
    view.set_case(new_case)
    assert view.table.rowCount() == len(new_case.audit_log())
    assert view.table.item(0, 2).text() == "update"
    assert view.table.item(0, 3).text() == f"event {eid}"
    assert view.table.item(0, 4).text() == "title: Meeting \u2192 <b>Board</b> meeting"
    assert "2 recorded change(s)" in view.summary.text()
