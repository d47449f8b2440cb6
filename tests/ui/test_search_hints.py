"""Search says where it matched: in the detail panel and in the table row's tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip


def test_the_detail_panel_and_tooltip_say_where_the_search_matched(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.search.setText("Salesforce")
    window.run_search()
    window.select_event(1)  # "Backpage launches": matched only through a cited source
    assert window.detail.found_in.text() == (
        "Search \u201cSalesforce\u201d found in: a cited source"
    )
    assert not window.detail.found_in.isHidden()
    shown: list[str] = []
    qtbot_patch = pytest.MonkeyPatch()
    qtbot_patch.setattr(QToolTip, "showText", lambda _pos, text, *_a: shown.append(text))
    try:
        row = window.table_row(window.model.row_of(1))
        rect = window.table.visualRect(window.table.model().index(row, 1))
        viewport = window.table.viewport()
        event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), viewport.mapToGlobal(QPoint()))
        assert window.hints.eventFilter(viewport, event)
    finally:
        qtbot_patch.undo()
    assert shown and "found in: a cited source" in shown[0] and shown[0].startswith("<qt>")
    window.search.setText("")
    window.run_search()
    assert window.detail.found_in.isHidden()
