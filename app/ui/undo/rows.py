"""Undo commands for rows other than events: the generic create, update, delete and merge
commands (citations use them too), and those for sources, entities, tags and eras (create,
update, rename, recolour, delete, merge)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from app.domain.records import ChangeSet, RowSnapshot
from app.store.case import Case
from app.ui.undo.base import CaseCommand

if TYPE_CHECKING:
    from app.ui.undo.controller import UndoController


class CreateRow(CaseCommand):
    """Create a source, citation, entity, tag or era; undo deletes it, redo restores it
    with the same id."""

    kind = ""
    label = ""
    create_op: ClassVar[Callable[..., ChangeSet]]  # the Case method that creates the row
    delete_op: ClassVar[Callable[[Case, int], ChangeSet]]  # ... and the one that deletes it

    def __init__(self, controller: UndoController, fields: dict[str, Any]) -> None:
        name = fields.get("name") or fields.get("title") or ""
        super().__init__(
            controller, f"Create {self.label} “{name}”" if name else f"Add {self.label}"
        )
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

    def __init__(self, controller: UndoController, row_id: int, fields: dict[str, Any]) -> None:
        super().__init__(controller, f"Edit {self.label}")
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

    def __init__(self, controller: UndoController, row_id: int) -> None:
        super().__init__(controller, f"Delete {self.label}")
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

    def __init__(self, controller: UndoController, keep_id: int, drop_id: int) -> None:
        super().__init__(controller, f"Merge {self.kind_plural}")
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
    def __init__(self, controller: UndoController, row_id: int, name: str) -> None:
        super().__init__(controller, row_id, {"name": name})
        self.setText(f"Rename {self.label} to “{name}”")


class _Recolour(UpdateRow):
    def __init__(self, controller: UndoController, row_id: int, colour: str) -> None:
        super().__init__(controller, row_id, {"colour": colour})
        self.setText(f"Recolour {self.label}")


class RenameEntity(_Rename):
    kind, label = "entity", "entity"
    update_op = Case.update_entity


class RecolourEntity(_Recolour):
    kind, label = "entity", "entity"
    update_op = Case.update_entity


class PseudonymEntity(UpdateRow):
    """Give an entity a pseudonym (or take it away: "")."""

    kind, label = "entity", "entity"
    update_op = Case.update_entity

    def __init__(self, controller: UndoController, row_id: int, pseudonym: str) -> None:
        super().__init__(controller, row_id, {"pseudonym": pseudonym})
        self.setText(f"Pseudonym \u201c{pseudonym}\u201d" if pseudonym else "Remove pseudonym")


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
