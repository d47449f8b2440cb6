"""Benchmark: search as you type in the window, on the N-event case of bench_search.py.

    python tests/bench/bench_search_ui.py [N] [--term merger] [--repeat R]

Types the term into the search box one key at a time (as fast as a person types, 80 ms a
key) and measures, for each run: from the last key to its first matches marked and to all
of them marked with the count (every key searches in the background and interrupts the
search before), and the longest time the interface thread went without running its event
loop from the first key until every match is marked (a 5 ms timer's largest gap). The first
run starts as soon as every row is loaded and the table shows its first rows, so the first
search after opening counts like any other (``checking`` says whether the window's health
check, which starts shortly after opening, was still running at its first key). The floor
is ``Case.search_ids`` alone, in the same run. Medians, 95th percentiles and the largest of
R runs (20 by default, so that the 95th percentile is not simply the largest).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.store.case import Case  # noqa: E402
from tests.bench.bench_search import built_case  # noqa: E402


def _spin(app: QApplication, until, limit: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    end = time.perf_counter() + limit
    while not until() and time.perf_counter() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def typing(path: Path, n: int, term: str, repeat: int) -> dict[str, object]:
    """Type ``term`` into the window on the N-event case at ``path``, ``repeat`` times:
    seconds from the last key to its first matches marked (``firsts``) and to all of them
    marked (``latencies``), the longest gaps of the interface thread from the first key on
    (``gaps``), whether the health check was still running at the first key (``checking``),
    ``Case.search_ids`` alone (``floor``), the window's time from opening to every row
    loaded (``opened``) and the number of ``matches``."""
    app = QApplication.instance() or QApplication([])
    from app.ui.main_window import MainWindow

    case = Case.open(path)
    t0 = time.perf_counter()
    window = MainWindow(case, remember_layout=False)
    window.show()
    _spin(app, lambda: window.model.rowCount() == n and not window.model.reloading)
    opened = time.perf_counter() - t0
    # a person types once the window shows its rows: the table's first rows are read
    _spin(app, lambda: bool(window.model._cache), limit=10.0)
    finder = window.finder
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(tick)
    ticker.start()
    firsts, latencies, worst = [], [], []
    checking = window.health.text.startswith("health: checking")
    for _ in range(repeat):
        window.search.setText("")
        _spin(app, lambda: not finder.matches and finder._job is None)
        gaps.clear()  # every key searches: the gaps count from the first key on
        last[0] = time.perf_counter()
        for k in range(1, len(term)):
            window.search.setText(term[:k])
            end = time.perf_counter() + 0.08
            _spin(app, lambda e=end: time.perf_counter() > e)  # type: ignore[misc]
        before = finder._generation
        window.search.setText(term)
        typed = time.perf_counter()

        def marked(b: int = before) -> bool:
            return finder._generation > b and finder.marked_generation == finder._generation

        _spin(app, lambda: marked() and bool(finder.matches))
        firsts.append(time.perf_counter() - typed)
        _spin(app, lambda: marked() and finder._job is None)
        latencies.append(time.perf_counter() - typed)
        worst.append(max(gaps, default=0.0))
    ticker.stop()
    floor = statistics.median(_timed(lambda: case.search_ids(term)) for _ in range(repeat))
    found = len(finder.matches)
    window.close()
    case.close()
    return {"latencies": latencies, "firsts": firsts, "gaps": worst, "floor": floor,
            "opened": opened, "matches": found, "checking": checking}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--term", default="merger")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/bigcase"))
    args = parser.parse_args()
    path = built_case(args.n, args.folder)
    got = typing(path, args.n, args.term, args.repeat)
    latencies, firsts, worst = got["latencies"], got["firsts"], got["gaps"]
    assert isinstance(latencies, list) and isinstance(firsts, list) and isinstance(worst, list)
    floor, opened, found = got["floor"], got["opened"], got["matches"]
    lat = statistics.median(latencies)
    first = statistics.median(firsts)
    print(f"events: {args.n:,}   term: {args.term!r}   matches: {found:,}   runs: {args.repeat}")
    print(f"window open to all rows: {opened:.2f}s")
    print(
        f"last key to first matches marked: {first * 1000:.0f} ms"
        f" (p95 {p95(firsts) * 1000:.0f}, largest {max(firsts) * 1000:.0f})"
    )
    print(f"last key to all matches marked, counted: {lat * 1000:.0f} ms")
    print(f"Case.search_ids alone: {floor * 1000:.0f} ms   ratio {lat / floor:.2f}")
    print(
        f"longest interface-thread gap while searching: {statistics.median(worst) * 1000:.0f} ms"
        f" (p95 {p95(worst) * 1000:.0f}, largest {max(worst) * 1000:.0f})"
    )


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank), as tests/bench/run.py takes it."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
