"""Undo commands: every edit of a case as a ``QUndoCommand`` that calls one Case mutation.

Each command holds ids, field values and snapshots (``app.domain.records.EventSnapshot`` /
``RowSnapshot``), never widgets. Its first ``redo()`` (run by ``QUndoStack.push``) performs
the edit; ``undo()`` puts the case back exactly (same ids, links, citations and positions);
a later ``redo()`` re-applies it, re-creating a created row with the same id through the
Case's restore methods. Each ``redo()`` and ``undo()`` calls exactly one Case mutation
(plus reads such as snapshots), so each is one transaction with its audit rows.

:class:`CaseEditor` is the one controller QObject: its convenience methods build and push
the commands, and after every redo and undo it emits ``changed(ChangeSet)`` for the views.

Versions under undo: the store moves an event's version counter forward on every write,
undo and redo included (a replace is ``expected + 1``, a restore ``snapshot.version + 1``).
The editor remembers the version its own last write left each event at and every undo and
redo names that version, so a change made meanwhile by another program (or another window
on the same file) is a :class:`~app.store.case.ConflictError` instead of being overwritten.
A new edit pushed through a convenience method names the version the caller saw (by
default the one stored now), which accepts what is stored at that moment.

Failures: when a mutation raises (a conflict, a read-only case, a validation error), the
command makes itself obsolete, so ``QUndoStack`` drops it instead of recording a step that
did not happen, the case is unchanged, and the editor emits ``conflict(ConflictError)`` or
``failed(Exception)``. The convenience methods (and :meth:`CaseEditor.push`) then re-raise
the error to their caller.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.domain.dates import FuzzyDate
from app.domain.records import ChangeSet, EventSnapshot, RowSnapshot
from app.store.case import Case, ConflictError

# QUndoCommand.id() values: commands of the same id may merge (see mergeWith)
UPDATE_EVENT_ID = 1001
MOVE_EVENT_ID = 1002


class CaseEditor(QObject):
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
        """The version this editor's last write left the event at (else the stored one)."""
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
        command = AddCitation(self, fields)
        self.push(command)
        return command.row_id

    def update_citation(self, citation_id: int, **fields: Any) -> ChangeSet:
        return self.push(UpdateCitation(self, citation_id, fields))

    def remove_citation(self, citation_id: int) -> ChangeSet:
        return self.push(RemoveCitation(self, citation_id))

    # ---- sources, entities, tags, eras

    def create_source(self, **fields: Any) -> int:
        command = CreateSource(self, fields)
        self.push(command)
        return command.row_id

    def update_source(self, source_id: int, **fields: Any) -> ChangeSet:
        return self.push(UpdateSource(self, source_id, fields))

    def delete_source(self, source_id: int) -> ChangeSet:
        return self.push(DeleteSource(self, source_id))

    def create_entity(self, **fields: Any) -> int:
        command = CreateEntity(self, fields)
        self.push(command)
        return command.row_id

    def rename_entity(self, entity_id: int, name: str) -> ChangeSet:
        return self.push(RenameEntity(self, entity_id, name))

    def recolour_entity(self, entity_id: int, colour: str) -> ChangeSet:
        return self.push(RecolourEntity(self, entity_id, colour))

    def delete_entity(self, entity_id: int) -> ChangeSet:
        return self.push(DeleteEntity(self, entity_id))

    def merge_entities(self, keep_id: int, drop_id: int) -> ChangeSet:
        return self.push(MergeEntities(self, keep_id, drop_id))

    def create_tag(self, **fields: Any) -> int:
        command = CreateTag(self, fields)
        self.push(command)
        return command.row_id

    def rename_tag(self, tag_id: int, name: str) -> ChangeSet:
        return self.push(RenameTag(self, tag_id, name))

    def recolour_tag(self, tag_id: int, colour: str) -> ChangeSet:
        return self.push(RecolourTag(self, tag_id, colour))

    def delete_tag(self, tag_id: int) -> ChangeSet:
        return self.push(DeleteTag(self, tag_id))

    def merge_tags(self, keep_id: int, drop_id: int) -> ChangeSet:
        return self.push(MergeTags(self, keep_id, drop_id))

    def create_era(self, **fields: Any) -> int:
        command = CreateEra(self, fields)
        self.push(command)
        return command.row_id

    def update_era(self, era_id: int, **fields: Any) -> ChangeSet:
        return self.push(UpdateEra(self, era_id, fields))

    def rename_era(self, era_id: int, name: str) -> ChangeSet:
        return self.push(RenameEra(self, era_id, name))

    def recolour_era(self, era_id: int, colour: str) -> ChangeSet:
        return self.push(RecolourEra(self, era_id, colour))

    def delete_era(self, era_id: int) -> ChangeSet:
        return self.push(DeleteEra(self, era_id))


# -- the commands -------------------------------------------------------------------------


class CaseCommand(QUndoCommand):
    """Runs one Case mutation per redo/undo and reports it through the editor.

    Subclasses give ``_do`` (the first redo), ``_undo`` and, if a repeated redo differs
    from the first one, ``_redo``; each returns the mutation's change set.
    """

    def __init__(self, editor: CaseEditor, text: str) -> None:
        super().__init__(text)
        self._editor = editor
        self._done = False

    @property
    def case(self) -> Case:
        return self._editor.case

    def redo(self) -> None:
        self._run(self._redo if self._done else self._do)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step: Any) -> None:
        try:
            changes = step()
        except Exception as error:  # noqa: BLE001 - never let an error through Qt's stack
            self.setObsolete(True)
            self._editor.report(error)
            return
        self._done = True
        self._editor.announce(changes)

    def _do(self) -> ChangeSet:
        raise NotImplementedError

    def _undo(self) -> ChangeSet:
        raise NotImplementedError

    def _redo(self) -> ChangeSet:
        return self._do()


class CreateEvent(CaseCommand):
    def __init__(self, editor: CaseEditor, fields: dict[str, Any]) -> None:
        super().__init__(editor, f"Create event “{fields.get('title', '')}”")
        self._fields = dict(fields)
        self.event_id = -1
        self._created_tags: tuple[int, ...] = ()
        self._snapshot: EventSnapshot | None = None

    def _do(self) -> ChangeSet:
        changes = self.case.create_event(**self._fields)
        self.event_id = changes.created("event")
        self._created_tags = changes.ids("tag", "create")
        self._editor.note_version(self.event_id, self.case.snapshot("event", self.event_id).version)
        return changes

    def _undo(self) -> ChangeSet:
        snapshot = self.case.snapshot("event", self.event_id)
        changes = self.case.delete_event(
            self.event_id,
            expected_version=self._editor.known_version(self.event_id),
            drop_tags=self._created_tags,
        )
        self._snapshot = snapshot
        return changes

    def _redo(self) -> ChangeSet:
        assert self._snapshot is not None
        changes = self.case.restore(self._snapshot)
        self._editor.note_version(self.event_id, self._snapshot.version + 1)
        return changes


class DeleteEvent(CaseCommand):
    def __init__(self, editor: CaseEditor, event_id: int, expected_version: int) -> None:
        super().__init__(editor, "Delete event")
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
        return self._delete(self._editor.known_version(self.event_id))

    def _undo(self) -> ChangeSet:
        assert self._snapshot is not None
        changes = self.case.restore(self._snapshot)
        self._editor.note_version(self.event_id, self._snapshot.version + 1)
        return changes


class UpdateEvent(CaseCommand):
    """Change some fields of an event (the keywords of ``Case.update_event``).

    Consecutive steps of one gesture (same ``gesture``, event and set of fields) merge into
    one undo step that goes back to the state before the first of them.
    """

    def __init__(
        self,
        editor: CaseEditor,
        event_id: int,
        fields: dict[str, Any],
        expected_version: int,
        *,
        gesture: object = None,
        text: str | None = None,
    ) -> None:
        super().__init__(editor, text or f"Edit {', '.join(sorted(fields))}")
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
        self._editor.note_version(self.event_id, self._expected + 1)
        self._before = before
        self._created_tags = changes.ids("tag", "create")
        self._after = self.case.snapshot("event", self.event_id)
        return changes

    def _put_back(self, snapshot: EventSnapshot, drop_tags: tuple[int, ...]) -> ChangeSet:
        version = self._editor.known_version(self.event_id)
        changes = self.case.replace(snapshot, expected_version=version, drop_tags=drop_tags)
        self._editor.note_version(self.event_id, version + 1)
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
        editor: CaseEditor,
        event_id: int,
        start: FuzzyDate | None,
        end: FuzzyDate | None,
        expected_version: int,
        *,
        drag_id: object,
    ) -> None:
        super().__init__(
            editor,
            event_id,
            {"start": start, "end": end},
            expected_version,
            gesture=("drag", drag_id),
            text="Move event",
        )

    def id(self) -> int:
        return MOVE_EVENT_ID


# -- rows other than events ---------------------------------------------------------------


class CreateRow(CaseCommand):
    """Create a source, citation, entity, tag or era; undo deletes it, redo restores it
    with the same id."""

    kind = ""
    label = ""
    create_op: ClassVar[Callable[..., ChangeSet]]  # the Case method that creates the row
    delete_op: ClassVar[Callable[[Case, int], ChangeSet]]  # ... and the one that deletes it

    def __init__(self, editor: CaseEditor, fields: dict[str, Any]) -> None:
        name = fields.get("name") or fields.get("title") or ""
        super().__init__(editor, f"Create {self.label} “{name}”" if name else f"Add {self.label}")
        self._fields = dict(fields)
        self.row_id = -1
        self._snapshot: RowSnapshot | None = None

    def _do(self) -> ChangeSet:
        changes = type(self).create_op(self.case, **self._fields)
        self.row_id = changes.created(self.kind)
        return changes

    def _undo(self) -> ChangeSet:
        snapshot = self.case.snapshot(self.kind, self.row_id)
        changes = type(self).delete_op(self.case, self.row_id)
        self._snapshot = snapshot
        return changes

    def _redo(self) -> ChangeSet:
        assert self._snapshot is not None
        return self.case.restore(self._snapshot)


class UpdateRow(CaseCommand):
    """Change fields of a source, citation, entity, tag or era; undo and redo put the row
    back to its snapshot before / after the change."""

    kind = ""
    label = ""
    update_op: ClassVar[Callable[..., ChangeSet]]  # the Case method that changes the row

    def __init__(self, editor: CaseEditor, row_id: int, fields: dict[str, Any]) -> None:
        super().__init__(editor, f"Edit {self.label}")
        self.row_id = row_id
        self._fields = dict(fields)
        self._before: RowSnapshot | None = None
        self._after: RowSnapshot | None = None

    def _snapshot(self) -> RowSnapshot:
        return cast(RowSnapshot, self.case.snapshot(self.kind, self.row_id))

    def _do(self) -> ChangeSet:
        before = self._snapshot()
        changes = type(self).update_op(self.case, self.row_id, **self._fields)
        self._before, self._after = before, self._snapshot()
        return changes

    def _undo(self) -> ChangeSet:
        assert self._before is not None
        return self.case.replace(self._before)

    def _redo(self) -> ChangeSet:
        assert self._after is not None
        return self.case.replace(self._after)


class DeleteRow(CaseCommand):
    """Delete a source, citation, entity, tag or era; undo restores it with the same id
    (and, for entities and tags, the event links the delete took with it)."""

    kind = ""
    label = ""
    delete_op: ClassVar[Callable[[Case, int], ChangeSet]]  # the Case method that deletes it

    def __init__(self, editor: CaseEditor, row_id: int) -> None:
        super().__init__(editor, f"Delete {self.label}")
        self.row_id = row_id
        self._snapshot: RowSnapshot | None = None

    def _do(self) -> ChangeSet:
        snapshot = self.case.snapshot(self.kind, self.row_id)
        changes = type(self).delete_op(self.case, self.row_id)
        self._snapshot = cast(RowSnapshot, snapshot)
        return changes

    def _undo(self) -> ChangeSet:
        assert self._snapshot is not None
        return self.case.restore(self._snapshot)


class MergeRows(CaseCommand):
    """Merge two entities or two tags; undo re-creates the dropped one with its links."""

    kind = ""
    label = ""

    def __init__(self, editor: CaseEditor, keep_id: int, drop_id: int) -> None:
        super().__init__(editor, f"Merge {self.kind_plural}")
        self.keep_id, self.drop_id = keep_id, drop_id
        self._keep: RowSnapshot | None = None
        self._drop: RowSnapshot | None = None

    def _do(self) -> ChangeSet:
        keep = self.case.snapshot(self.kind, self.keep_id)
        drop = self.case.snapshot(self.kind, self.drop_id)
        changes = self.case.merge(self.kind, self.keep_id, self.drop_id)
        self._keep, self._drop = cast(RowSnapshot, keep), cast(RowSnapshot, drop)
        return changes

    def _undo(self) -> ChangeSet:
        assert self._keep is not None and self._drop is not None
        return self.case.unmerge(self.kind, keep=self._keep, drop=self._drop)

    @property
    def kind_plural(self) -> str:
        return "entities" if self.kind == "entity" else f"{self.kind}s"


class AddCitation(CreateRow):
    kind, label = "citation", "citation"
    create_op, delete_op = Case.add_citation, Case.remove_citation


class UpdateCitation(UpdateRow):
    kind, label = "citation", "citation"
    update_op = Case.update_citation


class RemoveCitation(DeleteRow):
    kind, label = "citation", "citation"
    delete_op = Case.remove_citation


class CreateSource(CreateRow):
    kind, label = "source", "source"
    create_op, delete_op = Case.create_source, Case.delete_source


class UpdateSource(UpdateRow):
    kind, label = "source", "source"
    update_op = Case.update_source


class DeleteSource(DeleteRow):
    kind, label = "source", "source"
    delete_op = Case.delete_source


class CreateEntity(CreateRow):
    kind, label = "entity", "entity"
    create_op, delete_op = Case.create_entity, Case.delete_entity


class _Rename(UpdateRow):
    def __init__(self, editor: CaseEditor, row_id: int, name: str) -> None:
        super().__init__(editor, row_id, {"name": name})
        self.setText(f"Rename {self.label} to “{name}”")


class _Recolour(UpdateRow):
    def __init__(self, editor: CaseEditor, row_id: int, colour: str) -> None:
        super().__init__(editor, row_id, {"colour": colour})
        self.setText(f"Recolour {self.label}")


class RenameEntity(_Rename):
    kind, label = "entity", "entity"
    update_op = Case.update_entity


class RecolourEntity(_Recolour):
    kind, label = "entity", "entity"
    update_op = Case.update_entity


class DeleteEntity(DeleteRow):
    kind, label = "entity", "entity"
    delete_op = Case.delete_entity


class MergeEntities(MergeRows):
    kind, label = "entity", "entity"


class CreateTag(CreateRow):
    kind, label = "tag", "tag"
    create_op, delete_op = Case.create_tag, Case.delete_tag


class RenameTag(_Rename):
    kind, label = "tag", "tag"
    update_op = Case.update_tag


class RecolourTag(_Recolour):
    kind, label = "tag", "tag"
    update_op = Case.update_tag


class DeleteTag(DeleteRow):
    kind, label = "tag", "tag"
    delete_op = Case.delete_tag


class MergeTags(MergeRows):
    kind, label = "tag", "tag"


class CreateEra(CreateRow):
    kind, label = "era", "era"
    create_op, delete_op = Case.create_era, Case.delete_era


class UpdateEra(UpdateRow):
    kind, label = "era", "era"
    update_op = Case.update_era


class RenameEra(_Rename):
    kind, label = "era", "era"
    update_op = Case.update_era


class RecolourEra(_Recolour):
    kind, label = "era", "era"
    update_op = Case.update_era


class DeleteEra(DeleteRow):
    kind, label = "era", "era"
    delete_op = Case.delete_era


class FormSave(CaseCommand):
    """An event form's save (fields, tags, links and citations), written as one transaction
    before this command is pushed. Undo and redo swap the whole event between its states
    before and after, each swap again one transaction, so a form's save is one step that is
    always whole or absent."""

    def __init__(
        self,
        editor: CaseEditor,
        text: str,
        *,
        before: EventSnapshot | None,
        after: EventSnapshot,
        changes: ChangeSet,
    ) -> None:
        super().__init__(editor, text)
        self.event_id = after.id
        self._before = before
        self._after = after
        self._changes = changes
        self._created_tags = changes.ids("tag", "create")
        editor.note_version(after.id, after.version)

    def _swap(self, target: EventSnapshot | None, drop_tags: tuple[int, ...]) -> ChangeSet:
        with self.case.batch() as batch:
            self.case.delete_event(
                self.event_id,
                expected_version=self._editor.known_version(self.event_id),
                drop_tags=drop_tags,
            )
            if target is not None:
                self.case.restore(target)
        if target is not None:
            self._editor.note_version(self.event_id, target.version + 1)
        return batch.changes

    def _do(self) -> ChangeSet:
        return self._changes  # already written by the form's transaction

    def _undo(self) -> ChangeSet:
        return self._swap(self._before, self._created_tags)

    def _redo(self) -> ChangeSet:
        assert self._before is not None or self._after is not None
        if self._before is None:  # a new event: bring it back
            changes = self.case.restore(self._after)
            self._editor.note_version(self.event_id, self._after.version + 1)
            return changes
        return self._swap(self._after, ())
