"""A process killed in the middle of a large write leaves a healthy case: the write is whole
or absent, never half there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.store.case import Case

# The marker is written under another name and renamed into place, so the test never reads a
# half-written one: it is absent, "writing" or "committed".
WRITER = textwrap.dedent("""
    import os
    import sys
    from pathlib import Path
    from app.domain.dates import FuzzyDate
    from app.store.case import Case

    case = Case.open(sys.argv[1])
    marker = Path(sys.argv[2])

    def mark(text):
        part = marker.with_name(marker.name + ".part")
        part.write_text(text)
        os.replace(part, marker)

    year = FuzzyDate.parse("2015")
    with case.batch():
        for i in range(200_000):
            case.create_event(title=f"bulk event {i}", start=year, tags=["bulk"])
            if i == 300:
                mark("writing")
    mark("committed")
""")


DELAYS = (0.0, 0.4, 1.2)


@dataclass
class Crash:
    """One writer killed DELAY seconds after it was halfway through its write."""

    path: Path
    base: int  # the event written before the crash
    seen: str = ""  # the marker when it first appeared ("" if it never did)
    at_kill: str = ""  # the marker once the writer was killed
    check: subprocess.CompletedProcess[str] | None = None  # ``app check`` run afterwards


@pytest.fixture(scope="module")
def crashes(tmp_path_factory: pytest.TempPathFactory, case_templates) -> dict[float, Crash]:  # type: ignore[no-untyped-def]
    """The crash for each delay. They share nothing (each has its own case, writer and
    checker), so they run at the same time rather than one after another."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    crashes: dict[float, Crash] = {}
    markers: dict[float, Path] = {}
    writers: dict[float, subprocess.Popen[bytes]] = {}
    for delay in DELAYS:
        folder = tmp_path_factory.mktemp("crash")
        path = case_templates.copy(case_templates.empty(), folder / "test.case")
        with Case.open(path) as case:
            base = case.create_event(title="before the crash").created("event")
        crashes[delay], markers[delay] = Crash(path, base), folder / "marker"
        writers[delay] = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(markers[delay])], env=env
        )
    kill_at: dict[float, float] = {}
    deadline = time.monotonic() + 60
    try:
        while writers and time.monotonic() < deadline:
            now = time.monotonic()
            for delay, child in list(writers.items()):
                if delay not in kill_at:
                    if markers[delay].exists():
                        crashes[delay].seen = markers[delay].read_text()
                        kill_at[delay] = now + delay
                    elif child.poll() is not None:  # ended without reaching the middle
                        del writers[delay]
                        continue
                if delay in kill_at and now >= kill_at[delay]:
                    child.send_signal(signal.SIGKILL)
                    child.wait()
                    crashes[delay].at_kill = markers[delay].read_text()
                    del writers[delay]
            time.sleep(0.01)
    finally:
        for child in writers.values():  # still running at the deadline
            child.kill()
            child.wait()
    checkers = {
        delay: subprocess.Popen(
            [sys.executable, "-m", "app", "check", str(crash.path)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for delay, crash in crashes.items()
    }
    for delay, checker in checkers.items():
        out, err = checker.communicate()
        crashes[delay].check = subprocess.CompletedProcess(
            checker.args, checker.returncode, out, err
        )
    return crashes


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("delay", DELAYS)
def test_sigkill_mid_write_leaves_whole_or_absent(
    crashes: dict[float, Crash], delay: float
) -> None:
    crash = crashes[delay]
    assert crash.seen, "the writer did not reach the middle of its write"
    assert crash.seen == "writing", "the write finished before the kill"
    assert crash.at_kill == "writing", "the write finished before the kill"

    result = crash.check
    assert result is not None and result.returncode == 0, result
    with Case.open(crash.path) as case:
        stats = case.stats()
        assert stats.events == 1 and case.event(crash.base).title == "before the crash"
        assert stats.tags == 0
        assert case.check() == []
