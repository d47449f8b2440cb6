"""One runner for every background task of the interface: import, import preview, export,
file hashing and the health check.

``JobRunner(parent).start(fn, title=...)`` runs ``fn(reporter)`` in its own ``QThread`` and
returns a :class:`Job`. ``fn`` reports progress and asks whether to stop through the
:class:`Reporter` it is handed; whatever it returns arrives as ``Job.finished(result)``, an
exception as ``Job.failed(error)``, and a job cancelled with :meth:`Job.cancel` ends with
``Job.cancelled()`` instead (its result, if any, is dropped). ``Job.ended()`` comes last of
all, once the thread has stopped.

Delivery is race-free by construction: the thread's own signals are connected to the job
before the thread starts, and the job re-emits them on the interface thread through queued
connections. So no result can arrive before the code that called :meth:`JobRunner.start`
has returned to the event loop; handlers passed to ``start`` (``on_finished=...``) are
connected before the thread starts, and handlers connected right after ``start`` returns
are just as safe. Every public signal of a job is emitted on the interface thread.

A running job is kept alive until its thread has ended, even when the widget that started
it is closed, and the application waits for running jobs before it quits. Once it is
quitting (``aboutToQuit``), a job asked to start does not start: it ends at once as
cancelled, since no thread may still run when the application's objects are destroyed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QProgressDialog, QPushButton, QWidget
from shiboken6 import isValid

__all__ = ["Cancelled", "Job", "JobRunner", "Reporter"]


class Cancelled(Exception):
    """Raised by :meth:`Reporter.check` in a job that was asked to stop."""


class Reporter:
    """What a job's function is handed: progress reports and the question "should I stop?".

    Calling it as ``reporter(done, total)`` reports progress and returns false once the job
    was cancelled (the shape of the progress callbacks in ``app.store``).
    """

    def __init__(self, thread: _JobThread, stop: threading.Event) -> None:
        self._thread = thread
        self._stop = stop

    def progress(self, done: int, total: int) -> None:
        self._thread.progressed.emit(int(done), int(total))

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the job was asked to stop."""
        if self._stop.is_set():
            raise Cancelled

    def __call__(self, done: int, total: int) -> bool:
        self.progress(done, total)
        return not self._stop.is_set()


class _JobThread(QThread):
    """Runs the function; its signals are emitted from the worker thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    raised = Signal(object)

    def __init__(self, fn: Callable[[Reporter], Any], stop: threading.Event) -> None:
        super().__init__()
        self._fn = fn
        self.reporter = Reporter(self, stop)

    def run(self) -> None:
        try:
            result = self._fn(self.reporter)
        except BaseException as error:  # reported to the interface thread, never lost
            self.raised.emit(error)
        else:
            self.succeeded.emit(result)


class _Progress(QProgressDialog):
    """A busy dialog that cannot be closed while ``closable`` is false."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.closable = True
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        self.setLabel(label)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.closable:
            super().closeEvent(event)
        else:
            event.ignore()

    def reject(self) -> None:  # Escape
        if self.closable:
            super().reject()


_alive: set[Job] = set()  # running jobs, kept until their thread has ended
_hooked: set[int] = set()  # the applications whose aboutToQuit closes the jobs down
_quitting = False  # the application is quitting: no job starts any more


def wait_for_all(msecs: int = 60000) -> bool:
    """Wait for every running job's thread to end (closing down; tests)."""
    return all(job.wait(msecs) for job in list(_alive))


def _closing_down() -> None:
    """At ``aboutToQuit``: no job starts from now on; running ones are asked to stop and
    waited for (a job that does not check for cancelling is waited for until it ends)."""
    global _quitting
    _quitting = True
    for job in list(_alive):
        job.cancel()
    for job in list(_alive):
        job.wait(None)


def _hook_quit() -> None:
    """Close the jobs down when the application quits (hooked once per application, by
    every runner made, so before any of its jobs can start)."""
    app = QCoreApplication.instance()
    if app is not None and id(app) not in _hooked:
        _hooked.add(id(app))
        app.aboutToQuit.connect(_closing_down)


class Job(QObject):
    """One function run in its own thread; see the module docstring for the signals."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    ended = Signal()

    def __init__(
        self,
        fn: Callable[[Reporter], Any],
        *,
        title: str,
        progress: _Progress | None = None,
        wait_on_cancel: bool = False,
        stopping: str = "Stopping\u2026",
    ) -> None:
        super().__init__()
        self.title = title
        self.progress = progress
        self.wait_on_cancel = wait_on_cancel
        self.stopping = stopping
        self.running = False
        self.was_cancelled = False
        self._stop = threading.Event()
        self._thread = _JobThread(fn, self._stop)
        queued = Qt.ConnectionType.QueuedConnection
        self._thread.progressed.connect(self._on_progress, queued)
        self._thread.succeeded.connect(self._on_succeeded, queued)
        self._thread.raised.connect(self._on_raised, queued)
        self._thread.finished.connect(self._on_thread_finished, queued)
        if progress is not None and progress.closable:
            progress.canceled.connect(self.cancel)

    def start(self) -> None:
        """Start the thread (the runner does, once the handlers are connected)."""
        if self.running or self._thread.isFinished():
            raise RuntimeError("a job runs once")
        _hook_quit()
        if _quitting:  # too late to start a thread: it would outlive the application
            self.was_cancelled = True
            self._close_progress()
            return
        _alive.add(self)
        self.running = True
        if self.progress is not None:
            self.progress.show()
        self._thread.start()

    @Slot()
    def cancel(self) -> None:
        """Ask the function to stop; ``cancelled`` follows once its thread has ended."""
        if not self.running or self.was_cancelled:
            return
        self.was_cancelled = True
        self._stop.set()
        progress = self.progress
        if progress is None or not isValid(progress):
            return
        if self.wait_on_cancel:
            # QProgressDialog hides itself on Cancel: show it again until the thread ends.
            progress.closable = False
            for button in progress.findChildren(QPushButton):
                button.setEnabled(False)
            progress.setLabelText(self.stopping)
            progress.show()
        else:
            self._close_progress()

    def wait(self, msecs: int | None = 30000) -> bool:
        """Block until the thread has ended, for at most ``msecs`` (None: however long it
        takes; closing down, tests). Results still arrive through the event loop afterwards."""
        return self._thread.wait() if msecs is None else self._thread.wait(msecs)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self.was_cancelled:
            return
        self.progressed.emit(done, total)
        progress = self.progress
        if progress is not None and isValid(progress) and total > 0:
            # (a modal QProgressDialog handles pending events inside setValue)
            progress.setRange(0, 1000)
            progress.setValue(int(1000 * done / total))

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        if not self.was_cancelled:
            self._close_progress()
            self.finished.emit(result)

    @Slot(object)
    def _on_raised(self, error: object) -> None:
        if not self.was_cancelled:
            self._close_progress()
            self.failed.emit(error)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._thread.wait()  # "finished" is emitted just before the thread has quite ended
        self.running = False
        self._close_progress()
        if self.was_cancelled:
            self.cancelled.emit()
        progress, self.progress = self.progress, None
        if progress is not None and isValid(progress):
            progress.deleteLater()
        self.ended.emit()
        # let go of the job from the event loop, not from inside its own slot
        QTimer.singleShot(0, partial(_alive.discard, self))

    def _close_progress(self) -> None:
        progress = self.progress
        if progress is None or not isValid(progress):
            return
        progress.closable = True
        progress.hide()


class JobRunner(QObject):
    """Starts jobs for one part of the interface and knows which of them still run."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._widget = parent
        self._jobs: set[Job] = set()
        _hook_quit()

    def start(
        self,
        fn: Callable[[Reporter], Any],
        *,
        title: str,
        label: str = "",
        progress: bool = True,
        cancellable: bool = True,
        note: str = "",
        wait_on_cancel: bool = False,
        stopping: str = "Stopping\u2026",
        modality: Qt.WindowModality = Qt.WindowModality.WindowModal,
        on_progress: Callable[[int, int], Any] | None = None,
        on_finished: Callable[[Any], Any] | None = None,
        on_failed: Callable[[Any], Any] | None = None,
        on_cancelled: Callable[[], Any] | None = None,
    ) -> Job:
        """Run ``fn(reporter)`` in a new thread and return its job.

        ``progress`` shows a progress dialog (title, label and ``note``) over the parent
        widget until the job ends; ``cancellable=False`` gives it no Cancel button. With
        ``wait_on_cancel`` a cancelled job keeps the dialog up (``stopping``) until its
        thread ends, for work that holds the case. The ``on_*`` handlers are connected
        before the thread starts.
        """
        dialog = None
        if progress:
            dialog = _Progress(self._widget)
            dialog.setWindowTitle(title)
            dialog.setLabelText(f"{label}\n\n{note}" if note else label or title)
            dialog.setRange(0, 0)  # busy until the first progress report
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setWindowModality(modality)
            if not cancellable:
                dialog.setCancelButton(None)  # type: ignore[arg-type]
                dialog.closable = False
        job = Job(
            fn, title=title, progress=dialog, wait_on_cancel=wait_on_cancel, stopping=stopping
        )
        for signal, handler in (
            (job.progressed, on_progress),
            (job.finished, on_finished),
            (job.failed, on_failed),
            (job.cancelled, on_cancelled),
        ):
            if handler is not None:
                signal.connect(handler)
        self._jobs.add(job)
        job.ended.connect(self._forget)
        job.start()
        return job

    @Slot()
    def _forget(self) -> None:
        self._jobs.discard(self.sender())  # type: ignore[arg-type]

    @property
    def busy(self) -> bool:
        return any(job.running for job in self._jobs)

    def jobs(self) -> list[Job]:
        return list(self._jobs)

    def wait(self, msecs: int = 60000) -> bool:
        """Wait for the threads of this runner's jobs to end (closing down; tests)."""
        return all(job.wait(msecs) for job in list(self._jobs))
