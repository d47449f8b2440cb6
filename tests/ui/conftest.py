"""Widget tests never block on a modal dialog: message boxes and dialogs that a test did not
expect are recorded and answered at once, so a surprise shows up as a failed assertion, not
as a hung test run. The main window for a test comes from ``window`` or ``make_window``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog, QMessageBox

if TYPE_CHECKING:
    from app.store.case import Case
    from app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []

    def record(kind: str, answer: object):  # type: ignore[no-untyped-def]
        def box(_parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            shown.append((kind, f"{title}: {text}"))
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "warning", record("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(
        QMessageBox, "information", record("information", QMessageBox.StandardButton.Ok)
    )
    monkeypatch.setattr(QMessageBox, "critical", record("critical", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.No))

    def exec_box(self: QMessageBox) -> int:
        shown.append(("box", f"{self.windowTitle()}: {self.text()}"))
        return int(QMessageBox.StandardButton.Cancel.value)

    def exec_dialog(self: QDialog) -> int:
        shown.append(("dialog", self.windowTitle()))
        return int(QDialog.DialogCode.Rejected.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    monkeypatch.setattr(QDialog, "exec", exec_dialog)
    monkeypatch.setattr(QPrintDialog, "exec", exec_dialog)
    return shown


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path) -> None:
    """Window settings (layout, recent cases) go to the test's own folder, never the user's."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


@pytest.fixture
def make_window(qtbot) -> Iterator[Callable[[Case | None], MainWindow]]:  # type: ignore[no-untyped-def]
    """A factory: ``make_window(case)`` is a shown main window (1300 x 850) on CASE that does
    not remember its layout. After the test, its import and export jobs are waited for."""
    from app.ui.main_window import MainWindow

    made: list[MainWindow] = []

    def make(case: Case | None) -> MainWindow:
        window = MainWindow(case, remember_layout=False)
        qtbot.addWidget(window)
        window.resize(1300, 850)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.importing.wait()
        window.exporting.wait()
        window.exhibits.wait()


@pytest.fixture
def window(make_window: Callable[[Case | None], MainWindow], demo_case: Case) -> MainWindow:
    """The main window on the demo case."""
    return make_window(demo_case)
