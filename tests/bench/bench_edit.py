"""Benchmark: one edit in the main window, from the call until the canvas and table repainted.

    QT_QPA_PLATFORM=offscreen python tests/bench/bench_edit.py [--events N ...] [--edits 50]
                                                             [--json]

For each size it builds a case of N events (the shared workload, tests/bench/workload.py),
opens it in the main window (offscreen, 1600x900), waits for the health check that runs after
opening, and times ``--edits`` single-event edits
through the path a person uses, in turn: a form save (new title and date), a drag move,
undo, redo, delete, undo of the delete. Each is timed from the call until the canvas and the
event table have repainted. The floor is the same edits on a case holding only the edited
event, measured in the same run. With ``--json`` the last line is one JSON object with
``p50_ms``, ``p95_ms`` (at the largest size), ``floor_p95_ms``, ``ratio_to_floor``, and per
size ``sizes[N] = {p50_ms, p95_ms}`` plus ``p95_ratio`` (largest size over smallest).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.domain.dates import FuzzyDate  # noqa: E402
from app.store.case import Case  # noqa: E402
from tests.bench.bench_store import workload  # noqa: E402

STEPS = ("form save", "drag move", "undo", "redo", "delete", "undo delete")


def build_case(path: Path, n: int) -> None:
    case = Case.create(path, title=f"{n} events")
    rows = workload(n)
    for start in range(0, len(rows), 200_000):
        case.bulk_insert_events(rows[start : start + 200_000])
    case.close()


def timed_edits(
    path: Path, edits: int, seed: int = 7, per_step: dict[str, list[float]] | None = None
) -> list[float]:
    from app.ui.dialogs.event_form import EventDraft
    from app.ui.main_window import MainWindow

    case = Case.open(path)
    window = MainWindow(case, remember_layout=False)
    window.resize(1600, 900)
    window.show()
    QApplication.processEvents()
    window.timeline.canvas.fit_all()
    # the health check after opening reads the whole case; edits wait for readers to finish
    # (a rollback journal), so time them once it is done, as a person would meet them
    deadline = time.monotonic() + 600
    while "checking" in window.health.text:
        QApplication.processEvents()
        time.sleep(0.01)
        if time.monotonic() > deadline:
            raise RuntimeError("the health check did not finish")
    rng = random.Random(seed)
    ids = case.event_ids()
    times: list[float] = []

    def repainted() -> None:
        window.timeline.canvas.repaint()
        window.table.viewport().repaint()
        QApplication.processEvents()

    def timed(action, step: str) -> None:  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        action()
        repainted()
        times.append(time.perf_counter() - t0)
        if per_step is not None:
            per_step.setdefault(step, []).append(times[-1])

    editing = window.editing
    while len(times) < edits:
        event_id = rng.choice(ids)
        event = case.event(event_id)
        if event.start is None:
            continue
        window.select_event(event_id)
        QApplication.processEvents()
        year = 2000 + rng.randrange(20)
        draft = EventDraft(
            title=event.title + " (edited)",
            description=event.description,
            start=FuzzyDate.parse(f"{year}-0{1 + rng.randrange(9)}-1{rng.randrange(10)}"),
            end=None,
            status=event.status,
            key_fact=event.key_fact,
            tags=event.tags,
            entities=tuple((e.entity_id, e.role) for e in event.entities),
        )
        for step in STEPS:
            if len(times) >= edits:
                break
            if step == "form save":
                timed(lambda e=event, d=draft: editing.save_draft(d, e), step)
            elif step == "drag move":
                timed(lambda i=event_id: editing.move_event(i, 86_400 * 40, "start"), step)
            elif step in ("undo", "undo delete"):
                timed(editing.stack.undo, step)
            elif step == "redo":
                timed(editing.stack.redo, step)
            else:
                window.select_event(event_id)
                timed(editing.delete_selected, step)
    window.close()
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    app.setApplicationName("casetrail-bench")
    result: dict[str, object] = {"edits": args.edits, "steps": list(STEPS), "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CASETRAIL_DATA_DIR"] = tmp
        floor_path = Path(tmp) / "floor.case"
        build_case(floor_path, 1)
        floor = timed_edits(floor_path, args.edits)
        result["floor_p50_ms"] = round(statistics.median(floor) * 1000, 2)
        result["floor_p95_ms"] = round(p95(floor) * 1000, 2)
        for n in sorted(args.events):
            path = Path(tmp) / f"{n}.case"
            t0 = time.perf_counter()
            build_case(path, n)
            built = time.perf_counter() - t0
            steps: dict[str, list[float]] = {}
            times = timed_edits(path, args.edits, per_step=steps)
            sizes = result["sizes"]
            assert isinstance(sizes, dict)
            sizes[str(n)] = {
                "p50_ms": round(statistics.median(times) * 1000, 2),
                "p95_ms": round(p95(times) * 1000, 2),
                "max_ms": round(max(times) * 1000, 2),
                "build_s": round(built, 1),
                "step_p50_ms": {k: round(statistics.median(v) * 1000, 2) for k, v in steps.items()},
            }
            if not args.json:
                print(f"{n:>9} events: p50 {sizes[str(n)]['p50_ms']} ms, "
                      f"p95 {sizes[str(n)]['p95_ms']} ms; by step (p50 ms) "
                      f"{sizes[str(n)]['step_p50_ms']}", flush=True)  # fmt: skip
    sizes = result["sizes"]
    assert isinstance(sizes, dict)
    smallest, largest = sizes[str(min(args.events))], sizes[str(max(args.events))]
    result["p50_ms"] = largest["p50_ms"]
    result["p95_ms"] = largest["p95_ms"]
    result["p95_ratio"] = round(largest["p95_ms"] / max(smallest["p95_ms"], 1e-9), 2)
    result["ratio_to_floor"] = round(largest["p95_ms"] / max(result["floor_p95_ms"], 1e-9), 2)  # type: ignore[arg-type]
    if args.json:
        print(json.dumps(result))
    else:
        print(f"floor p95 {result['floor_p95_ms']} ms; p95 ratio {result['p95_ratio']}")


if __name__ == "__main__":
    main()
