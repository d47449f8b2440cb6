"""The Stories panel: a story's introduction and its steps (events in the order the story
tells them, each with commentary), edited in place; reorder the steps by drag and drop.

Every change is one undo step (``app.ui.undo.stories``): a story created, renamed or
deleted, a step added, removed or moved, the introduction or a step's commentary edited
(committed when the text box loses the focus or another step is chosen). The panel follows
the session's changes, so undo and redo show at once. Present and Publish work on the
story shown, in review mode too; editing is off in review mode.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.records import ChangeSet
from app.domain.stories import StoryRecord, StoryStep
from app.store.errors import CaseError, NotFoundError
from app.store.stories import stories_of
from app.ui.text import show_message
from app.ui.undo.stories import change_story, delete_story, new_story
from app.ui.widgets.output_choices import OutputChoicesDialog

EVENT_ROLE = Qt.ItemDataRole.UserRole


class StoryPanel(QWidget):
    """Stories of the window's case; ``window`` gives the session and the selected event."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.session: Any = None
        self.story: StoryRecord | None = None
        self._filling = False
        self.choice = QComboBox(self)
        self.choice.setAccessibleName("Story")
        self.choice.currentIndexChanged.connect(self._chosen)
        self.new_button = self._button("New\u2026", self.new_story)
        self.rename_button = self._button("Rename\u2026", self.rename_story)
        self.delete_button = self._button("Delete", self.delete_story)
        self.intro = QPlainTextEdit(self)
        self.intro.setPlaceholderText("Introduction")
        self.intro.setAccessibleName("Introduction")
        self.intro.setMaximumHeight(90)
        self.intro.setMinimumHeight(36)
        self.steps = QListWidget(self)
        self.steps.setAccessibleName("Steps")
        self.steps.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.steps.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.steps.model().rowsMoved.connect(lambda *_: self.commit_order())
        self.steps.currentRowChanged.connect(self._step_chosen)
        self.add_button = self._button("Add Event", self.add_selected)
        self.add_button.setToolTip("Add the event selected in the window after the current step")
        self.remove_button = self._button("Remove Step", self.remove_step)
        self.commentary = QPlainTextEdit(self)
        self.commentary.setPlaceholderText("Commentary for this step")
        self.commentary.setAccessibleName("Commentary")
        self.commentary.setMaximumHeight(110)
        self.commentary.setMinimumHeight(36)
        self.present_button = self._button("Present", self.present)
        self.publish_button = self._button("Publish\u2026", self.publish)
        self.pseudonyms_box = QCheckBox("Use pseudonyms", self)
        self.pseudonyms_box.setToolTip(
            "Present and publish this story with entities under their pseudonyms"
        )
        self.pseudonyms_box.toggled.connect(self._pseudonyms_toggled)
        for box in (self.intro, self.commentary):
            box.installEventFilter(self)
        self._step_row = -1

        self.choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.choice.setMinimumContentsLength(8)
        top = QHBoxLayout()
        for b in (self.new_button, self.rename_button, self.delete_button):
            top.addWidget(b)
        edits = QHBoxLayout()
        edits.addWidget(self.add_button)
        edits.addWidget(self.remove_button)
        out = QHBoxLayout()
        out.addWidget(self.present_button)
        out.addWidget(self.publish_button)
        out.addWidget(self.pseudonyms_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choice)
        layout.addLayout(top)
        layout.addWidget(self.intro)
        layout.addWidget(QLabel("Steps (drag to reorder):", self))
        layout.addWidget(self.steps, 1)
        layout.addLayout(edits)
        layout.addWidget(self.commentary)
        layout.addLayout(out)
        self.follow_window()

    def _button(self, text: str, slot: Any) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.clicked.connect(lambda _=False: slot())
        return button

    # ---- following the case

    def follow_window(self) -> None:
        """Show the stories of the window's session (after a case is opened or closed)."""
        if self.session is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.session.changed.disconnect(self._changed)
        self.session = getattr(self.window_, "session", None)
        if self.session is not None:
            self.session.changed.connect(self._changed)
        self.story = None
        self.refresh()

    def _changed(self, changes: ChangeSet, _initiator: object = None) -> None:
        kinds = {c.kind for c in changes.changes}
        if changes.is_everything or "story" in kinds:
            self.refresh()
        elif self.story is not None and {s.event_id for s in self.story.steps} & set(
            changes.ids("event")
        ):  # a step's event changed: its line, not the stories (no read of them)
            self._fill(self.steps.currentRow())

    @property
    def editable(self) -> bool:
        return self.session is not None and self.session.writable

    def refresh(self) -> None:
        """Re-read the stories; keep the story and step shown."""
        keep = self.story.id if self.story else None
        row = self.steps.currentRow()
        stories = stories_of(self.session.case).all() if self.session else []
        self._filling = True
        self.choice.clear()
        for story in stories:
            self.choice.addItem(story.name, story.id)
        index = self.choice.findData(keep) if keep is not None else (0 if stories else -1)
        self.choice.setCurrentIndex(max(index, 0) if stories else -1)
        self._filling = False
        self.story = stories[self.choice.currentIndex()] if stories else None
        self._fill(row)

    def _fill(self, row: int = -1) -> None:
        story, case = self.story, self.session.case if self.session else None
        self._filling = True
        self.intro.setPlainText(story.introduction if story else "")
        self.pseudonyms_box.setChecked(bool(story and story.pseudonyms))
        self.steps.clear()
        for step in story.steps if story else ():
            try:
                event = case.event(step.event_id)
                date = event.start.text if event.start else "Undated"
                text = f"{date} \u2014 {event.title}"
                if event.status == "alleged":
                    text += "  [allegation]"
            except NotFoundError:
                text = f"(event {step.event_id} was deleted)"
            item = QListWidgetItem(text)
            item.setData(EVENT_ROLE, step.event_id)
            self.steps.addItem(item)
        self._filling = False
        self.steps.setCurrentRow(min(row, self.steps.count() - 1) if row >= 0 else -1)
        self._step_row = self.steps.currentRow()
        self._show_commentary()
        on, has = self.editable, story is not None
        for widget in (self.rename_button, self.delete_button, self.add_button):
            widget.setEnabled(on and has)
        self.remove_button.setEnabled(on and has and self.steps.currentRow() >= 0)
        self.new_button.setEnabled(on)
        self.intro.setReadOnly(not (on and has))
        self.commentary.setReadOnly(not (on and self.steps.currentRow() >= 0))
        self.steps.setDragEnabled(on)
        self.present_button.setEnabled(has)
        self.publish_button.setEnabled(has)

    def _chosen(self, index: int) -> None:
        if self._filling or not self.session:
            return
        self.commit_texts()
        stories = stories_of(self.session.case).all()
        self.story = stories[index] if 0 <= index < len(stories) else None
        self._fill()

    def _step_chosen(self, row: int) -> None:
        if self._filling:
            return
        self._commit_commentary(self._step_row)
        self._step_row = row
        self._show_commentary()
        self.remove_button.setEnabled(self.editable and row >= 0)
        self.commentary.setReadOnly(not (self.editable and row >= 0))

    def _show_commentary(self) -> None:
        row = self.steps.currentRow()
        steps = self.story.steps if self.story else ()
        self.commentary.setPlainText(steps[row].commentary if 0 <= row < len(steps) else "")

    # ---- edits, each one undo step

    def _pseudonyms_toggled(self, on: bool) -> None:
        if not self._filling and self.story is not None and on != self.story.pseudonyms:
            self._apply("Story Uses Pseudonyms" if on else "Story Uses Real Names", pseudonyms=on)

    def _apply(self, text: str, **fields: Any) -> bool:
        if not self.editable or self.story is None:
            return False
        try:
            change_story(self.session.editor, self.story, text, **fields)
        except CaseError as error:
            show_message(self, "Story", str(error))
            self.refresh()
            return False
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FocusOut:
            if watched is self.intro:
                self._commit_intro()
            elif watched is self.commentary:
                self._commit_commentary(self.steps.currentRow())
        return False

    def commit_texts(self) -> None:
        """Save the introduction and the commentary being edited (each its own step)."""
        self._commit_intro()
        self._commit_commentary(self.steps.currentRow())

    def _commit_intro(self) -> None:
        text = self.intro.toPlainText()
        if self.story is not None and text != self.story.introduction:
            self._apply("Edit Story Introduction", introduction=text)

    def _commit_commentary(self, row: int) -> None:
        if self.story is None or not 0 <= row < len(self.story.steps):
            return
        text = self.commentary.toPlainText()
        steps = list(self.story.steps)
        if text != steps[row].commentary:
            steps[row] = StoryStep(steps[row].event_id, text)
            self._apply("Edit Step Commentary", steps=steps)

    def commit_order(self) -> None:
        """The list's order after a drag: the story's new step order (one undo step)."""
        if self._filling or self.story is None:
            return
        by_id = {s.event_id: s for s in self.story.steps}
        order = [self.steps.item(i).data(EVENT_ROLE) for i in range(self.steps.count())]
        steps = [by_id[i] for i in order if i in by_id]
        if tuple(steps) != self.story.steps:
            self._apply("Reorder Story Steps", steps=steps)

    def move_step(self, row: int, to: int) -> None:
        """Move step ``row`` to position ``to`` (what a drag does; one undo step)."""
        if self.story is None:
            return
        steps = list(self.story.steps)
        steps.insert(to, steps.pop(row))
        self._apply("Reorder Story Steps", steps=steps)

    def add_selected(self) -> None:
        event_id = self.window_.timeline.canvas.selected_id
        if self.story is None or event_id < 0:
            show_message(self, "Story", "Select an event on the timeline or in the table first.")
            return
        if event_id in self.story.event_ids:
            show_message(self, "Story", "This event is already a step of the story.")
            return
        self.commit_texts()
        row = self.steps.currentRow()
        steps = list(self.story.steps)
        steps.insert(row + 1 if row >= 0 else len(steps), StoryStep(event_id))
        if self._apply("Add Story Step", steps=steps):
            self.steps.setCurrentRow(row + 1 if row >= 0 else len(steps) - 1)

    def remove_step(self) -> None:
        row = self.steps.currentRow()
        if self.story is None or row < 0:
            return
        steps = list(self.story.steps)
        del steps[row]
        self._apply("Remove Story Step", steps=steps)

    def new_story(self, name: str | None = None) -> None:
        if not self.editable:
            return
        if name is None:
            name, ok = QInputDialog.getText(self, "New Story", "Name of the story:")
            if not ok:
                return
        self.commit_texts()
        try:
            story_id = new_story(self.session.editor, name)
        except CaseError as error:
            show_message(self, "Story", str(error))
            return
        self.story = stories_of(self.session.case).get(story_id)
        self.refresh()

    def rename_story(self, name: str | None = None) -> None:
        if self.story is None:
            return
        if name is None:
            name, ok = QInputDialog.getText(self, "Rename Story", "Name:", text=self.story.name)
            if not ok:
                return
        self._apply("Rename Story", name=name)

    def delete_story(self) -> None:
        if self.story is None or not self.editable:
            return
        try:
            delete_story(self.session.editor, self.story)
        except CaseError as error:
            show_message(self, "Story", str(error))
        self.story = None
        self.refresh()

    # ---- showing it

    def present(self) -> None:
        if self.story is None or self.session is None:
            return
        self.commit_texts()
        from app.ui.present.launch import asks_pseudonyms, present

        self.window_.presentation = present(
            self.session.case,
            story=self.story,
            parent=self.window_,
            pseudonyms=asks_pseudonyms(self.window_),
        )

    def publish(self, out: str | None = None) -> None:
        """Publish the story shown as one offline HTML page (File > Publish Story)."""
        if self.story is None or self.session is None:
            show_message(self, "Publish Story", "Choose or create a story in Stories first.")
            return
        self.commit_texts()
        choices = OutputChoicesDialog(self, "Publish Story", pseudonyms=self.story.pseudonyms)
        if out is None and not choices.exec():
            return
        if out is None:
            out, _ = QFileDialog.getSaveFileName(
                self, "Publish Story", f"{self.story.name}.html", "Web page (*.html)"
            )
            if not out:
                return
        from pathlib import Path

        from app.interchange.publish import PublishProblem, publish_file

        try:
            steps = publish_file(
                self.session.case,
                Path(out),
                story=self.story.name,
                include_privileged=choices.choices.include_privileged,
                pseudonyms=choices.choices.pseudonyms,
            )
        except PublishProblem as problem:
            show_message(self, "Publish Story", str(problem))
            return
        self.window_.statusBar().showMessage(f"Published {steps} step(s) to {out}", 15000)
