"""A process killed in the middle of a large write leaves a healthy case: the write is whole
or absent, never half there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
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


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("delay", [0.0, 0.4, 1.2])
def test_sigkill_mid_write_leaves_whole_or_absent(
    new_case: Case, tmp_path: Path, delay: float
) -> None:
    base = new_case.create_event(title="before the crash").created("event")
    new_case.close()
    marker = tmp_path / "marker"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(new_case.path), str(marker)], env=env
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.01)
    assert marker.exists(), "the writer did not reach the middle of its write"
    assert marker.read_text() == "writing", "the write finished before the kill"
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert marker.read_text() == "writing", "the write finished before the kill"

    result = subprocess.run(
        [sys.executable, "-m", "app", "check", str(new_case.path)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with Case.open(new_case.path) as case:
        stats = case.stats()
        assert stats.events == 1 and case.event(base).title == "before the crash"
        assert stats.tags == 0
        assert case.check() == []
