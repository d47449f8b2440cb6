"""Editing in the main window: the Edit menu, one undo stack, forms turned into undoable
commands, drags on the timeline, dropped source files, and conflicts shown, never hidden.

Every gesture is one undo step (a form's save with its citations is one macro; a drag is one
move). Every confirmed edit is committed at once by the store, so quitting or a crash loses
nothing that was confirmed.
"""

from __future__ import annotations

import contextlib
import itertools
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMenu, QStatusBar, QUndoView

from app.domain.dates import DateError
from app.domain.records import ChangeSet, CitationEdit, EventRecord
from app.store.case import Case, CaseError, ConflictError
from app.ui.dialogs.date_settings import DateSettingsDialog
from app.ui.dialogs.event_form import EventDraft, EventForm
from app.ui.dialogs.names import NamesDialog
from app.ui.dialogs.source_form import IntakeError, SourceForm, prepare_source
from app.ui.moving import MoveMode, moved_dates
from app.ui.panels.detail import DetailPanel
from app.ui.panels.history import HistoryView
from app.ui.review_mode import ReviewMode
from app.ui.session import CaseSession
from app.ui.shortcuts import redo_keys
from app.ui.text import ask, show_message
from app.ui.timeline_view import TimelineView
from app.ui.undo import FormSave, UndoController
from app.ui.undo.case_info import CaseInfoEdit


class EditingHost(Protocol):
    """What the editing actions need of the window that holds them (the window is above
    this module and is never imported by it)."""

    case: Case | None
    edit_menu: QMenu
    view_menu: QMenu
    timeline: TimelineView
    detail: DetailPanel

    def select_event(self, event_id: int) -> None: ...
    def show_details(self, event_id: int) -> None: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt API
    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget) -> None: ...  # noqa: N802


_drags = itertools.count(1)


def describe_conflict(error: ConflictError, mine: dict[str, object] | None = None) -> str:
    """Both versions, in words, for the conflict message."""
    lines = [str(error), ""]
    current = error.current
    if isinstance(current, EventRecord):
        lines.append(f"Stored now (version {current.version}):")
        lines.append(f"  title: {current.title}")
        lines.append(
            f"  date: {current.start.text if current.start else 'undated'}"
            + (f" to {current.end.text}" if current.end else "")
        )
        lines.append(f"  status: {current.status}")
    if mine:
        lines.append("")
        lines.append("Your change (not saved):")
        for key, value in mine.items():
            text = getattr(value, "text", value)
            lines.append(f"  {key}: {text}")
    lines.append("")
    lines.append("Nothing was overwritten. Review the stored version and edit it again.")
    return "\n".join(lines)


class EditActions(QObject):
    def __init__(self, window: EditingHost) -> None:
        super().__init__(window)
        self.window = window
        # one undo group: the actions follow the open session's stack
        self.undo_group = QUndoGroup(self)
        self.stack = QUndoStack(self)  # the open session's stack (an empty one when none)
        self.undo_group.addStack(self.stack)
        self.undo_group.setActiveStack(self.stack)
        self.session: CaseSession | None = None
        self.editor: UndoController | None = None
        self._pending_mine: dict[str, object] | None = None
        edit = window.edit_menu
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(redo_keys())
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        self.new_event_action = self._add(edit, "&New Event\u2026", self.new_event, "Ctrl+Shift+N")
        self.edit_event_action = self._add(edit, "&Edit Event\u2026", self.edit_selected, "F2")
        self.delete_event_action = self._add(
            edit, "&Delete Event", self.delete_selected, QKeySequence.StandardKey.Delete
        )
        edit.addSeparator()
        self.add_source_action = self._add(
            edit, "Add &Source\u2026", self.add_source, "Ctrl+Shift+S"
        )
        self.purge_action = self._add(
            edit, "Remove Unused Stored &Files\u2026", self.purge_files, "Ctrl+Shift+F"
        )
        self.names_action = self._add(
            edit, "Entities, Tags and &Eras\u2026", self.manage_names, "Ctrl+Shift+E"
        )
        self.dates_action = self._add(
            edit, "Case &Date Settings\u2026", self.date_settings, "Ctrl+Shift+T"
        )
        self.undo_view = QUndoView(self.undo_group)
        self.undo_view.setEmptyLabel("(opened)")
        self.undo_dock = QDockWidget("Undo History", window)
        self.undo_dock.setObjectName("dock-undo")
        self.undo_dock.setWidget(self.undo_view)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.undo_dock)
        self.undo_dock.hide()
        self.history = HistoryView()
        self.history_dock = QDockWidget("History", window)
        self.history_dock.setObjectName("dock-history")
        self.history_dock.setWidget(self.history)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.history_dock)
        self.history_dock.hide()
        edit.addSeparator()
        edit.addAction(self.undo_dock.toggleViewAction())
        window.view_menu.addAction(self.history_dock.toggleViewAction())
        self.history_dock.visibilityChanged.connect(self.history.set_shown)
        self.moves = MoveMode(self, window)
        self.review = ReviewMode(
            window,
            [
                self.new_event_action,
                self.edit_event_action,
                self.delete_event_action,
                self.add_source_action,
                self.names_action,
                self.purge_action,
                self.moves.action,
            ],
        )
        window.detail.attachRequested.connect(lambda source_id: self.attach_copy(source_id))
        self.set_session(None)

    def _add(self, menu, text: str, slot, shortcut) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # ---- the case

    def set_session(self, session: CaseSession | None) -> None:
        """Edit ``session``'s case (None: nothing open)."""
        if self.session is not None and self.session.editor is not None:
            self.session.editor.conflict.disconnect(self._conflict)
            self.session.editor.failed.disconnect(self._failed)
        self.session = session
        stack = session.undo_stack if session is not None else QUndoStack(self)
        self.undo_group.removeStack(self.stack)
        self.stack = stack
        self.undo_group.addStack(stack)
        self.undo_group.setActiveStack(stack)
        self.editor = None if session is None else session.editor
        if self.editor is not None:
            self.editor.conflict.connect(self._conflict)
            self.editor.failed.connect(self._failed)
        writable = self.editor is not None
        for action in (
            self.new_event_action,
            self.edit_event_action,
            self.delete_event_action,
            self.add_source_action,
            self.names_action,
            self.purge_action,
            self.dates_action,
        ):
            action.setEnabled(writable)
        self.window.timeline.canvas.editable = writable
        self.moves.set_writable(writable)
        self.review.follow(None if session is None else session.case)
        self.history.set_session(session)

    def _selected(self) -> int | None:
        current = self.window.detail.current
        return None if current is None else current.id

    def _conflict(self, error: ConflictError) -> None:
        show_message(self.window, "Changed elsewhere", describe_conflict(error, self._pending_mine))
        self._pending_mine = None
        if isinstance(error.current, EventRecord):
            self.window.show_details(error.current.id)

    def _failed(self, error: Exception) -> None:
        show_message(self.window, "Not saved", str(error))

    # ---- events

    def _form(self, event: EventRecord | None) -> EventForm:
        case = self.window.case
        assert case is not None
        return EventForm(
            self.window,
            sources=case.sources(),
            entities=case.entities(),
            tags=[t.name for t in case.tags()],
            day_first=case.day_first,
            event=event,
            date_settings=case.date_settings,
        )

    def new_event(self) -> None:
        if self.editor is None:
            return
        form = self._form(None)
        if form.exec():
            self.save_draft(form.draft(), None)

    def edit_selected(self) -> None:
        event_id = self._selected()
        if self.editor is None or event_id is None or self.window.case is None:
            return
        event = self.window.case.event(event_id)
        form = self._form(event)
        if form.exec():
            self.save_draft(form.draft(), event)

    def save_draft(self, draft: EventDraft, event: EventRecord | None) -> int | None:
        """Write the form's event and its citations in one transaction, as one undo step.

        Either all of it is saved or none of it: a failure (for instance a citation removed
        in another window meanwhile) rolls the whole save back and is shown.
        """
        controller, case = self.editor, self.window.case
        if controller is None or case is None:
            return None
        fields = {"title": draft.title, "description": draft.description, "start": draft.start,
                  "end": draft.end, "status": draft.status, "key_fact": draft.key_fact,
                  "tags": list(draft.tags), "entities": list(draft.entities),
                  "privileged_note": draft.privileged_note}  # fmt: skip
        self._pending_mine = {k: fields[k] for k in ("title", "start", "end", "status")}
        try:
            before = None if event is None else case.snapshot("event", event.id)
            changes = self._write_draft(case, draft, fields, event)
            event_id = event.id if event is not None else changes.created("event")
            after = case.snapshot("event", event_id)
        except ConflictError as error:
            self._conflict(error)
            return None
        except (CaseError, ValueError) as error:
            self._failed(error)
            return None
        self._pending_mine = None
        verb = "Edit" if event is not None else "New event"
        self.stack.push(
            FormSave(
                controller,
                f"{verb} \u201c{draft.title}\u201d",
                before=before,
                after=after,
                changes=changes,
            )
        )
        self.window.select_event(event_id)
        return event_id

    @staticmethod
    def _write_draft(
        case: Case, draft: EventDraft, fields: dict[str, object], event: EventRecord | None
    ) -> ChangeSet:
        """The form's writes: one named mutation (one transaction)."""
        citations = [
            CitationEdit(
                c.citation_id, c.source_id, c.pinpoint, c.quote, c.stance, c.privileged_note
            )
            for c in draft.citations
        ]
        return case.save_event(
            event_id=None if event is None else event.id,
            expected_version=None if event is None else event.version,
            lane=None if event is None else event.lane,
            citations=citations,
            seen_citations=None if event is None else [c.id for c in event.citations],
            **fields,  # type: ignore[arg-type]
        )

    def delete_selected(self) -> None:
        event_id = self._selected()
        if self.editor is None or event_id is None:
            return
        try:
            self.editor.delete_event(event_id)
        except CaseError:
            return

    def move_event(self, event_id: int, seconds: float, edge: str) -> None:
        """Move an event by ``seconds`` (a drag), snapped to the date's own precision; one
        undo step. (A drag on the timeline comes through :class:`MoveMode`, which asks first.)"""
        case = self.window.case
        if self.editor is None or case is None:
            return
        event = case.event(event_id)
        if event.start is None:
            return
        try:
            start, end, steps = moved_dates(event, seconds, edge, day_first=case.day_first)
        except DateError as error:
            show_message(self.window, "Not moved", str(error), kind="information")
            return
        if steps == 0:
            return
        try:
            self.editor.move_event(
                event_id, start=start, end=end, drag_id=next(_drags), expected_version=event.version
            )
        except CaseError:
            return

    # ---- sources

    def date_settings(self) -> None:
        """The case's time zone, hemisphere and day-first setting; one undo step."""
        case = self.window.case
        if self.editor is None or case is None:
            return
        now = case.date_settings
        dialog = DateSettingsDialog(now, self.window)
        if not dialog.exec():
            return
        old = {"time_zone": now.time_zone, "southern_hemisphere": now.southern}
        old["day_first"] = now.day_first
        new = dialog.values()
        if new != old:
            with contextlib.suppress(CaseError):  # the controller has shown the error
                self.editor.push(CaseInfoEdit(self.editor, old, new))

    def add_source(self, path: Path | None = None) -> int | None:
        if self.editor is None or self.window.case is None:
            return None
        form = SourceForm(self.window, path=path)
        if not form.exec():
            return None
        try:
            fields = prepare_source(self.window.case, form.draft())
        except IntakeError as error:
            show_message(self.window, "Source not added", str(error))
            return None
        try:
            return self.editor.create_source(**fields)
        except CaseError:
            return None

    def attach_copy(self, source_id: int, path: Path | None = None) -> bool:
        """Attach a file to a source that has no copy: the intake form (hashing, store or
        link) with the source's details, then the source updated as one undo step."""
        from app.ui.dialogs import attach_copy

        case = self.window.case
        if self.editor is None or case is None or case.read_only:
            return False
        source = case.source(source_id)
        path = path or attach_copy.choose_file(self.window, source)
        if path is None:
            return False
        form = attach_copy.attach_form(self.window, source, path)
        if not form.exec():
            return False
        try:
            fields = prepare_source(case, form.draft())
        except IntakeError as error:
            show_message(self.window, "No copy attached", str(error))
            return False
        try:
            self.editor.update_source(source_id, **fields)
        except CaseError:
            return False
        return True

    def purge_files(self) -> int:
        """Remove stored files that no source uses any more (asks first; cannot be undone)."""
        case = self.window.case
        if self.editor is None or case is None:
            return 0
        unused = case.unused_files()
        if not unused:
            show_message(
                self.window,
                "Remove unused files",
                "Every file stored in the case is used by a source.",
                kind="information",
            )
            return 0
        names = "\n".join(f"  {name or sha[:12]} ({size:,} bytes)" for sha, size, name in unused)
        if not ask(
            self.window,
            "Remove unused files",
            f"These files are stored in the case but no source uses them:\n{names}\n\n"
            "Remove them from the case file for good? This cannot be undone.",
            yes="Remove",
        ):
            return 0
        removed = case.purge_unused_files()
        self.window.statusBar().showMessage(
            f"Removed {removed} unused file(s) from the case", 10000
        )
        return removed

    def manage_names(self) -> None:
        if self.editor is None or self.window.case is None:
            return
        NamesDialog(self.window, self.window.case, self.editor).exec()
