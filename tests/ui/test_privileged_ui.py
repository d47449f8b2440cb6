"""Privileged notes and pseudonyms in the window: the form's fields (one undo step), the
detail panel's PRIVILEGED marking, the entity's pseudonym, the export and publish choices,
a story's setting, and a presentation that shows notes only to the presenter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel

from app.domain.records import EventFilter
from app.interchange.export_choices import ExportOptions
from app.interchange.output_policy import PRIVILEGED
from app.store.case import Case
from app.store.stories import stories_of
from app.ui.dialogs.event_form import EventForm
from app.ui.dialogs.export import ExportDialog
from app.ui.main_window import MainWindow

NOTE = "Ask counsel about the plea timing"


def _form(qtbot, case: Case, event=None) -> EventForm:  # type: ignore[no-untyped-def]
    form = EventForm(
        None,
        sources=case.sources(),
        entities=case.entities(),
        tags=[t.name for t in case.tags()],
        event=event,
    )
    qtbot.addWidget(form)
    return form


def test_the_form_edits_the_notes_in_one_undo_step(
    qtbot, window: MainWindow, demo_case: Case
) -> None:  # type: ignore[no-untyped-def]
    event = demo_case.event(3)
    form = _form(qtbot, demo_case, event)
    assert form.privileged_edit.accessibleName() == "Privileged work-product note"
    labels = [form.layout().itemAt(0).layout().labelForField(form.privileged_edit).text()]
    assert labels == ["&Privileged work-product note"]
    form.privileged_edit.setPlainText(NOTE)
    row = 0
    note_cell = form.cite_table.item(row, EventForm.NOTE_COLUMN)
    assert note_cell.flags() & Qt.ItemFlag.ItemIsEditable  # the note, edited in place
    assert not form.cite_table.item(row, 0).flags() & Qt.ItemFlag.ItemIsEditable
    note_cell.setText("Weak source")
    form.source_box.setCurrentIndex(0)
    form.cite_note_edit.setText("New cite note")
    form._add_citation()  # noqa: SLF001 - the Add citation button's slot
    draft = form.draft()
    assert draft.privileged_note == NOTE
    assert draft.citations[0].privileged_note == "Weak source"
    assert draft.citations[-1].privileged_note == "New cite note"
    window.editing.save_draft(draft, event)
    saved = demo_case.event(3)
    assert saved.privileged_note == NOTE
    assert [c.privileged_note for c in saved.citations][0] == "Weak source"
    assert saved.citations[-1].privileged_note == "New cite note"
    window.editing.undo_action.trigger()
    undone = demo_case.event(3)
    assert undone.privileged_note == "" and all(not c.privileged_note for c in undone.citations)
    window.editing.redo_action.trigger()
    assert demo_case.event(3).privileged_note == NOTE
    assert demo_case.check() == []


def test_the_detail_panel_marks_the_notes(window: MainWindow, demo_case: Case) -> None:
    event = demo_case.event(3)
    window.show_details(3)
    assert not window.detail.privileged.isVisibleTo(window.detail)
    demo_case.update_event(3, expected_version=event.version, privileged_note="<b>ours</b>")
    demo_case.update_citation(event.citations[0].id, privileged_note="cite note")
    window.show_details(3)
    box = window.detail.privileged
    assert box.isVisibleTo(window.detail)
    assert box.mark.text().startswith("PRIVILEGED")
    assert box.text.text() == "<b>ours</b>" and box.text.textFormat() == Qt.TextFormat.PlainText
    card = window.detail.rows[0].privileged
    assert not card.isHidden() and card.text.text() == "cite note"  # (the card shows later)
    assert window.detail.rows[1].privileged.isHidden()  # no note: no box


def test_an_entity_gets_a_pseudonym_in_one_undo_step(
    qtbot, window: MainWindow, demo_case: Case, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from app.ui.dialogs.names import EntityTab, NamesDialog

    dialog = NamesDialog(window, demo_case, window.session.editor)
    qtbot.addWidget(dialog)
    tab = dialog.findChild(EntityTab)
    row = next(i for i in range(tab.list.count()) if "Carl Ferrer" in tab.list.item(i).text())
    tab.list.setCurrentRow(row)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  Witness   A ", True))
    tab.pseudonym()
    assert next(e for e in demo_case.entities() if e.id == 3).pseudonym == "Witness A"
    assert "pseudonym \u201cWitness A\u201d" in tab.list.item(row).text()
    window.editing.undo_action.trigger()
    assert next(e for e in demo_case.entities() if e.id == 3).pseudonym == ""


def test_the_export_dialog_offers_both_choices(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(window, EventFilter(), 8, 8)
    qtbot.addWidget(dialog)
    choices = dialog.output_choices
    assert not choices.privileged_box.isChecked() and not choices.pseudonyms_box.isChecked()
    assert "PRIVILEGED" in choices.privileged_box.text()
    options = dialog.options()
    assert (options.include_privileged, options.pseudonyms) == (False, False)
    choices.privileged_box.setChecked(True)
    choices.pseudonyms_box.setChecked(True)
    options = dialog.options()
    assert (options.include_privileged, options.pseudonyms) == (True, True)
    demo_case.update_entity(3, pseudonym="Witness A")
    event = demo_case.event(5)
    demo_case.update_event(5, expected_version=event.version, privileged_note=NOTE)
    out = tmp_path / "x.html"
    job = window.exporting.start_export(out, ExportOptions(fmt="html", include_privileged=True,
                                                           pseudonyms=True))  # fmt: skip
    assert job is not None
    qtbot.waitUntil(lambda: out.exists(), timeout=30000)
    page = out.read_text(encoding="utf-8")
    assert NOTE in page and PRIVILEGED in page and "carl ferrer" not in page.casefold()


def test_a_refused_export_says_which_name_and_writes_nothing(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path, message_boxes
) -> None:  # type: ignore[no-untyped-def]
    demo_case.update_entity(3, pseudonym="Carl Ferrer (W)")
    out = tmp_path / "x.csv"
    job = window.exporting.start_export(out, ExportOptions(fmt="csv", pseudonyms=True))
    assert job is not None
    qtbot.waitUntil(lambda: any("Carl Ferrer" in t for _k, t in message_boxes), timeout=30000)
    assert not out.exists()


def test_a_story_is_saved_to_use_pseudonyms(window: MainWindow, demo_case: Case) -> None:
    window.stories_dock.show()
    panel = window.stories
    panel.new_story("Anonymous")
    assert not panel.pseudonyms_box.isChecked()
    panel.pseudonyms_box.setChecked(True)
    story = stories_of(demo_case).find("Anonymous")
    assert story is not None and story.pseudonyms
    window.editing.undo_action.trigger()
    story = stories_of(demo_case).find("Anonymous")
    assert story is not None and not story.pseudonyms
    assert not panel.pseudonyms_box.isChecked()


def test_a_presentation_shows_notes_only_to_the_presenter(qtbot, demo_case: Case) -> None:  # type: ignore[no-untyped-def]
    from app.ui.present.launch import present
    from app.ui.present.masking import HELD_BACK
    from app.ui.present.notes import PresenterNotes

    demo_case.update_entity(3, pseudonym="Witness A")
    for event in demo_case.events():
        demo_case.update_event(event.id, expected_version=event.version, privileged_note=NOTE)
    plain = present(demo_case)
    qtbot.addWidget(plain)
    notes = PresenterNotes(plain)
    qtbot.addWidget(notes)
    assert NOTE not in notes.notes.text() and PRIVILEGED not in notes.notes.text()
    plain.close()
    shown = present(demo_case, include_privileged=True, pseudonyms=True)
    qtbot.addWidget(shown)
    notes = PresenterNotes(shown)
    qtbot.addWidget(notes)
    assert PRIVILEGED in notes.notes.text() and NOTE in notes.notes.text()
    titles = " ".join(step.title for step in shown.deck.steps)
    assert "Carl Ferrer" not in titles
    held = []
    for index in range(len(shown.deck.steps)):
        shown.go(index)
        held.append(shown.page_stack.currentWidget() is shown.no_page)
        held[-1] = held[-1] and shown.no_page.text() == HELD_BACK
        audience = [label.text() for label in shown.findChildren(QLabel)]
        assert not any(NOTE in text or PRIVILEGED in text for text in audience)
    assert any(held)  # the demo's documents name Carl Ferrer: their pages are held back
