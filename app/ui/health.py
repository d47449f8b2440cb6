"""The case's health check (integrity, audit chain, search index, file hashes), run as a
background job so a large case never freezes the window."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.store.case import Case
from app.store.files import linked_file_state
from app.ui.jobs import Job, JobRunner, Reporter


def check_case(case: Case, _reporter: Reporter | None = None) -> list[str]:
    """The problems :meth:`Case.check` finds (with linked files hashed); a check that cannot
    finish (a closed or vanished case) is itself reported as a problem."""
    try:
        return case.check(verify_file=lambda source: linked_file_state(source, case.path)[1])
    except Exception as error:
        return [f"the check could not finish ({error})"]


class HealthCheck(QObject):
    """One health check of ``case``; ``done(problems)`` on the interface thread."""

    done = Signal(list)

    def __init__(self, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.runner = JobRunner(parent)
        self.job: Job | None = None

    def start(self) -> Job:
        case = self.case
        self.job = self.runner.start(
            lambda reporter: check_case(case, reporter),
            title="Health check",
            progress=False,
            cancellable=False,
            on_finished=self._finished,
        )
        return self.job

    def _finished(self, problems: list[str]) -> None:
        self.done.emit(problems)
