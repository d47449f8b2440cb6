"""``CaseSession``: one open case, its undo history, and the one path every change takes.

The session owns the :class:`~app.store.case.Case`, its ``QUndoStack`` and the
:class:`~app.ui.undo.UndoController` that turns edits into undoable commands. After every
mutation, undo, redo, import and merge it emits ``changed(change_set, initiator)`` once;
every view connects to it and patches itself for the rows the change set names (a change
set that ``is_everything`` asks for a reload). ``initiator`` is the object that asked for the change
(the undo controller, an import flow, a dialog) so that a view can skip its own echo.

The session also carries what the views show in common: the filter the person chose.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.domain.records import ChangeSet, EventFilter
from app.store.case import Case
from app.ui.case_closing import closing
from app.ui.undo import UndoController


class CaseSession(QObject):
    """An open case and everything that changes it."""

    changed = Signal(object, object)  # (ChangeSet, initiator or None)

    def __init__(self, case: Case, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.filter = EventFilter()  # the filter every view shows (set by the window)
        self.undo_stack = QUndoStack(self)
        self.editor: UndoController | None = None
        if not case.read_only:
            self.editor = UndoController(case, self.undo_stack, self)
            self.editor.changed.connect(lambda changes: self.announce(changes, self.editor))
        self.reading = None  # what the viewers show, recorded as reading progress
        if self.editor is not None:
            from app.ui.reading import ReadingRecorder

            self.reading = ReadingRecorder(case, self.announce, self)
        self.live = None  # a shared case: others' changes arrive as they commit them
        if hasattr(case.path, "conninfo"):
            from app.ui.live_updates import LiveUpdates

            self.live = LiveUpdates(self)

    @property
    def writable(self) -> bool:
        return self.editor is not None

    def announce(self, changes: ChangeSet, initiator: object = None) -> None:
        """Tell every view what changed (nothing is emitted for an empty change set)."""
        if changes.is_everything or changes.changes:
            self.changed.emit(changes, initiator)

    def changed_events(self, changes: ChangeSet) -> tuple[list[int], list[int]]:
        """(ids of events created or changed and still present, ids of deleted events)."""
        last: dict[int, str] = {}
        for change in changes.changes:
            if change.kind == "event":
                last[change.id] = change.action
        deleted = [i for i, action in last.items() if action == "delete"]
        return sorted(set(last) - set(deleted)), sorted(deleted)

    def visible_among(self, ids: list[int]) -> list[int] | None:
        """Which of ``ids`` pass the current filter (None when nothing is filtered)."""
        if self.filter.is_empty:
            return None
        return self.case.event_ids(self.filter, among=ids) if ids else []

    def close(self) -> None:
        if self.reading is not None:
            self.reading.close()
        if self.live is not None:
            self.live.stop()
        self.undo_stack.clear()
        closing(self.case)  # its background checks stop before its connections close
        self.case.close()
