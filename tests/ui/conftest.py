"""Widget tests never block on a modal dialog: message boxes and dialogs that a test did not
expect are recorded and answered at once, so a surprise shows up as a failed assertion, not
as a hung test run."""

from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog, QMessageBox


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
