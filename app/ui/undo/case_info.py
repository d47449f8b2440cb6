"""Undo for the case's own settings (its date settings: time zone, hemisphere, day-first)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.domain.records import ChangeSet
from app.ui.undo.base import CaseCommand

if TYPE_CHECKING:
    from app.ui.undo.controller import UndoController


class CaseInfoEdit(CaseCommand):
    """Sets case settings (``update_case_info`` keywords); undo puts the old values back."""

    def __init__(
        self, controller: UndoController, old: dict[str, Any], new: dict[str, Any]
    ) -> None:
        super().__init__(controller, "Change date settings")
        self._old, self._new = old, new

    def _do(self) -> ChangeSet:
        return self.case.update_case_info(**self._new)

    def _undo(self) -> ChangeSet:
        return self.case.update_case_info(**self._old)
