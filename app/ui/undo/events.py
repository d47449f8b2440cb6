"""Undo commands for events: create, update (merging one gesture's steps), move, delete,
and an event form's whole save."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from app.domain.dates import FuzzyDate
from app.domain.records import ChangeSet, EventSnapshot
from app.ui.undo.base import CaseCommand

if TYPE_CHECKING:
    from app.ui.undo.controller import UndoController

# QUndoCommand.id() values: commands of the same id may merge (see mergeWith)
UPDATE_EVENT_ID = 1001
MOVE_EVENT_ID = 1002


class CreateEvent(CaseCommand):
    def __init__(self, controller: UndoController, fields: dict[str, Any]) -> None:
        super().__init__(controller, f"Create event “{fields.get('title', '')}”")
        self._fields = dict(fields)
        self.event_id = -1
        self._created_tags: tuple[int, ...] = ()
        self._snapshot: EventSnapshot | None = None

    def _do(self) -> ChangeSet:
        changes = self.case.create_event(**self._fields)
        self.event_id = changes.created("event")
        self._created_tags = changes.ids("tag", "create")
        self._controller.note_version(
            self.event_id, self.case.snapshot("event", self.event_id).version
        )
        return changes

    def _undo(self) -> ChangeSet:
        snapshot = self.case.snapshot("event", self.event_id)
        changes = self.case.delete_event(
            self.event_id,
            expected_version=self._controller.known_version(self.event_id),
            drop_tags=self._created_tags,
        )
        self._snapshot = snapshot
        return changes

    def _redo(self) -> ChangeSet:
        assert self._snapshot is not None
        changes = self.case.restore(self._snapshot)
        self._controller.note_version(self.event_id, self._snapshot.version + 1)
        return changes


class DeleteEvent(CaseCommand):
    def __init__(self, controller: UndoController, event_id: int, expected_version: int) -> None:
        super().__init__(controller, "Delete event")
        self.event_id = event_id
        self._expected = expected_version
        self._snapshot: EventSnapshot | None = None

    def _delete(self, expected: int) -> ChangeSet:
        snapshot = self.case.snapshot("event", self.event_id)
        changes = self.case.delete_event(self.event_id, expected_version=expected)
        self._snapshot = snapshot
        return changes

    def _do(self) -> ChangeSet:
        return self._delete(self._expected)

    def _redo(self) -> ChangeSet:
        return self._delete(self._controller.known_version(self.event_id))

    def _undo(self) -> ChangeSet:
        assert self._snapshot is not None
        changes = self.case.restore(self._snapshot)
        self._controller.note_version(self.event_id, self._snapshot.version + 1)
        return changes


class UpdateEvent(CaseCommand):
    """Change some fields of an event (the keywords of ``Case.update_event``).

    Consecutive steps of one gesture (same ``gesture``, event and set of fields) merge into
    one undo step that goes back to the state before the first of them.
    """

    def __init__(
        self,
        controller: UndoController,
        event_id: int,
        fields: dict[str, Any],
        expected_version: int,
        *,
        gesture: object = None,
        text: str | None = None,
    ) -> None:
        super().__init__(controller, text or f"Edit {', '.join(sorted(fields))}")
        self.event_id = event_id
        self._fields = dict(fields)
        self._expected = expected_version
        self._gesture = gesture
        self._created_tags: tuple[int, ...] = ()
        self._before: EventSnapshot | None = None
        self._after: EventSnapshot | None = None

    def id(self) -> int:
        return UPDATE_EVENT_ID

    def _do(self) -> ChangeSet:
        before = self.case.snapshot("event", self.event_id)
        changes = self.case.update_event(
            self.event_id, expected_version=self._expected, **self._fields
        )
        self._controller.note_version(self.event_id, self._expected + 1)
        self._before = before
        self._created_tags = changes.ids("tag", "create")
        self._after = self.case.snapshot("event", self.event_id)
        return changes

    def _put_back(self, snapshot: EventSnapshot, drop_tags: tuple[int, ...]) -> ChangeSet:
        version = self._controller.known_version(self.event_id)
        changes = self.case.replace(snapshot, expected_version=version, drop_tags=drop_tags)
        self._controller.note_version(self.event_id, version + 1)
        return changes

    def _undo(self) -> ChangeSet:
        assert self._before is not None
        return self._put_back(self._before, self._created_tags)

    def _redo(self) -> ChangeSet:
        assert self._after is not None
        return self._put_back(self._after, ())

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if (
            type(other) is not type(self)
            or not isinstance(other, UpdateEvent)
            or self.isObsolete()
            or other.isObsolete()
            or self._gesture is None
            or other._gesture != self._gesture
            or other.event_id != self.event_id
            or set(other._fields) != set(self._fields)
        ):
            return False
        self._fields.update(other._fields)
        self._after = other._after
        self._created_tags += other._created_tags
        return True


class MoveEvent(UpdateEvent):
    """One step of dragging an event on the canvas (new start and end)."""

    def __init__(
        self,
        controller: UndoController,
        event_id: int,
        start: FuzzyDate | None,
        end: FuzzyDate | None,
        expected_version: int,
        *,
        drag_id: object,
    ) -> None:
        super().__init__(
            controller,
            event_id,
            {"start": start, "end": end},
            expected_version,
            gesture=("drag", drag_id),
            text="Move event",
        )

    def id(self) -> int:
        return MOVE_EVENT_ID


class FormSave(CaseCommand):
    """An event form's save (fields, tags, links and citations), written as one transaction
    before this command is pushed. Undo and redo swap the whole event between its states
    before and after, each swap again one transaction, so a form's save is one step that is
    always whole or absent."""

    def __init__(
        self,
        controller: UndoController,
        text: str,
        *,
        before: EventSnapshot | None,
        after: EventSnapshot,
        changes: ChangeSet,
    ) -> None:
        super().__init__(controller, text)
        self.event_id = after.id
        self._before = before
        self._after = after
        self._changes = changes
        self._created_tags = changes.ids("tag", "create")
        controller.note_version(after.id, after.version)

    def _swap(self, target: EventSnapshot | None, drop_tags: tuple[int, ...]) -> ChangeSet:
        with self.case.batch() as batch:
            self.case.delete_event(
                self.event_id,
                expected_version=self._controller.known_version(self.event_id),
                drop_tags=drop_tags,
            )
            if target is not None:
                self.case.restore(target)
        if target is not None:
            self._controller.note_version(self.event_id, target.version + 1)
        return batch.changes

    def _do(self) -> ChangeSet:
        return self._changes  # already written by the form's transaction

    def _undo(self) -> ChangeSet:
        return self._swap(self._before, self._created_tags)

    def _redo(self) -> ChangeSet:
        assert self._before is not None or self._after is not None
        if self._before is None:  # a new event: bring it back
            changes = self.case.restore(self._after)
            self._controller.note_version(self.event_id, self._after.version + 1)
            return changes
        return self._swap(self._after, ())
