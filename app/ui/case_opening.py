"""Opening and creating cases from the window: File > Open, Open for Review, New Case and
the recent list all come here. A refusal is answered with what can be done instead: a newer
schema opens for review, a read-only file offers review, a schema Casetrail did not create
offers salvage into a new case, as does a case whose text does not read as UTF-8 (a hand edit)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from app.store.case import Case
from app.store.engine import CaseFileError, Mode, NewerSchemaError, SchemaMismatchError
from app.store.errors import ReadOnlyCaseError, is_undecodable
from app.ui.salvaging import CASE_FILTER, Salvaging
from app.ui.text import ask, show_message


def offer_review(parent: QWidget | None, error: CaseFileError) -> bool:
    """Say that the case cannot be written and offer to open it for review instead."""
    text = f"{error}\n\nIt can be opened for review: read, searched and exported, not changed."
    return ask(parent, "Casetrail", text, yes="Open for Review")


class CaseOpening(QObject):
    """Open, open for review and create cases for ``window``, showing them with
    ``set_case``; ``last_folder()`` is where the file dialogs start."""

    def __init__(
        self,
        window: QWidget,
        set_case: Callable[[Case | None], Any],
        last_folder: Callable[[], str],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.set_case = set_case
        self.last_folder = last_folder

    def open_path(self, path: str | os.PathLike[str], *, review: bool = False) -> bool:
        p = Path(path)
        try:
            case = Case.open(p, Mode.REVIEW if review else Mode.OPEN)
        except NewerSchemaError as error:
            show_message(
                self.window, "Casetrail", f"{error}\n\nIt is opened read-only.", kind="information"
            )
            return self.open_path(p, review=True)
        except SchemaMismatchError as error:  # refused unopened; salvage is offered
            return Salvaging(self.window, self.open_path).offer(p, error)
        except ReadOnlyCaseError as error:
            return offer_review(self.window, error) and self.open_path(p, review=True)
        except CaseFileError as error:
            show_message(self.window, "Casetrail", str(error))
            return False
        try:
            self.set_case(case)
        except Exception as error:
            if not is_undecodable(error):
                raise
            self.set_case(None)  # closes the case with its session
            case.close()
            return Salvaging(self.window, self.open_path).offer_damaged_text(p, error)
        return True

    def open_dialog(self, review: bool = False) -> None:
        title = "Open Case for Review" if review else "Open Case"
        name, _ = QFileDialog.getOpenFileName(self.window, title, self.last_folder(), CASE_FILTER)
        if name:
            self.open_path(name, review=review)

    def new_case(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.window, "New Case", self.last_folder(), CASE_FILTER
        )
        if not name:
            return
        path = Path(name if name.endswith(".case") else name + ".case")
        try:
            case = Case.create(path, title=path.stem)
        except (CaseFileError, ValueError) as error:
            show_message(self.window, "Casetrail", str(error))
            return
        self.set_case(case)
