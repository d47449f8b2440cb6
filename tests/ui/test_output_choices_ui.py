"""The output choices in the window beyond Export and Publish Story: File > Export Exhibits
offers --include-privileged and --pseudonyms (the CLI's policy, a real name refused whole),
a saved view is kept with its "use pseudonyms" setting, and View > Present honours it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.domain.records import EventFilter
from app.interchange.output_policy import PRIVILEGED, policy_of
from app.store.case import Case
from app.ui.exhibit_export import ALL, ExhibitOptions
from app.ui.main_window import MainWindow
from app.ui.pdf_text import pdf_bytes_text

TIMEOUT = 30000


def test_the_exhibits_dialog_offers_both_choices(window: MainWindow, demo_case: Case) -> None:
    demo_case.save_view(name="Anonymous", flt=EventFilter(key_only=True), pseudonyms=True)
    demo_case.save_view(name="Plain", flt=EventFilter())
    dialog = window.exhibits.dialog()
    assert dialog is not None
    box = dialog.output_choices.pseudonyms_box
    assert not dialog.output_choices.privileged_box.isChecked() and not box.isChecked()
    dialog.output_choices.privileged_box.setChecked(True)
    options = dialog.options()
    assert (options.include_privileged, options.pseudonyms) == (True, False)
    dialog.events_box.setCurrentIndex(dialog.events_box.findData("Anonymous"))
    assert box.isChecked() and not box.isEnabled()  # the view is kept with pseudonyms
    assert dialog.options().pseudonyms
    dialog.events_box.setCurrentIndex(dialog.events_box.findData("Plain"))
    assert box.isEnabled() and not box.isChecked()  # the person's own choice again


def test_privileged_notes_only_when_asked(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    event = demo_case.events()[0]
    demo_case.update_citation(event.citations[0].id, privileged_note="Cite note")
    pages = []
    for name, include in (("plain.pdf", False), ("marked.pdf", True)):
        out = tmp_path / name
        job = window.exhibits.start_export(ExhibitOptions(out, ALL, include_privileged=include))
        assert job is not None
        qtbot.waitUntil(lambda: not window.exhibits.busy, timeout=TIMEOUT)
        pages.append(pdf_bytes_text(out.read_bytes()))
    plain, marked = pages
    assert not any(PRIVILEGED in p or "Cite note" in p for p in plain)
    assert len(marked) == len(plain) and all(PRIVILEGED in p for p in marked)
    assert "Cite note" in marked[0]


def test_a_real_name_left_refuses_the_pack_whole(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path, message_boxes
) -> None:  # type: ignore[no-untyped-def]
    demo_case.update_entity(3, pseudonym="Witness A")
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "anon.pdf"
    job = window.exhibits.start_export(ExhibitOptions(out, ALL, pseudonyms=True))
    assert job is not None
    qtbot.waitUntil(lambda: not window.exhibits.busy, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: len(message_boxes) == 1, timeout=TIMEOUT)
    text = message_boxes[0][1]
    assert "real name 'Carl Ferrer'" in text and str(out) in text and "Traceback" not in text
    assert list(folder.iterdir()) == []


def test_a_saved_view_is_kept_with_pseudonyms(
    window: MainWindow, demo_case: Case, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from app.ui.panels.view_settings import SaveViewDialog

    panel = window.filters
    answers: list[SaveViewDialog] = []

    def answer(dialog: SaveViewDialog, name: str, tick: bool | None) -> int:
        answers.append(dialog)
        dialog.name_edit.setText(name)
        if tick is not None:
            dialog.pseudonyms_box.setChecked(tick)
        return 1

    panel.key_only_box.setChecked(True)
    monkeypatch.setattr(SaveViewDialog, "exec", lambda d: answer(d, "Anonymous", True))
    panel.save_current_view()
    (view,) = demo_case.saved_views()
    assert view.name == "Anonymous" and view.pseudonyms
    assert view.filter == EventFilter(key_only=True)
    assert panel.pseudonyms_badge.view == view and panel.pseudonyms_badge.isVisibleTo(panel)
    # re-saved (the filter changed): the dialog starts from the view's setting, kept
    panel.unsourced_box.setChecked(True)
    monkeypatch.setattr(SaveViewDialog, "exec", lambda d: answer(d, "Anonymous", None))
    panel.save_current_view()
    assert answers[-1].name_edit.text() == "Anonymous" and answers[-1].pseudonyms_box.isChecked()
    (view,) = demo_case.saved_views()
    assert view.pseudonyms and view.filter == EventFilter(key_only=True, unsourced_only=True)
    # a view saved from it keeps using them unless unticked; a fresh one starts unticked
    monkeypatch.setattr(SaveViewDialog, "exec", lambda d: answer(d, "Named", None))
    panel.save_current_view()
    assert answers[-1].pseudonyms_box.isChecked()
    fresh = SaveViewDialog(window, "", demo_case.saved_views())
    assert not fresh.pseudonyms_box.isChecked()
    fresh.name_edit.setText(" Anonymous ")
    assert fresh.pseudonyms_box.isChecked()
    fresh.deleteLater()
    monkeypatch.setattr(SaveViewDialog, "exec", lambda d: answer(d, "Named", False))
    panel.save_current_view()
    assert not next(v for v in demo_case.saved_views() if v.name == "Named").pseudonyms
    assert not panel.pseudonyms_badge.isVisibleTo(panel)
    panel.views_combo.activated.emit(panel.views_combo.findText("Anonymous"))
    assert panel.pseudonyms_badge.isVisibleTo(panel)
    # untick while re-saving: it is saved unticked
    monkeypatch.setattr(SaveViewDialog, "exec", lambda d: answer(d, "Anonymous", False))
    panel.save_current_view()
    assert not next(v for v in demo_case.saved_views() if v.name == "Anonymous").pseudonyms
    assert not panel.pseudonyms_badge.isVisibleTo(panel)


def _present(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    action = next(a for a in window.view_menu.actions() if a.shortcut().toString() == "F5")
    action.trigger()
    shown = window.presentation
    qtbot.waitExposed(shown)
    titles = " ".join(step.title for step in shown.deck.steps)
    pseudonymised = policy_of(shown.case).use_pseudonyms
    qtbot.keyClick(shown, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not shown.isVisible())
    return pseudonymised, titles


def test_f5_honours_the_view_or_the_persons_choice(
    qtbot, window: MainWindow, demo_case: Case
) -> None:  # type: ignore[no-untyped-def]
    backpage = next(e for e in demo_case.entities() if e.name == "Backpage")
    demo_case.update_entity(backpage.id, pseudonym="Website B")
    pseudonymised, titles = _present(qtbot, window)
    assert not pseudonymised and "Backpage" in titles  # the common case: one key, as is
    toggle = window.present_pseudonyms_action
    assert toggle.isCheckable() and toggle in window.view_menu.actions()
    toggle.setChecked(True)  # asked for
    pseudonymised, titles = _present(qtbot, window)
    assert pseudonymised and "Backpage" not in titles and "Website B" in titles
    toggle.setChecked(False)
    demo_case.save_view(name="Anonymous", flt=EventFilter(), pseudonyms=True)
    window.filters.refresh()
    window.filters.views_combo.activated.emit(window.filters.views_combo.findText("Anonymous"))
    pseudonymised, titles = _present(qtbot, window)  # the view picked says so
    assert pseudonymised and "Backpage" not in titles
    # a story's Present asks the same
    window.stories_dock.show()
    window.stories.new_story("Plain")
    assert window.stories.story is not None and not window.stories.story.pseudonyms
    toggle.setChecked(True)
    window.stories.present()
    assert policy_of(window.presentation.case).use_pseudonyms
    window.presentation.close()
