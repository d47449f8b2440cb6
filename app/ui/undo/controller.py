"""The undo controller: builds undo commands for a case's edits and pushes them.

:class:`UndoController` is the one controller QObject of an open, writable case: its
convenience methods build the commands of :mod:`app.ui.undo` and push them on the session's
``QUndoStack``; after every redo and undo it emits ``changed(ChangeSet)`` for the views.

Versions under undo: the store moves an event's version counter forward on every write,
undo and redo included (a replace is ``expected + 1``, a restore ``snapshot.version + 1``).
The controller remembers the version its own last write left each event at and every undo
and redo names that version, so a change made meanwhile by another program (or another
window on the same file) is a :class:`~app.store.case.ConflictError` instead of being
overwritten. A new edit pushed through a convenience method names the version the caller
saw (by default the one stored now), which accepts what is stored at that moment.

Failures: a command whose mutation raises makes itself obsolete (see
:class:`~app.ui.undo.base.CaseCommand`) and the controller emits ``conflict(ConflictError)``
or ``failed(Exception)``. The convenience methods (and :meth:`UndoController.push`) then
re-raise the error to their caller.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.domain.dates import FuzzyDate
from app.domain.records import ChangeSet
from app.store.case import Case, ConflictError
from app.ui.undo.base import CaseCommand
from app.ui.undo.citations import AddCitation, RemoveCitation, UpdateCitation
from app.ui.undo.events import CreateEvent, DeleteEvent, MoveEvent, UpdateEvent
from app.ui.undo.rows import (
    CreateEntity,
    CreateEra,
    CreateRow,
    CreateSource,
    CreateTag,
    DeleteEntity,
    DeleteEra,
    DeleteSource,
    DeleteTag,
    MergeEntities,
    MergeTags,
    PseudonymEntity,
    RecolourEntity,
    RecolourEra,
    RecolourTag,
    RenameEntity,
    RenameEra,
    RenameTag,
    UpdateEra,
    UpdateSource,
)


class UndoController(QObject):
    """Pushes undo commands for a case and tells the views what each step changed."""

    changed = Signal(object)  # ChangeSet, after every successful redo and undo
    conflict = Signal(object)  # ConflictError: a stale step was dropped, nothing written
    failed = Signal(object)  # any other error of a step (read-only case, validation, ...)

    def __init__(self, case: Case, undo_stack: QUndoStack, parent: QObject | None = None):
        super().__init__(parent)
        self.case = case
        self.undo_stack = undo_stack
        self._versions: dict[int, int] = {}
        self._error: Exception | None = None
        self._last = ChangeSet()

    # ---- what commands use

    def known_version(self, event_id: int) -> int:
        """The version this controller's last write left the event at (else the stored one)."""
        if event_id not in self._versions:
            self._versions[event_id] = self.case.event(event_id).version
        return self._versions[event_id]

    def note_version(self, event_id: int, version: int) -> None:
        self._versions[event_id] = version

    def report(self, error: Exception) -> None:
        self._error = error
        if isinstance(error, ConflictError):
            self.conflict.emit(error)
        else:
            self.failed.emit(error)

    def announce(self, changes: ChangeSet) -> None:
        self._last = changes
        self.changed.emit(changes)

    def push(self, command: CaseCommand) -> ChangeSet:
        """Push ``command`` (which performs it); re-raise its error if it failed."""
        self._error, self._last = None, ChangeSet()
        self.undo_stack.push(command)
        error, self._error = self._error, None
        if error is not None:
            raise error
        return self._last

    def _create(self, command: CreateRow) -> int:
        """Push a command that creates a row; the new row's id."""
        self.push(command)
        return command.row_id

    def _current_version(self, event_id: int, given: int | None) -> int:
        return self.case.event(event_id).version if given is None else given

    # ---- events

    def create_event(self, **fields: Any) -> int:
        command = CreateEvent(self, fields)
        self.push(command)
        return command.event_id

    def update_event(
        self,
        event_id: int,
        *,
        expected_version: int | None = None,
        gesture: object = None,
        **fields: Any,
    ) -> ChangeSet:
        """Change some fields of an event. Steps with the same non-None ``gesture`` that
        change the same fields of the same event, one after another, are one undo step."""
        version = self._current_version(event_id, expected_version)
        return self.push(UpdateEvent(self, event_id, fields, version, gesture=gesture))

    def move_event(
        self,
        event_id: int,
        *,
        start: FuzzyDate | None,
        end: FuzzyDate | None,
        drag_id: object,
        expected_version: int | None = None,
    ) -> ChangeSet:
        """One step of a drag on the canvas; the steps of one drag are one undo step."""
        version = self._current_version(event_id, expected_version)
        return self.push(MoveEvent(self, event_id, start, end, version, drag_id=drag_id))

    def delete_event(self, event_id: int, *, expected_version: int | None = None) -> ChangeSet:
        version = self._current_version(event_id, expected_version)
        return self.push(DeleteEvent(self, event_id, version))

    # ---- citations

    def add_citation(self, **fields: Any) -> int:
        return self._create(AddCitation(self, fields))

    def update_citation(self, citation_id: int, **fields: Any) -> ChangeSet:
        return self.push(UpdateCitation(self, citation_id, fields))

    def remove_citation(self, citation_id: int) -> ChangeSet:
        return self.push(RemoveCitation(self, citation_id))

    # ---- sources, entities, tags, eras

    def create_source(self, **fields: Any) -> int:
        return self._create(CreateSource(self, fields))

    def update_source(self, source_id: int, **fields: Any) -> ChangeSet:
        return self.push(UpdateSource(self, source_id, fields))

    def delete_source(self, source_id: int) -> ChangeSet:
        return self.push(DeleteSource(self, source_id))

    def create_entity(self, **fields: Any) -> int:
        return self._create(CreateEntity(self, fields))

    def rename_entity(self, entity_id: int, name: str) -> ChangeSet:
        return self.push(RenameEntity(self, entity_id, name))

    def recolour_entity(self, entity_id: int, colour: str) -> ChangeSet:
        return self.push(RecolourEntity(self, entity_id, colour))

    def set_entity_pseudonym(self, entity_id: int, pseudonym: str) -> ChangeSet:
        return self.push(PseudonymEntity(self, entity_id, pseudonym))

    def delete_entity(self, entity_id: int) -> ChangeSet:
        return self.push(DeleteEntity(self, entity_id))

    def merge_entities(self, keep_id: int, drop_id: int) -> ChangeSet:
        return self.push(MergeEntities(self, keep_id, drop_id))

    def create_tag(self, **fields: Any) -> int:
        return self._create(CreateTag(self, fields))

    def rename_tag(self, tag_id: int, name: str) -> ChangeSet:
        return self.push(RenameTag(self, tag_id, name))

    def recolour_tag(self, tag_id: int, colour: str) -> ChangeSet:
        return self.push(RecolourTag(self, tag_id, colour))

    def delete_tag(self, tag_id: int) -> ChangeSet:
        return self.push(DeleteTag(self, tag_id))

    def merge_tags(self, keep_id: int, drop_id: int) -> ChangeSet:
        return self.push(MergeTags(self, keep_id, drop_id))

    def create_era(self, **fields: Any) -> int:
        return self._create(CreateEra(self, fields))

    def update_era(self, era_id: int, **fields: Any) -> ChangeSet:
        return self.push(UpdateEra(self, era_id, fields))

    def rename_era(self, era_id: int, name: str) -> ChangeSet:
        return self.push(RenameEra(self, era_id, name))

    def recolour_era(self, era_id: int, colour: str) -> ChangeSet:
        return self.push(RecolourEra(self, era_id, colour))

    def delete_era(self, era_id: int) -> ChangeSet:
        return self.push(DeleteEra(self, era_id))
