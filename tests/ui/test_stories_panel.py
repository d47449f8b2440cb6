"""The Stories panel: every change one undo step, drag reorder, texts committed, review
mode read-only, and present and publish from the panel."""

from __future__ import annotations

from pathlib import Path

from app.store.stories import stories_of


def _panel(window):  # type: ignore[no-untyped-def]
    window.stories_dock.show()
    window.stories_dock.raise_()
    return window.stories


def test_each_change_is_one_undo_step(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(window)
    stack = window.session.undo_stack
    stories = stories_of(window.case)
    start = stack.count()
    panel.new_story("Opening")
    assert panel.story is not None and panel.story.name == "Opening"
    events = window.case.events()
    for event in (events[3], events[0], events[5]):
        window.timeline.canvas.select(event.id)
        panel.add_selected()
    assert stories.find("Opening").event_ids == (events[3].id, events[0].id, events[5].id)
    panel.move_step(2, 0)
    assert stories.find("Opening").event_ids == (events[5].id, events[3].id, events[0].id)
    titles = [panel.steps.item(i).text().split(" \u2014 ")[1] for i in range(3)]
    assert [t.removesuffix("  [allegation]") for t in titles] == [
        events[5].title,
        events[3].title,
        events[0].title,
    ]
    panel.steps.setCurrentRow(1)
    panel.commentary.setPlainText("The key moment.")
    panel.steps.setCurrentRow(0)  # choosing another step commits the commentary
    assert stories.find("Opening").steps[1].commentary == "The key moment."
    panel.intro.setPlainText("What happened, in order.")
    panel.commit_texts()
    assert stories.find("Opening").introduction == "What happened, in order."
    panel.rename_story("Opening statement")
    assert stack.count() - start == 8  # new, 3 adds, move, commentary, intro, rename
    for _ in range(4):
        stack.undo()
    story = stories.find("Opening")
    assert story is not None and story.event_ids == (events[3].id, events[0].id, events[5].id)
    assert panel.steps.count() == 3 and panel.intro.toPlainText() == ""
    stack.undo()
    stack.undo()
    stack.undo()
    stack.undo()
    assert stories.all() == [] and panel.story is None
    while stack.canRedo():
        stack.redo()
    assert stories.find("Opening statement").steps[1].commentary == "The key moment."


def test_dragging_a_step_reorders_the_story(window) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(window)
    panel.new_story("Drag")
    events = window.case.events()
    for event in events[:3]:
        window.timeline.canvas.select(event.id)
        panel.add_selected()
    item = panel.steps.takeItem(0)  # what a drop does to the list: the row moves
    panel.steps.insertItem(2, item)
    panel.commit_order()
    assert stories_of(window.case).find("Drag").event_ids == (
        events[1].id,
        events[2].id,
        events[0].id,
    )


def test_bad_edits_are_refused_with_a_message(window, message_boxes) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(window)
    panel.new_story("One")
    panel.new_story("one")
    assert any("already a story" in text for _kind, text in message_boxes)
    assert len(stories_of(window.case).all()) == 1
    panel.add_selected()  # nothing selected
    assert any("Select an event" in text for _kind, text in message_boxes)


def test_review_mode_reads_but_does_not_edit(make_window, demo_case_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.domain.stories import StoryStep
    from app.store.case import Case
    from app.store.engine import Mode

    with Case.open(demo_case_path) as case:
        stories_of(case).create(name="Told", steps=[StoryStep(1, "c")])
    review = Case.open(demo_case_path, Mode.REVIEW)
    window = make_window(review)
    panel = _panel(window)
    assert panel.story is not None and panel.story.name == "Told"
    assert not panel.new_button.isEnabled() and not panel.add_button.isEnabled()
    assert panel.intro.isReadOnly() and panel.present_button.isEnabled()


def test_present_and_publish_from_the_panel(window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(window)
    panel.new_story("Shown")
    events = window.case.events()
    for event in (events[2], events[1]):
        window.timeline.canvas.select(event.id)
        panel.add_selected()
    panel.present()
    shown = window.presentation
    assert [s.event_id for s in shown.deck.steps] == [events[2].id, events[1].id]
    shown.close()
    out = tmp_path / "shown.html"
    panel.publish(str(out))
    page = out.read_text("utf-8")
    assert page.count('<section class="step"') == 2 and "Shown" in page


def test_file_publish_story(window, message_boxes, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    action = next(a for a in window.menuBar().actions()[0].menu().actions() if "Story" in a.text())
    action.trigger()  # no story yet: it says so
    assert any("Choose or create a story" in text for _kind, text in message_boxes)
    window.stories.new_story("Filed")
    out = tmp_path / "filed.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    action.trigger()  # the choices (privileged notes, pseudonyms) come first: cancelled
    assert ("dialog", "Publish Story") in message_boxes and not out.exists()
    from app.ui.widgets.output_choices import OutputChoicesDialog

    monkeypatch.setattr(OutputChoicesDialog, "exec", lambda self: 1)
    action.trigger()
    assert out.exists() and "Filed" in out.read_text("utf-8")


def test_an_event_change_updates_its_step_without_reading_the_stories(  # type: ignore[no-untyped-def]
    window, monkeypatch
) -> None:
    panel = _panel(window)
    panel.new_story("Opening")
    events = window.case.events()
    window.timeline.canvas.select(events[2].id)
    panel.add_selected()
    reads: list[int] = []
    import app.store.stories as stories_module

    real = stories_module.Stories.all
    monkeypatch.setattr(stories_module.Stories, "all", lambda s: reads.append(1) or real(s))
    window.session.editor.update_event(events[2].id, title="Renamed step")
    assert "Renamed step" in panel.steps.item(0).text()
    window.session.editor.update_event(events[4].id, title="Not in the story")
    assert reads == [] and panel.steps.count() == 1
    panel.rename_story("Opening statement")
    assert reads and panel.story is not None and panel.story.name == "Opening statement"
