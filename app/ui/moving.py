"""Moving events by dragging on the timeline, deliberately.

A drag moves an event only in move mode (Edit > Move Events by Dragging, Ctrl+M, or the
timeline's "Move" button); otherwise it pans. While dragging, the new date shows as text
beside the ghost ("2004 → 2005"). An event that is established or cited asks once per drag
before it moves (unless "don't ask again for this case" was ticked), and the status bar then
says what moved, with an Undo button beside it.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QMessageBox, QToolButton

from app.domain.date_shift import shift, steps_for
from app.domain.dates import DateError, FuzzyDate
from app.domain.records import EventRecord

if TYPE_CHECKING:
    from app.ui.editing import EditActions

MESSAGE_MS = 15_000


def moved_dates(
    event: EventRecord, seconds: float, edge: str, *, day_first: bool
) -> tuple[FuzzyDate, FuzzyDate | None, int]:
    """The start and end ``event`` gets when dragged by ``seconds`` (the whole event, or a
    span's "end"), each snapped to its own precision, and the steps of the edge dragged.
    Raises DateError when a date would leave the supported range."""
    assert event.start is not None
    if edge == "end" and event.end is not None:
        steps = steps_for(seconds, event.end.precision)
        return event.start, shift(event.end, steps, day_first=day_first), steps
    steps = steps_for(seconds, event.start.precision)
    start = shift(event.start, steps, day_first=day_first)
    end = event.end
    if end is not None:
        end = shift(end, steps_for(seconds, end.precision), day_first=day_first)
    return start, end, steps


def needs_confirmation(event: EventRecord) -> bool:
    """Whether moving ``event`` asks first: it is established, or a source is cited for it."""
    return event.status == "established" or bool(event.citations)


class MoveMode(QObject):
    """The move mode toggle, the drag preview, the confirmation and the status message."""

    def __init__(self, editing: EditActions, window: Any) -> None:
        super().__init__(editing)
        self.editing = editing
        self.window = window
        self.canvas = window.timeline.canvas
        self.action = QAction("&Move Events by Dragging", editing)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+M"))
        self.action.setToolTip("Move mode: drag an event to change its date (Ctrl+M)")
        self.action.toggled.connect(self._toggled)
        window.edit_menu.addAction(self.action)
        window.timeline.add_tool(self.action, "Move")
        self.canvas.move_preview = self.preview
        self.canvas.moveRequested.connect(self.dragged)
        self.undo_button = QToolButton(window)
        self.undo_button.setText("Undo")
        self.undo_button.setToolTip("Undo the move")
        self.undo_button.clicked.connect(self._undo)
        self.undo_button.hide()
        window.statusBar().addPermanentWidget(self.undo_button)
        window.statusBar().messageChanged.connect(self._message_changed)
        self._previewed: EventRecord | None = None

    def set_writable(self, writable: bool) -> None:
        self.action.setEnabled(writable)
        if not writable:
            self.action.setChecked(False)

    def _toggled(self, on: bool) -> None:
        self.canvas.move_mode = on and self.action.isEnabled()
        self.window.statusBar().showMessage(
            "Move mode: drag an event to change its date; Ctrl+M leaves it"
            if on
            else "Move mode off: dragging pans the timeline",
            MESSAGE_MS,
        )

    # ---- while dragging

    def preview(self, event_id: int, seconds: float, edge: str) -> str:
        """The move a drag of ``seconds`` would make, as text: "2004 → 2005"."""
        case = self.window.case
        if case is None:
            return ""
        if self._previewed is None or self._previewed.id != event_id:
            self._previewed = case.event(event_id)
        event = self._previewed
        if event.start is None:
            return ""
        try:
            start, end, _steps = moved_dates(event, seconds, edge, day_first=case.day_first)
        except DateError as error:
            return f"cannot move: {error}"
        return self._change_text(event, start, end, edge)

    def _change_text(
        self, event: EventRecord, start: FuzzyDate, end: FuzzyDate | None, edge: str
    ) -> str:
        day_first = bool(self.window.case.day_first)
        old, new = (
            (event.end, end) if edge == "end" and event.end is not None else (event.start, start)
        )
        assert old is not None and new is not None
        return f"{old.format(day_first=day_first)} \u2192 {new.format(day_first=day_first)}"

    # ---- on release

    def dragged(self, event_id: int, seconds: float, edge: str) -> None:
        """A drag ended: confirm if the event needs it, move it, and say so."""
        self._previewed = None
        case = self.window.case
        if case is None or self.editing.editor is None:
            return
        event = case.event(event_id)
        if event.start is None:
            return
        try:
            start, end, steps = moved_dates(event, seconds, edge, day_first=case.day_first)
        except DateError:
            start = end = None
            steps = 1  # let the move report why it cannot be made
        if steps == 0:
            return
        change = "" if start is None else self._change_text(event, start, end, edge)
        if needs_confirmation(event) and not self._confirmed(event, change):
            self.window.statusBar().showMessage(f"Not moved: \u201c{event.title}\u201d", MESSAGE_MS)
            return
        before = self.editing.stack.index()
        self.editing.move_event(event_id, seconds, edge)
        if self.editing.stack.index() != before:
            self.window.statusBar().showMessage(
                f"Moved \u201c{event.title}\u201d: {change}", MESSAGE_MS
            )
            self.undo_button.show()

    def _settings_key(self) -> str:
        path = str(getattr(self.window.case, "path", ""))
        return "moving/no-confirm-" + hashlib.sha256(path.encode()).hexdigest()[:16]

    def _confirmed(self, event: EventRecord, change: str) -> bool:
        settings = self.window.settings
        if settings.value(self._settings_key(), False, type=bool):
            return True
        why = []
        if event.status == "established":
            why.append("is established")
        if event.citations:
            why.append(f"is cited by {len({c.source_id for c in event.citations})} source(s)")
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Move event")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"\u201c{event.title}\u201d {' and '.join(why)}.\n\nMove it: {change}?")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setCheckBox(QCheckBox("Don't ask again for this case", box))
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        if box.checkBox().isChecked():
            settings.setValue(self._settings_key(), True)
        return True

    def _undo(self) -> None:
        self.undo_button.hide()
        self.window.statusBar().clearMessage()
        self.editing.stack.undo()

    def _message_changed(self, text: str) -> None:
        if not text.startswith("Moved "):
            self.undo_button.hide()
