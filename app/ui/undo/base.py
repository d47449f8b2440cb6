"""The base of every undo command: one Case mutation per redo and per undo.

Each command holds ids, field values and snapshots (``app.domain.records.EventSnapshot`` /
``RowSnapshot``), never widgets. Its first ``redo()`` (run by ``QUndoStack.push``) performs
the edit; ``undo()`` puts the case back exactly (same ids, links, citations and positions);
a later ``redo()`` re-applies it, re-creating a created row with the same id through the
Case's restore methods. Each ``redo()`` and ``undo()`` calls exactly one Case mutation
(plus reads such as snapshots), so each is one transaction with its audit rows.

When a mutation raises (a conflict, a read-only case, a validation error), the command
makes itself obsolete, so ``QUndoStack`` drops it instead of recording a step that did not
happen, the case is unchanged, and the command reports the error to its
:class:`~app.ui.undo.controller.UndoController`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from app.domain.records import ChangeSet
from app.store.case import Case

if TYPE_CHECKING:
    from app.ui.undo.controller import UndoController


class CaseCommand(QUndoCommand):
    """Runs one Case mutation per redo/undo and reports it through the controller.

    Subclasses give ``_do`` (the first redo), ``_undo`` and, if a repeated redo differs
    from the first one, ``_redo``; each returns the mutation's change set.
    """

    def __init__(self, controller: UndoController, text: str) -> None:
        super().__init__(text)
        self._controller = controller
        self._done = False

    @property
    def case(self) -> Case:
        return self._controller.case

    def redo(self) -> None:
        self._run(self._redo if self._done else self._do)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step: Any) -> None:
        try:
            changes = step()
        except Exception as error:  # noqa: BLE001 - never let an error through Qt's stack
            self.setObsolete(True)
            self._controller.report(error)
            return
        self._done = True
        self._controller.announce(changes)

    def _do(self) -> ChangeSet:
        raise NotImplementedError

    def _undo(self) -> ChangeSet:
        raise NotImplementedError

    def _redo(self) -> ChangeSet:
        return self._do()
