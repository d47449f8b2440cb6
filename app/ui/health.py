"""The case's health check (integrity, audit chain, search index, file hashes), run off the
UI thread so a large case never freezes the window."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, Signal

from app.store.case import Case
from app.store.files import linked_file_state


class HealthSignals(QObject):
    done = Signal(list)


class HealthCheck(QRunnable):
    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self.signals = HealthSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            problems = self.case.check(
                verify_file=lambda source: linked_file_state(source, self.case.path)[1]
            )
        except Exception as error:  # a closed or vanished case must not kill the thread
            problems = [f"the check could not finish ({error})"]
        self.signals.done.emit(problems)
