"""The case's health check (integrity, audit chain, search index, file hashes), run as a
background job so a large case never freezes the window.

The check runs in steps (:mod:`app.store.checking`) and gives way between them while a search
or an edit runs (:mod:`app.store.interactive`), so it never competes with them for the
interpreter; it stops at its next step when its case closes (:mod:`app.ui.case_closing`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app.domain.records import SourceRecord
from app.store.case import Case
from app.store.files import linked_file_state
from app.store.interactive import INTERACTIVE, Stopped
from app.store.sqlite.connect import settle_file
from app.ui.case_closing import when_closing
from app.ui.jobs import Cancelled, Job, JobRunner, Reporter
from app.ui.text import plain_tooltip

CHECK_DELAY_MS = 400  # after the first paint


def check_case(case: Case, reporter: Reporter | None = None) -> list[str]:
    """The problems :meth:`Case.check` finds (with linked files hashed); a check that cannot
    finish (a closed or vanished case) is itself reported as a problem. Between its steps it
    waits while interactive work runs, and it ends (:class:`Cancelled`) once the job is
    cancelled."""

    def stopped() -> bool:
        return reporter is not None and reporter.cancelled

    def verify_file(source: SourceRecord) -> str | None:
        if stopped():  # the window waits for the check: no further file is hashed
            raise Stopped
        return linked_file_state(source, case.path)[1]

    try:
        if not case.read_only and isinstance(case.path, Path):
            settle_file(case.path)  # a freshly copied case: its first edit syncs only itself
        # the file's own integrity was checked when it was opened; scanning it again here
        # would hold a read transaction for seconds on a large case, and every edit made
        # meanwhile would wait for it (``casetrail check`` does the full scan)
        return case.check(
            verify_file=verify_file,
            database=False,
            give_way=lambda: INTERACTIVE.give_way(stopped),
        )
    except Stopped:
        raise Cancelled from None
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

    def stop(self) -> None:
        """Stop the check and wait for its thread: marked as interactive work, the wait
        interrupts the step running, and the check then ends instead of running it again."""
        job = self.job
        if job is not None:
            job.cancel()
            with INTERACTIVE.running():
                job.wait()

    def _finished(self, problems: list[str]) -> None:
        self.done.emit(problems)


class HealthStatus(QObject):
    """The open case's health as the status bar shows it: ``text`` ("health: ok", "health:
    checking…", "health: 2 problem(s)") and ``tooltip``, ``changed`` when they change. Each
    case is checked once, shortly after it is shown; a result for a case no longer shown is
    dropped."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self.case: Case | None = None
        self.text = "health: not checked"
        self.tooltip = ""
        self.check: HealthCheck | None = None
        self._timer = QTimer(self)  # owned, so it dies with the window it serves
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self._start)

    def follow(self, case: Case | None) -> None:
        """Check ``case`` soon (None: nothing to check); a check still running stops."""
        self._stop()
        self.case = case
        self.text, self.tooltip = ("health: checking\u2026" if case else "health: not checked"), ""
        if case is not None:
            when_closing(case, lambda: self._closing(case))
            self._timer.start()
        self.changed.emit()

    def _closing(self, case: Case) -> None:
        if self.case is case:
            self._stop()
            self.case = None  # nothing of it is checked any more

    def _stop(self) -> None:
        self._timer.stop()
        check, self.check = self.check, None
        if check is not None:
            check.stop()

    def _start(self) -> None:
        case = self.case
        if case is None:  # closed before the deferred check began
            return
        self.check = HealthCheck(case, self._parent)
        self.check.done.connect(lambda problems: self._done(case, problems))
        self.check.start()

    def _done(self, case: Case, problems: list[str]) -> None:
        if self.case is not case:
            return
        if problems:
            self.text = f"health: {len(problems)} problem(s)"
            self.tooltip = plain_tooltip("\n".join(problems[:20]))
        else:
            self.text = "health: ok"
            self.tooltip = (
                "Audit chain, search index and file hashes: ok "
                "(the file's own integrity was checked when it was opened)"
            )
        self.changed.emit()
