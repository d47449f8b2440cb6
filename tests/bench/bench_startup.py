"""Benchmark: time to first paint, Casetrail on the demo case against an empty PySide6 window.

    python tests/bench/bench_startup.py [--runs 7]

Each run is a fresh process (offscreen), timed from launch until it prints that it painted;
the two are interleaved in one run and compared as medians. The demo case is written once
beforehand, so the figure is opening and showing a case, not building one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

EMPTY_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

class Window(QWidget):
    seen = False
    def paintEvent(self, event):
        if not self.seen:
            self.seen = True
            QTimer.singleShot(0, lambda: (print("painted", flush=True), app.quit()))

app = QApplication([])
w = Window()
w.resize(1320, 860)
w.show()
app.exec()
"""


def paint_run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from launch until ``cmd`` printed "painted", and its peak resident memory
    (MB) over its whole life."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    elapsed = None
    for line in proc.stdout:
        if line.strip() == "painted" and elapsed is None:
            elapsed = time.perf_counter() - t0
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if elapsed is None:
        raise RuntimeError(f"{cmd} never painted (exit status {proc.returncode})")
    return elapsed, usage.ru_maxrss / 1024


def time_to_paint(cmd: list[str], env: dict[str, str]) -> float:
    return paint_run(cmd, env)[0]


def probe_env(tmp: str) -> dict[str, str]:
    """The environment of a timed run: offscreen, a private data folder, quit once painted."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "CASETRAIL_EXIT_AFTER_FIRST_PAINT": "1",
        "CASETRAIL_DATA_DIR": tmp,
        "XDG_CONFIG_HOME": tmp,
    }


def measure(runs: int) -> tuple[float, float]:
    """Medians of (empty PySide6 window, Casetrail on the demo case), interleaved runs."""
    with tempfile.TemporaryDirectory() as tmp:
        env = probe_env(tmp)
        case = Path(tmp) / "demo.case"
        subprocess.run(
            [sys.executable, "-m", "app", "demo", str(case)],
            env=env,
            check=True,
            capture_output=True,
        )
        empty, ours = [], []
        for _ in range(runs):
            empty.append(time_to_paint([sys.executable, "-c", EMPTY_WINDOW], env))
            ours.append(time_to_paint([sys.executable, "-m", "app", str(case)], env))
    return statistics.median(empty), statistics.median(ours)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    e, o = measure(args.runs)
    print(f"runs: {args.runs} each, interleaved (medians)")
    print(f"empty PySide6 window, first paint   {e:.3f} s")
    print(f"Casetrail on the demo case          {o:.3f} s")
    print(f"ratio                               {o / e:.2f}")


if __name__ == "__main__":
    main()
