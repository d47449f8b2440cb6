"""The cited quote marked in the viewer and scrolled to; the nearest match offered."""

from __future__ import annotations

from PySide6.QtGui import QColor

from app.domain.records import CitationRecord
from app.store.case import Case
from app.ui.opener import SourceOpener
from app.ui.source_viewer import SourceViewerWindow


def citation(case: Case, citation_id: int) -> CitationRecord:
    return next(c for e in case.events() for c in e.citations if c.id == citation_id)


def opened(qtbot, case: Case, record: CitationRecord) -> SourceViewerWindow:
    messages: list[str] = []
    opener = SourceOpener(inform=lambda _p, _t, text: messages.append(text))
    result = opener.open_citation(case, record, None)
    assert result.status == "shown", (result.reason, messages)
    qtbot.addWidget(result.window)
    return result.window


def _yellow(color: QColor) -> bool:
    return color.red() > 200 and color.green() > 170 and color.blue() < 170


def test_bates_cite_marks_its_quote_on_its_page(qtbot, demo_case: Case) -> None:
    window = opened(qtbot, demo_case, citation(demo_case, 7))  # DEMO-000003
    viewer = window.viewer
    qtbot.waitExposed(window)
    assert viewer.current_page() == 2
    assert list(viewer.pdf_view.marks) == [2] and viewer.pdf_view.marks[2]
    assert viewer.quote_bar.isVisible() and not viewer.quote_bar.nearest.isVisible()
    assert viewer.quote_bar.label.text() == "Quote found at p. 3 and marked."
    view = viewer.pdf_view
    box = view.mark_rect(2, view.marks[2])
    line = view.mark_rect(2, view.marks[2][:1])  # the quote's first line
    assert box is not None and line is not None
    top = view.verticalScrollBar().value()
    assert top <= box.top() and box.bottom() <= top + view.viewport().height()

    def painted() -> bool:
        image = view.viewport().grab().toImage()
        y = int(line.center().y() - top)
        x0 = int(line.left() - view.horizontalScrollBar().value())
        return any(_yellow(image.pixelColor(x, y)) for x in range(x0, x0 + int(line.width())))

    qtbot.waitUntil(painted)


def test_text_cite_marks_the_quote_inside_its_paragraph(qtbot, demo_case: Case) -> None:
    record = citation(demo_case, 1)  # para. 7 of the reading notes
    window = opened(qtbot, demo_case, record)
    viewer = window.viewer
    assert viewer.quote_span is not None
    start, end = viewer.quote_span
    text = viewer.text_view.toPlainText()
    assert " ".join(text[start:end].split()) == record.quote
    assert viewer.highlighted_line is not None
    marks = viewer.text_view.extraSelections()
    assert len(marks) == 2 and marks[1].cursor.selectedText() == text[start:end]
    assert viewer.quote_bar.label.text() == "Quote found at ¶ 7 and marked."


def test_a_quote_elsewhere_is_offered_and_shown_on_request(qtbot, demo_case: Case) -> None:
    event_id = demo_case.create_event(title="Test").created("event")
    demo_case.add_citation(
        event_id=event_id, source_id=3, pinpoint="p. 1", quote="custom APIs and SMS platforms"
    )
    record = demo_case.event(event_id).citations[0]
    window = opened(qtbot, demo_case, record)
    viewer, bar = window.viewer, window.viewer.quote_bar
    assert viewer.current_page() == 0 and viewer.pdf_view.marks == {}
    assert bar.label.text().startswith(
        "The quote is not at p. 1 in this copy. The quote is on p. 2"
    )
    assert not bar.nearest.isHidden()
    bar.nearest.click()
    assert list(viewer.pdf_view.marks) == [1] and viewer.current_page() == 1


def test_a_changed_quote_offers_the_nearest_match(qtbot, demo_case: Case) -> None:
    event_id = demo_case.create_event(title="Test").created("event")
    demo_case.add_citation(
        event_id=event_id,
        source_id=1,
        pinpoint="para. 7",
        quote="started in 2005 as an online classified site",
    )
    window = opened(qtbot, demo_case, demo_case.event(event_id).citations[0])
    viewer, bar = window.viewer, window.viewer.quote_bar
    assert viewer.quote_span is None
    assert "The nearest match is: \u201c" in bar.label.text()
    assert "started in 2004 as an online classifieds site" in bar.label.text()
    bar.nearest.click()
    assert viewer.quote_span is not None


def test_no_quote_no_bar(qtbot, demo_case: Case) -> None:
    event_id = demo_case.create_event(title="Test").created("event")
    demo_case.add_citation(event_id=event_id, source_id=3, pinpoint="p. 2")
    window = opened(qtbot, demo_case, demo_case.event(event_id).citations[0])
    assert window.viewer.quote_bar.isHidden() and window.viewer.current_page() == 1
