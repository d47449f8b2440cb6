"""The job runner: results, errors, progress and cancel arrive on the interface thread, and
nothing a job reports is lost however fast it ends."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from app.ui.jobs import Cancelled, JobRunner, Reporter

TIMEOUT = 10_000


@pytest.fixture
def runner(qtbot) -> JobRunner:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = JobRunner(parent)
    yield runner
    assert runner.wait()


def test_result_arrives_on_the_interface_thread(qtbot, runner: JobRunner) -> None:
    threads: list[bool] = []
    job = runner.start(
        lambda reporter: threading.current_thread() is threading.main_thread(),
        title="Work",
        progress=False,
    )
    job.finished.connect(
        lambda result: threads.append(threading.current_thread() is threading.main_thread())
    )
    with qtbot.waitSignal(job.ended, timeout=TIMEOUT):
        pass
    assert threads == [True]
    assert not runner.busy and runner.jobs() == []  # an ended job is let go


def test_handlers_connected_after_the_thread_ended_still_get_the_result(
    qtbot, runner: JobRunner
) -> None:
    results: list[object] = []
    for i in range(200):
        job = runner.start(lambda _r, i=i: i, title="Quick", progress=False)
        assert job.wait(TIMEOUT)  # the function has returned before anything is connected
        job.finished.connect(results.append)
    qtbot.waitUntil(lambda: len(results) == 200, timeout=TIMEOUT)
    assert sorted(results) == list(range(200))


def test_handlers_given_to_start_are_connected_before_it_runs(qtbot, runner: JobRunner) -> None:
    seen: list[object] = []
    for i in range(100):
        runner.start(
            lambda _r, i=i: i,
            title="Quick",
            progress=False,
            on_finished=seen.append,
            on_failed=lambda e: seen.append(("failed", e)),
        )
    qtbot.waitUntil(lambda: len(seen) == 100, timeout=TIMEOUT)
    assert sorted(seen) == list(range(100))  # type: ignore[type-var]


def test_progress_and_failure(qtbot, runner: JobRunner) -> None:
    progress: list[tuple[int, int]] = []

    def work(reporter: Reporter) -> None:
        for done in range(1, 4):
            reporter.progress(done, 3)
        raise ValueError("bad row")

    job = runner.start(
        work, title="Work", label="Working", on_progress=lambda d, t: progress.append((d, t))
    )
    with qtbot.waitSignal(job.failed, timeout=TIMEOUT) as blocker:
        pass
    assert isinstance(blocker.args[0], ValueError)
    assert progress == [(1, 3), (2, 3), (3, 3)]
    qtbot.waitUntil(lambda: not runner.busy, timeout=TIMEOUT)


def test_cancel_stops_the_function_and_drops_its_result(qtbot, runner: JobRunner) -> None:
    started = threading.Event()
    finished: list[object] = []

    def work(reporter: Reporter) -> str:
        started.set()
        while True:
            reporter.check()
            threading.Event().wait(0.005)

    job = runner.start(work, title="Long", on_finished=finished.append)
    assert job.progress is not None and job.progress.isVisible()
    assert started.wait(5)
    with qtbot.waitSignal(job.cancelled, timeout=TIMEOUT):
        job.progress.canceled.emit()  # the Cancel button
    assert finished == [] and job.was_cancelled
    qtbot.waitUntil(lambda: not runner.busy, timeout=TIMEOUT)


def test_reporter_as_a_callback_says_whether_to_go_on(qtbot, runner: JobRunner) -> None:
    answers: list[bool] = []
    gate = threading.Event()

    def work(reporter: Reporter) -> None:
        answers.append(reporter(1, 2))
        gate.wait(5)
        answers.append(reporter(2, 2))
        if reporter.cancelled:
            raise Cancelled

    job = runner.start(work, title="Callback", progress=False)
    qtbot.waitUntil(lambda: bool(answers), timeout=TIMEOUT)
    job.cancel()
    gate.set()
    with qtbot.waitSignal(job.ended, timeout=TIMEOUT):
        pass
    assert answers == [True, False]


def test_a_job_that_cannot_be_cancelled_keeps_its_dialog(qtbot, runner: JobRunner) -> None:
    gate = threading.Event()
    job = runner.start(lambda _r: gate.wait(5), title="Import", cancellable=False, note="why")
    assert job.progress is not None
    assert "why" in job.progress.labelText()
    job.progress.close()
    job.progress.reject()
    assert job.progress.isVisible()
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        gate.set()


QUITTING = """
import sys, threading, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.ui.jobs import JobRunner

app = QApplication([])
runner = JobRunner()
release = threading.Event()
started = []

def slow(reporter):
    started.append(1)
    while not (release.is_set() or reporter.cancelled):
        time.sleep(0.01)
    return "done"

def late():  # a timer that fires while the application quits starts a job
    job = runner.start(lambda _r: time.sleep(0.5), title="late", progress=False)
    print("late", "cancelled" if job.was_cancelled else "started", flush=True)

running = runner.start(slow, title="running", progress=False)
app.aboutToQuit.connect(late)
QTimer.singleShot(0, app.quit)
app.exec()
print("stopped", running.wait(0), bool(started), flush=True)
"""


def test_quitting_stops_running_jobs_and_starts_none(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", QUITTING], cwd=tmp_path, env=env, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    # before: the late job's thread outlived the application ("QThread: Destroyed while
    # thread '' is still running", SIGABRT), and a running job was waited for 60 s at most
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["late cancelled", "stopped True True"]
