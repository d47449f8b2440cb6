"""The event form: live date interpretation, inline errors, Save only when valid, citations
picked by source with type-ahead."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from app.store.case import Case
from app.ui.dialogs.event_form import CitationDraft, EventForm, split_names


def make_form(qtbot, case: Case, event=None) -> EventForm:  # type: ignore[no-untyped-def]
    form = EventForm(
        None,
        sources=case.sources(),
        entities=case.entities(),
        tags=[t.name for t in case.tags()],
        day_first=case.day_first,
        event=event,
    )
    qtbot.addWidget(form)
    return form


def save_enabled(form: EventForm) -> bool:
    return form.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


def test_new_event_with_ambiguous_date_and_citation(qtbot, demo_case: Case) -> None:
    form = make_form(qtbot, demo_case)
    assert not save_enabled(form)  # no title yet
    form.title_edit.setText("Board meeting")
    form.start_field.set_text("01/02/03")
    assert save_enabled(form)
    assert "ambiguous" in form.start_field.note.text()
    form.end_field.set_text("2002")
    assert not save_enabled(form) and "before the start" in form.problem.text()
    form.end_field.set_text("2021-02-30")
    assert not save_enabled(form) and form.problem.text().startswith("End:")
    form.end_field.set_text("")
    form.tags_edit.setText("knowledge, new tag, knowledge")
    form.source_box.setEditText("memo")
    index = form.source_box.findData(3)
    form.source_box.setCurrentIndex(index)
    form.pinpoint_edit.setText("p. 2")
    form.quote_edit.setText("the complaint says")
    form.stance_box.setCurrentText("contradicts")
    form._add_citation()
    form.entity_box.setCurrentIndex(form.entity_box.findData(2))
    form.entity_role.setText("host")
    form._add_entity()
    assert save_enabled(form)
    draft = form.draft()
    assert draft.title == "Board meeting"
    assert draft.start is not None and draft.start.ambiguous and draft.end is None
    assert draft.tags == ("knowledge", "new tag")
    assert draft.entities == ((2, "host"),)
    assert draft.citations == (CitationDraft(3, "p. 2", "the complaint says", "contradicts"),)


def test_citation_needs_a_real_source(qtbot, demo_case: Case) -> None:
    form = make_form(qtbot, demo_case)
    form.source_box.setEditText("no such source")
    form._add_citation()
    assert form.cite_table.rowCount() == 0 and "Pick a source" in form.problem.text()


def test_editing_loads_every_field(qtbot, demo_case: Case) -> None:
    event = demo_case.event(3)
    form = make_form(qtbot, demo_case, event)
    draft = form.draft()
    assert draft.title == event.title and draft.description == event.description
    assert draft.start == event.start and draft.end == event.end
    assert draft.status == "alleged" and draft.key_fact
    assert set(draft.tags) == set(event.tags)
    assert [c.citation_id for c in draft.citations] == [c.id for c in event.citations]
    form.cite_table.selectRow(0)
    form._remove_selected(form.cite_table)
    assert len(form.draft().citations) == len(event.citations) - 1


def test_split_names() -> None:
    assert split_names(" a,b ;  c,, a ") == ("a", "b", "c")
