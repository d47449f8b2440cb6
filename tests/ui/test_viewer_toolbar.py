"""The viewer's toolbar and keys: page N of M, go to page, zoom and fit, find, copy citation,
previous/next citation of the same source."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtTest import QTest

from app.domain.citations import format_pinpoint
from app.store.case import Case
from app.ui.opener import SourceOpener
from app.ui.source_viewer import SourceViewerWindow


def open_citation(qtbot, case: Case, citation_id: int) -> SourceViewerWindow:
    record = next(c for e in case.events() for c in e.citations if c.id == citation_id)
    result = SourceOpener(inform=lambda *_: None).open_citation(case, record, None)
    assert result.status == "shown", result.reason
    qtbot.addWidget(result.window)
    qtbot.waitExposed(result.window)
    with qtbot.waitActive(result.window):
        result.window.activateWindow()
    return result.window


def test_pages_and_keys(qtbot, demo_case: Case) -> None:
    window = open_citation(qtbot, demo_case, 7)  # DEMO-000003: p. 3 of the summary
    bar, viewer = window.toolbar, window.viewer
    assert (bar.page_box.value(), bar.page_count.text().strip()) == (3, "of 3")
    assert all(a.isVisible() for a in bar.page_actions)
    QTest.keyClick(window, Qt.Key.Key_Home)
    assert viewer.current_page() == 0 and bar.page_box.value() == 1
    QTest.keyClick(window, Qt.Key.Key_End)
    assert viewer.current_page() == 2
    bar.page_box.setValue(2)
    assert viewer.current_page() == 1 and window.windowTitle().endswith("p. 2")
    QTest.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_factor() > 1.0
    QTest.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_factor() == pytest.approx(1.0)
    bar.fit_width.trigger()
    assert viewer.pdf_view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    bar.fit_page.trigger()
    assert viewer.pdf_view.zoomMode() == QPdfView.ZoomMode.FitInView


def test_find_counts_and_steps_through_matches(qtbot, demo_case: Case) -> None:
    window = open_citation(qtbot, demo_case, 7)
    bar, viewer = window.toolbar, window.viewer
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.find_box.hasFocus()
    QTest.keyClicks(bar.find_box, "salesforce")
    total = len(bar.finder.matches)
    assert total >= 3 and bar.find_status.text().strip() == f"1 of {total}"
    first_page = bar.finder.matches[0][0]
    assert viewer.current_page() == first_page and viewer.pdf_view.finds
    QTest.keyClick(window, Qt.Key.Key_F3)
    assert bar.find_status.text().strip() == f"2 of {total}"
    QTest.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.find_status.text().strip() == f"{total} of {total}"  # wraps round
    bar.find_box.setText("no such words anywhere")
    assert bar.find_status.text().strip() == "no matches" and not viewer.pdf_view.finds


def test_copy_citation_and_step_through_the_source_citations(qtbot, demo_case: Case) -> None:
    window = open_citation(qtbot, demo_case, 1)  # para. 7 of the reading notes
    bar, viewer = window.toolbar, window.viewer
    assert len(bar.places) >= 5 and bar.places[bar.place_index].citation_id == 1
    assert not any(a.isVisible() for a in bar.page_actions)  # a text has no pages
    assert not bar.fit_width.isVisible()
    bar.copy_citation.trigger()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("Reading notes on the 2019 news report")
    assert copied.endswith(", \u00b6 7: \u201cstarted in 2004 as an online classifieds site\u201d")
    assert not bar.previous_citation.isEnabled()
    bar.next_citation.trigger()
    shown = bar.places[bar.place_index]
    assert shown.citation_id != 1 and viewer.quote_span is not None
    assert shown.pinpoint is not None
    assert window.windowTitle().endswith(format_pinpoint(shown.pinpoint))
    start, end = viewer.quote_span
    assert " ".join(viewer.text_view.toPlainText()[start:end].split()) == shown.quote
    bar.previous_citation.trigger()
    assert bar.places[bar.place_index].citation_id == 1
