"""Benchmark: frame times of the timeline canvas, offscreen at 1600x900.

    QT_QPA_PLATFORM=offscreen python tests/bench/bench_canvas.py [--sizes 10000,100000,1000000]
                                                               [--frames 30]

For synthetic cases of each size (DESIGN.md's workload: 1990-2025, 70 % inside 2008-2015,
20 % spans of 1 day to 2 years (log-uniform), 12 lanes, titles of 2-5 words, fixed seed) it
paints the full view and views of 1 year, 1 month and 1 day centred in the dense period, then
pans each by +10 % and -10 %, and prints median and p95 frame time (layout + paint into a
QImage), p95 at the largest size over p95 at the smallest for the same view, the index's
bytes per event, and the floor: an empty frame (background fill only) measured in the same
run. The columns are built directly (no case file), since painting never touches SQL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import numpy as np  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.domain.columns import FLAG_SPAN, FLAG_UNSOURCED, EventColumns  # noqa: E402
from app.timeline.scale import TimeScale  # noqa: E402
from app.ui.canvas import TimelineCanvas, seconds  # noqa: E402
from tests.bench.workload import WORDS  # noqa: E402

WIDTH, HEIGHT = 1600, 900
DAY = 86400


def synthetic_columns(n: int, seed: int = 1234) -> tuple[EventColumns, dict[int, tuple[str]]]:
    rng = np.random.default_rng(seed)
    lo, hi = seconds(datetime(1990, 1, 1)), seconds(datetime(2025, 1, 1))
    dlo, dhi = seconds(datetime(2008, 1, 1)), seconds(datetime(2016, 1, 1))
    dense = rng.random(n) < 0.7
    start_day = np.where(dense, rng.uniform(dlo, dhi, n), rng.uniform(lo, hi, n)) // DAY
    start_lo = (start_day * DAY).astype(np.int64)
    start_hi = start_lo + DAY
    is_span = rng.random(n) < 0.2
    length = np.exp(rng.uniform(0, np.log(730), n)).astype(np.int64) * DAY
    end_hi = np.where(is_span, start_lo + np.maximum(length, DAY) + DAY, start_hi)
    end_lo = np.where(is_span, end_hi - DAY, start_hi)
    order = np.argsort(start_lo, kind="stable")
    ids = np.arange(1, n + 1, dtype=np.int64)
    titles = [
        " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(2 + i % 4)) for i in range(n)
    ]
    flags = np.where(is_span, FLAG_SPAN, 0) | np.where(ids % 9 == 0, FLAG_UNSOURCED, 0)
    cols = EventColumns(
        ids=ids[order],
        start_lo=start_lo[order],
        start_hi=start_hi[order],
        end_lo=end_lo[order],
        end_hi=end_hi[order],
        precision=np.full(n, 2, np.uint8),
        qualifier=np.zeros(n, np.uint8),
        status=(ids[order] % 4).astype(np.uint8),
        flags=flags[order].astype(np.uint8),
        titles=[titles[int(i)] for i in order],
        undated_ids=np.zeros(0, np.int64),
        undated_titles=[],
        undated_status=np.zeros(0, np.uint8),
        undated_flags=np.zeros(0, np.uint8),
    )
    groups = {int(i): (f"lane {int(i) % 12:02d}",) for i in ids}
    return cols, groups


def views(canvas: TimelineCanvas) -> list[tuple[str, TimeScale]]:
    canvas.fit_all()
    full = canvas.scale
    centre = seconds(datetime(2012, 6, 15, 12))
    width = full.width
    out = [("full view", full)]
    for name, span in (("1 year", 365 * DAY), ("1 month", 30 * DAY), ("1 day", DAY)):
        out.append((name, TimeScale(centre - span / 2, centre + span / 2, width)))
    return out


def frame_times(canvas: TimelineCanvas, scale: TimeScale, frames: int) -> list[float]:
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for k in range(frames):
        canvas.scale = scale.panned(((k % 3) - 1) * 2.0)  # tiny jitter: no cached frame
        painter = QPainter(image)
        t0 = time.perf_counter()
        canvas.paint(painter, WIDTH, HEIGHT)
        times.append(time.perf_counter() - t0)
        painter.end()
    return times


def empty_floor(frames: int) -> list[float]:
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for _ in range(frames):
        painter = QPainter(image)
        t0 = time.perf_counter()
        painter.fillRect(0, 0, WIDTH, HEIGHT, 0xFFFFFFFF)
        times.append(time.perf_counter() - t0)
        painter.end()
    return times


def p95(values: list[float]) -> float:
    return float(np.percentile(values, 95))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--frames", type=int, default=30)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    floor = empty_floor(args.frames)
    print(f"frame {WIDTH}x{HEIGHT}, {args.frames} frames per view; times in ms")
    print(
        f"empty-frame floor: median {statistics.median(floor) * 1e3:.3f}  "
        f"p95 {p95(floor) * 1e3:.3f}"
    )
    results: dict[tuple[int, str], list[float]] = {}
    for n in sizes:
        t0 = time.perf_counter()
        cols, groups = synthetic_columns(n)
        canvas = TimelineCanvas()
        canvas.resize(WIDTH, HEIGHT)
        canvas.set_data(cols, groups, [])
        setup = time.perf_counter() - t0
        print(
            f"\n{n:,} events (columns + lanes built in {setup:.2f} s; "
            f"{cols.nbytes / n:.0f} bytes per event)"
        )
        print(
            f"  {'view':<16}{'median':>9}{'p95':>9}{'+10% p95':>10}{'-10% p95':>10}"
            f"{'p95/floor':>11}"
        )
        for name, scale in views(canvas):
            base = frame_times(canvas, scale, args.frames)
            right = frame_times(canvas, scale.panned(-0.1 * scale.width), args.frames)
            left = frame_times(canvas, scale.panned(0.1 * scale.width), args.frames)
            results[(n, name)] = base + right + left
            print(
                f"  {name:<16}{statistics.median(base) * 1e3:>9.2f}{p95(base) * 1e3:>9.2f}"
                f"{p95(right) * 1e3:>10.2f}{p95(left) * 1e3:>10.2f}"
                f"{p95(base) / statistics.median(floor):>11.0f}"
            )
        del canvas
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"\np95({large:,}) / p95({small:,}) for the same view (pans included):")
        for name in ("full view", "1 year", "1 month", "1 day"):
            ratio = p95(results[(large, name)]) / p95(results[(small, name)])
            print(f"  {name:<16}{ratio:>6.2f}")
    app.quit()


if __name__ == "__main__":
    main()
