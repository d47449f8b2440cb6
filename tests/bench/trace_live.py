"""Where an edit's way to another window goes: timestamps per step, over many edits.

    QT_QPA_PLATFORM=offscreen python tests/bench/trace_live.py --server DIR:PORT [--events N]
                                                               [--edits 40]

Opens two windows on the shared case ``casetrail_bench_N`` that ``bench_server.py --server``
keeps on that cluster (a copy of it), edits as ``bench_server.py`` does and prints, per
edit and as p50 / p95 (ms from the edit's start): the edit done in the editing window (its
write and its own views), the notification heard by the other window's listener, the other
window's applying of the change set (start and how long), the change on its row, and its
repaint.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.store.case import Case  # noqa: E402
from tests.bench import bench_server as bench  # noqa: E402
from tests.bench.bench_edit import p95  # noqa: E402

STEPS = ("edited", "heard", "applying", "applied_ms", "arrived", "repainted")


def main() -> None:
    import statistics

    import app.store.postgresql.live as live
    import app.ui.live_updates as live_updates
    from tests.pg_server import PgServer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="DIR:PORT of bench_server's cluster")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=40)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    folder, port = args.server.rsplit(":", 1)
    server = PgServer(folder, int(port))
    url = server.new_database(f"casetrail_bench_{args.events}")
    marks: dict[str, float] = {}
    parse, apply = live.parse, live_updates.LiveUpdates._apply

    def heard(text: str) -> object:
        marks.setdefault("heard", time.perf_counter())
        return parse(text)

    def applying(self: object, remote: object) -> None:
        marks["applying"] = time.perf_counter()
        apply(self, remote)  # type: ignore[arg-type]
        marks["applied"] = time.perf_counter()

    live.parse = heard  # type: ignore[assignment]
    live_updates.LiveUpdates._apply = applying  # type: ignore[method-assign]
    cases = [Case.open(url), Case.open(url)]
    windows = [bench._window(case) for case in cases]
    for window in windows:
        bench._spin(lambda w=window: bench._loaded(w, args.events))
        bench._settled(window)
    editing, other = windows
    rng, ids, rows = random.Random(7), cases[0].event_ids(), []
    for k in range(args.edits):
        event_id, title = rng.choice(ids), f"Traced {k}"
        other.model.record(other.model.row_of(event_id))
        version = editing.model.record(editing.model.row_of(event_id)).version
        marks.clear()
        t0 = time.perf_counter()
        editing.session.editor.update_event(event_id, expected_version=version, title=title)
        edited = time.perf_counter()

        def arrived(i: int = event_id, t: str = title) -> bool:
            record = other.model.record(other.model.row_of(i))
            return record is not None and record.title == t

        bench._spin(arrived, limit=30)
        there = time.perf_counter()
        other.timeline.canvas.repaint()
        other.table.viewport().repaint()
        app.processEvents()
        done = time.perf_counter()
        applying_at = marks.get("applying", there)
        rows.append(
            (
                edited - t0,
                marks.get("heard", there) - t0,
                applying_at - t0,
                marks.get("applied", applying_at) - applying_at,
                there - t0,
                done - t0,
            )
        )
    print("  ".join(f"{s:>10}" for s in STEPS))
    for row in rows:
        print("  ".join(f"{v * 1000:10.1f}" for v in row))
    for name, pick in (("p50", statistics.median), ("p95", p95)):
        values = [pick([r[i] for r in rows]) * 1000 for i in range(len(STEPS))]
        print(name, "  ".join(f"{v:10.1f}" for v in values))
    for window, case in zip(windows, cases, strict=True):
        window.close()
        case.close()
    server.drop_made()  # the copy


if __name__ == "__main__":
    main()
