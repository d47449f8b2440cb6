"""Editing through the window: forms, undo/redo, drag, sources, names, conflicts, review."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QInputDialog

from app.domain.dates import FuzzyDate
from app.interchange.casejson import export_document
from app.store.case import Case
from app.store.engine import Mode
from app.ui.dialogs.event_form import CitationDraft, EventDraft
from app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path) -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


def test_new_event_with_citation_is_one_undo_step(window: MainWindow, demo_case: Case) -> None:
    before = export_document(demo_case)
    draft = EventDraft(
        title="Board vote",
        start=FuzzyDate.parse("March 2014"),
        tags=("board",),
        entities=((2, "voter"),),
        citations=(CitationDraft(3, "p. 2", "a quote", "supports"),),
    )
    event_id = window.editing.save_draft(draft, None)
    assert event_id is not None
    event = demo_case.event(event_id)
    assert event.tags == ("board",) and event.citations[0].pinpoint == "p. 2"
    assert window.model.row_of(event_id) is not None
    assert window.timeline.canvas.selected_id == event_id
    assert window.editing.stack.count() == 1
    window.editing.undo_action.trigger()
    assert export_document(demo_case) == before
    assert window.model.row_of(event_id) in (None, -1)
    window.editing.redo_action.trigger()
    assert demo_case.event(event_id).citations[0].quote == "a quote"


def test_edit_form_changes_and_removes_citation(window: MainWindow, demo_case: Case) -> None:
    event = demo_case.event(5)
    draft = EventDraft(
        title="Charges filed",
        start=event.start,
        status="established",
        key_fact=True,
        tags=event.tags,
        entities=tuple((e.entity_id, e.role) for e in event.entities),
        citations=(CitationDraft(1, "para. 9", "", "supports", event.citations[0].id),),
    )
    window.editing.save_draft(draft, event)
    after = demo_case.event(5)
    assert after.title == "Charges filed"
    assert [c.pinpoint for c in after.citations] == ["para. 9"]
    assert window.detail.title.text() == "Charges filed"
    window.editing.undo_action.trigger()
    again = demo_case.event(5)
    assert again.title == event.title and len(again.citations) == 2


def test_delete_and_undo_restores_ids_links_citations(window: MainWindow, demo_case: Case) -> None:
    before = export_document(demo_case)
    window.select_event(7)
    window.editing.delete_event_action.trigger()
    assert 7 not in demo_case.event_ids()
    window.editing.undo_action.trigger()
    assert export_document(demo_case) == before


def test_drag_moves_by_the_dates_precision(qtbot, window: MainWindow, demo_case: Case) -> None:
    canvas = window.timeline.canvas
    assert canvas.editable
    window.editing.move_event(2, 400 * 86400, "start")  # about a year, "2013" is a year
    assert demo_case.event(2).start.text == "2014"
    window.editing.move_event(5, -40 * 86400, "start")  # about a month
    assert demo_case.event(5).start.same_claim(FuzzyDate.parse("November 2016"))
    window.editing.move_event(3, 380 * 86400, "end")
    assert demo_case.event(3).end.text == "2019" and demo_case.event(3).start.text == "2013"
    assert window.editing.stack.count() == 3
    for _ in range(3):
        window.editing.undo_action.trigger()
    assert demo_case.event(2).start.text == "2013"
    assert demo_case.event(3).end.text == "2018"


def test_add_source_from_a_dropped_file(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path, monkeypatch
) -> None:
    doc = tmp_path / "letter.txt"
    doc.write_text("Dear Sir,\n")
    from app.ui.dialogs import source_form

    def accept(form: source_form.SourceForm) -> int:
        qtbot.waitUntil(lambda: form.hashed is not None, timeout=10_000)
        assert form.wait_for_hash()  # as Save (done) does: the hashing thread has ended
        return 1

    monkeypatch.setattr(source_form.SourceForm, "exec", accept)
    source_id = window.editing.add_source(doc)
    assert source_id is not None
    source = demo_case.source(source_id)
    assert source.title == "letter" and source.file_stored and source.file_sha256
    window.editing.undo_action.trigger()
    assert source_id not in {s.id for s in demo_case.sources()}


def test_names_dialog_merge_is_one_step(
    qtbot, window: MainWindow, demo_case: Case, monkeypatch
) -> None:
    from app.ui.dialogs.names import NamesDialog

    before = export_document(demo_case)
    dialog = NamesDialog(window, demo_case, window.editing.editor)
    qtbot.addWidget(dialog)
    tab = dialog.tags
    ids = {tab.list.item(r).text(): r for r in range(tab.list.count())}
    tab.list.item(ids["negligence"]).setSelected(True)
    tab.list.item(ids["gross negligence"]).setSelected(True)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("negligence", True))
    tab.merge()
    assert "gross negligence" not in [t.name for t in demo_case.tags()]
    assert "negligence" in demo_case.event(7).tags
    assert window.editing.stack.count() == 1
    window.editing.undo_action.trigger()
    assert export_document(demo_case) == before


def test_conflict_is_shown_and_nothing_overwritten(
    window: MainWindow, demo_case: Case, message_boxes
) -> None:
    event = demo_case.event(6)
    other = Case.open(demo_case.path)
    other.update_event(6, expected_version=event.version, title="Changed in another window")
    other.close()
    draft = EventDraft(
        title="My edit",
        start=event.start,
        status=event.status,
        tags=event.tags,
        citations=tuple(
            CitationDraft(c.source_id, c.pinpoint, c.quote, c.stance, c.id) for c in event.citations
        ),
    )
    window.editing.save_draft(draft, event)
    assert demo_case.event(6).title == "Changed in another window"
    shown = [text for _kind, text in message_boxes]
    assert shown and "Changed in another window" in shown[0] and "My edit" in shown[0]
    assert "Nothing was overwritten" in shown[0]


def test_review_mode_disables_every_edit(make_window, demo_case: Case) -> None:
    demo_case.close()
    case = Case.open(demo_case.path, Mode.REVIEW)
    w = make_window(case)
    editing = w.editing
    for action in (
        editing.new_event_action,
        editing.edit_event_action,
        editing.delete_event_action,
        editing.add_source_action,
        editing.names_action,
    ):
        assert not action.isEnabled()
    assert not w.timeline.canvas.editable
    w.select_event(5)
    editing.delete_selected()
    assert 5 in case.event_ids()


def test_history_dock_shows_edits(window: MainWindow, demo_case: Case) -> None:
    window.editing.history_dock.show()
    window.editing.move_event(2, 400 * 86400, "start")
    table = window.editing.history.table
    assert table.item(0, 2).text() in ("update", "replace")
    assert "2014" in table.item(0, 4).text()


def drag_event_back_a_year(qtbot, window: MainWindow, event_id: int) -> None:  # type: ignore[no-untyped-def]
    canvas = window.timeline.canvas
    canvas.relayout()
    item = next(i for i in canvas.frame.items if i.event_id == event_id)
    y = int(canvas.lane_y(item.lane, item.row) + canvas.geo.row_h / 2)
    x = int(canvas.geo.header_w + (item.x0 + item.x1) / 2)
    year_px = 365.25 * 86400 / canvas.scale.seconds_per_px
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    qtbot.mouseMove(canvas, QPoint(int(x - year_px), y))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(x - year_px), y))


def test_a_drag_outside_move_mode_never_moves_an_event(
    qtbot, window: MainWindow, demo_case: Case, message_boxes
) -> None:
    drag_event_back_a_year(qtbot, window, 6)
    assert demo_case.event(6).start.text == "2018" and message_boxes == []


def test_canvas_drag_in_move_mode_asks_first_then_says_what_moved(
    qtbot, window: MainWindow, demo_case: Case, message_boxes, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    moves = window.editing.moves
    moves.action.trigger()  # Ctrl+M, Edit > Move Events by Dragging, or the "Move" button
    assert window.timeline.canvas.move_mode
    drag_event_back_a_year(qtbot, window, 6)  # established and cited: asks; the answer is No
    assert demo_case.event(6).start.text == "2018"
    assert message_boxes == [("box", "Move event: \u201cBackpage is shut down for good\u201d "
                              "is established and is cited by 2 source(s).\n\n"
                              "Move it: 2018 \u2192 2017?")]  # fmt: skip
    assert window.statusBar().currentMessage().startswith("Not moved")

    def yes_and_dont_ask_again(box: QMessageBox) -> int:
        message_boxes.append(("box", box.text()))
        box.checkBox().setChecked(True)
        return int(QMessageBox.StandardButton.Yes.value)

    monkeypatch.setattr(QMessageBox, "exec", yes_and_dont_ask_again)
    drag_event_back_a_year(qtbot, window, 6)
    assert demo_case.event(6).start.text == "2017" and len(message_boxes) == 2
    assert window.statusBar().currentMessage() == (
        "Moved \u201cBackpage is shut down for good\u201d: 2018 \u2192 2017"
    )
    assert moves.undo_button.isVisible()
    moves.undo_button.click()
    assert demo_case.event(6).start.text == "2018" and not moves.undo_button.isVisible()
    drag_event_back_a_year(qtbot, window, 6)  # "don't ask again for this case" was ticked
    assert demo_case.event(6).start.text == "2017" and len(message_boxes) == 2


def test_move_mode_is_off_in_review_mode(make_window, demo_case_path) -> None:  # type: ignore[no-untyped-def]
    from app.store.case import Case as CaseFile
    from app.store.engine import Mode

    w = make_window(CaseFile.open(demo_case_path, Mode.REVIEW))
    assert not w.editing.moves.action.isEnabled()
    w.editing.moves.action.setChecked(True)
    assert not w.timeline.canvas.move_mode


def test_dropping_a_document_on_the_window_adds_it_as_a_source(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDropEvent

    from app.ui.dialogs import source_form

    doc = tmp_path / "exhibit-12.txt"
    doc.write_text("Exhibit 12\n")

    def accept(form: source_form.SourceForm) -> int:
        qtbot.waitUntil(lambda: form.hashed is not None, timeout=10_000)
        assert form.wait_for_hash()  # as Save (done) does: the hashing thread has ended
        return 1

    monkeypatch.setattr(source_form.SourceForm, "exec", accept)
    before = {s.id for s in demo_case.sources()}
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(doc))])
    window.dropEvent(
        QDropEvent(
            QPoint(10, 10),
            Qt.DropAction.CopyAction,
            data,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    (new_id,) = {s.id for s in demo_case.sources()} - before
    source = demo_case.source(new_id)
    import hashlib

    assert source.file_sha256 == hashlib.sha256(doc.read_bytes()).hexdigest()
    assert window.case is demo_case  # the case stayed open


def test_merging_two_eras_is_one_step(
    qtbot, window: MainWindow, demo_case: Case, monkeypatch
) -> None:
    from app.ui.dialogs.names import NamesDialog

    before = export_document(demo_case)
    dialog = NamesDialog(window, demo_case, window.editing.editor)
    qtbot.addWidget(dialog)
    tab = dialog.eras
    for row in range(tab.list.count()):
        tab.list.item(row).setSelected(True)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Backpage online", True))
    tab.merge()
    (era,) = demo_case.eras()
    assert era.name == "Backpage online"
    assert (era.start.text, era.end.text) == ("2004", "2018")
    assert window.editing.stack.count() == 1
    window.editing.undo_action.trigger()
    assert export_document(demo_case) == before


def test_a_form_save_is_whole_or_absent(window: MainWindow, demo_case: Case, message_boxes) -> None:
    event = demo_case.event(5)
    before = export_document(demo_case)
    other = Case.open(demo_case.path)
    other.remove_citation(event.citations[1].id)  # removed in another window meanwhile
    other.close()
    middle = export_document(demo_case)
    draft = EventDraft(
        title="Changed title",
        start=event.start,
        status=event.status,
        key_fact=event.key_fact,
        tags=event.tags,
        entities=tuple((e.entity_id, e.role) for e in event.entities),
        citations=(CitationDraft(1, "para. 8", "", "supports", event.citations[0].id),),
    )
    assert window.editing.save_draft(draft, event) is None
    assert export_document(demo_case) == middle != before  # nothing of the save was written
    assert window.editing.stack.count() == 0
    assert message_boxes and "no citation" in message_boxes[-1][1]


def test_form_save_undo_redo_round_trip(window: MainWindow, demo_case: Case) -> None:
    event = demo_case.event(3)
    before = export_document(demo_case)
    draft = EventDraft(
        title="Tools said to power growth",
        start=event.start,
        end=event.end,
        status="disputed",
        tags=("negligence", "brand new tag"),
        citations=(CitationDraft(2, "", "", "contradicts"),),
    )
    window.editing.save_draft(draft, event)
    after = export_document(demo_case)
    assert demo_case.event(3).status == "disputed"
    window.editing.undo_action.trigger()
    assert export_document(demo_case) == before
    window.editing.redo_action.trigger()
    redone = export_document(demo_case)
    assert redone == after


def test_remove_unused_stored_files_asks_first(
    window: MainWindow, demo_case: Case, monkeypatch, message_boxes
) -> None:
    import app.ui.editing as editing_module

    demo_case.store_file(sha256="a" * 64, data=b"stray", size=5, original_name="stray.txt")
    assert window.editing.purge_files() == 0  # the question was answered Cancel
    assert demo_case.unused_files()
    assert "stray.txt" in message_boxes[-1][1]
    monkeypatch.setattr(editing_module, "ask", lambda *a, **k: True)
    assert window.editing.purge_files() == 1
    assert demo_case.unused_files() == [] and demo_case.file_data("a" * 64) is None
    assert demo_case.source(3).file_stored and demo_case.file_data(demo_case.source(3).file_sha256)
