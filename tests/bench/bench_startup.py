"""Benchmark: time to first paint, Casetrail on the demo case against an empty PySide6 window.

    python tests/bench/bench_startup.py [--runs 7]

Each run is a fresh process (offscreen), timed from launch until it prints that it painted
("painted": its window's first paint; Casetrail also prints "framed" once its timeline is
painted, the second figure); the two programs are interleaved in one run and compared as
medians. The demo case is written once beforehand, so the figures are opening and showing a
case, not building one. Bytecode is cached (in the run's temporary folder, whatever
PYTHONDONTWRITEBYTECODE says) as it is for an installed program, so that no run compiles.
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


def words_run(
    cmd: list[str], env: dict[str, str], words: tuple[str, ...]
) -> tuple[list[float], float]:
    """Seconds from launch until ``cmd`` first printed each of ``words``, and its peak
    resident memory (MB) over its whole life."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    seen: dict[str, float] = {}
    for line in proc.stdout:
        seen.setdefault(line.strip(), time.perf_counter() - t0)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    missing = [w for w in words if w not in seen]
    if missing:
        raise RuntimeError(f"{cmd} never printed {missing} (exit status {proc.returncode})")
    return [seen[w] for w in words], usage.ru_maxrss / 1024


def paint_run(cmd: list[str], env: dict[str, str], word: str = "painted") -> tuple[float, float]:
    """Seconds from launch until ``cmd`` printed ``word``, and its peak resident memory (MB)
    over its whole life."""
    (elapsed,), mb = words_run(cmd, env, (word,))
    return elapsed, mb


def time_to_paint(cmd: list[str], env: dict[str, str]) -> float:
    return paint_run(cmd, env)[0]


def probe_env(tmp: str) -> dict[str, str]:
    """The environment of a timed run: offscreen, a private data folder, quit once painted,
    bytecode cached in ``tmp``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {
        **env,
        "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "CASETRAIL_EXIT_AFTER_FIRST_PAINT": "1",
        "CASETRAIL_DATA_DIR": tmp,
        "XDG_CONFIG_HOME": tmp,
    }


def measure(runs: int) -> tuple[float, float, float]:
    """Medians of (empty PySide6 window, Casetrail's window on the demo case, its timeline),
    interleaved runs."""
    with tempfile.TemporaryDirectory() as tmp:
        env = probe_env(tmp)
        case = Path(tmp) / "demo.case"
        subprocess.run(
            [sys.executable, "-m", "app", "demo", str(case)],
            env=env,
            check=True,
            capture_output=True,
        )
        empty, ours, framed = [], [], []
        for _ in range(runs):
            empty.append(time_to_paint([sys.executable, "-c", EMPTY_WINDOW], env))
            cmd = [sys.executable, "-m", "app", str(case)]
            (painted, frame), _ = words_run(cmd, env, ("painted", "framed"))
            ours.append(painted)
            framed.append(frame)
    return statistics.median(empty), statistics.median(ours), statistics.median(framed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    e, o, f = measure(args.runs)
    print(f"runs: {args.runs} each, interleaved (medians)")
    print(f"empty PySide6 window, first paint   {e:.3f} s")
    print(f"Casetrail on the demo case          {o:.3f} s  ratio {o / e:.2f}")
    print(f"  its timeline painted              {f:.3f} s  ratio {f / e:.2f}")


if __name__ == "__main__":
    main()
