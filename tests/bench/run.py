"""Every benchmark in one run: ``python -m tests.bench --json [--events N ...] [--quick]``.

It runs the benchmarks of this folder (their own functions, each part in a fresh process so
that one part's memory and caches do not colour the next) and prints one JSON object: every
figure beside its floor measured in the same run, and their ratio.

- ``startup``: first paint of the demo case's window, floor an empty PySide6 window
  (bench_startup); ``startup_frame``: the same start to its timeline's first paint.
- ``open`` at each ``--events`` size: start to first frame of the case, floor a process that
  reads the timeline columns with raw sqlite3 (bench_store's ``TIMELINE_SQL``) and shows an
  empty window; peak resident memory of the Casetrail process.
- ``frame``: p95 frame time of the full view at each size (bench_canvas), floor an empty frame.
- ``search``: ``Case.search`` for a common term at the largest size, floor raw FTS5 MATCH
  (bench_search); search as you type in the window (bench_search_ui): last key to matches
  marked, less the typing pause the search box waits for, floor ``Case.search_ids``; its p95
  and the interface thread's longest gaps (from each run's first key until every match is
  marked; the first run is the first search after opening) over ``--typing-runs`` runs (20).
- ``edit``: one edit in the window at the largest size (bench_edit), floor the same edits on
  a one-event case.
- ``interchange``: CSV import, plain and tagged, and export (bench_interchange), floors raw
  csv + sqlite3. Export writes a file (atomically, fsynced) against a raw export to a file,
  fsynced too; its ``to_bytes`` holds the same without files.
- ``check``: the data check, floor a raw read of every fingerprinted row (bench_check).

The workload cases are built once and kept under ``--folder`` (default /tmp/casetrail-bench).
Top-level keys hold the headline figures (``startup_ratio``, ``open_100k_ratio``,
``open_1m_ratio``, ``rss_1m_mb``, ``search_p95_ms_1m``, ``search_api_ratio``,
``import_ratio``, ``import_tagged_ratio``, ``export_ratio``, ``edit_p95_ms_1m``); ``figures``
holds each with its floor; ``events`` says which sizes stood for "10k", "100k" and "1m".
``--quick`` runs every part at a few hundred events, once: a check of the runner, not a
measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PARTS = ("startup", "open", "frame", "search", "edit", "interchange", "check")
LABELS = ("10k", "100k", "1m")

# A process that does what opening a case must at least do: read the timeline columns with
# raw sqlite3 and show a window.
OPEN_FLOOR = """
import sqlite3, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

TIMELINE_SQL = sys.argv[2]  # bench_store.TIMELINE_SQL (importing that module loads the store)

class Window(QWidget):
    seen = False
    def paintEvent(self, event):
        if not self.seen:
            self.seen = True
            QTimer.singleShot(0, lambda: (print("painted", flush=True), app.quit()))

app = QApplication([])
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(TIMELINE_SQL).fetchall()
w = Window()
w.resize(1320, 860)
w.show()
app.exec()
"""


def figure(value: float, floor: float, unit: str, **more: Any) -> dict[str, Any]:
    """One figure, its floor from the same run and their ratio."""
    ratio = value / floor if floor > 0 else None
    return {"value": round(value, 6), "floor": round(floor, 6), "unit": unit,
            "ratio": None if ratio is None else round(ratio, 2), **more}  # fmt: skip


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# ---- the parts (each runs in its own process and returns plain JSON data) ---------------------


def part_startup(opts: argparse.Namespace) -> dict[str, Any]:
    from tests.bench import bench_startup

    empty, ours, framed = bench_startup.measure(opts.runs)
    return {
        "startup": figure(ours, empty, "s", floor_is="empty PySide6 window"),
        "startup_frame": figure(framed, empty, "s", floor_is="empty PySide6 window"),
    }


def built_apart(n: int, folder: Path) -> Path:
    """:func:`tests.bench.bench_search.built_case`, built (when it is not kept yet) in a
    process of its own: a process that has built a million events is gigabytes large, and a
    program it starts inherits that peak as its own (Linux counts the peak resident memory
    of the forked copy into the started program's ``ru_maxrss``), so that the memory of the
    open measured here would be the builder's."""
    code = (
        "import sys, pathlib; from tests.bench.bench_search import built_case; "
        "print(built_case(int(sys.argv[1]), pathlib.Path(sys.argv[2])))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code, str(n), str(folder)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return Path(found.stdout.strip().splitlines()[-1])


def part_open(opts: argparse.Namespace) -> dict[str, Any]:
    from tests.bench import bench_startup
    from tests.bench.bench_store import TIMELINE_SQL

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_startup.probe_env(tmp)
        for n in opts.events:
            path = built_apart(n, opts.folder)
            ours, floors, rss, floor_rss = [], [], [], []
            for _ in range(opts.runs):
                floor_cmd = [sys.executable, "-c", OPEN_FLOOR, str(path), TIMELINE_SQL]
                t, mb = bench_startup.paint_run(floor_cmd, env)
                floors.append(t)
                floor_rss.append(mb)
                cmd = [sys.executable, "-m", "app", str(path)]
                t, mb = bench_startup.paint_run(cmd, env, "framed")  # the timeline painted
                ours.append(t)
                rss.append(mb)
            out[f"open_{n}"] = figure(
                statistics.median(ours), statistics.median(floors), "s",
                floor_is="raw sqlite3 read of the timeline columns + empty window",
                rss_mb=round(statistics.median(rss), 1),
                floor_rss_mb=round(statistics.median(floor_rss), 1),
            )  # fmt: skip
    return out


def part_frame(opts: argparse.Namespace) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from tests.bench import bench_canvas as bc

    app = QApplication.instance() or QApplication([])
    floor = bc.empty_floor(opts.frames)
    out: dict[str, Any] = {}
    for n in opts.events:
        cols, groups = bc.synthetic_columns(n)
        canvas = bc.TimelineCanvas()
        canvas.resize(bc.WIDTH, bc.HEIGHT)
        canvas.set_data(cols, groups, [])
        times: list[float] = []
        for _, scale in bc.views(canvas):
            times += bc.frame_times(canvas, scale, opts.frames)
        out[f"frame_{n}"] = figure(
            p95(times) * 1000, p95(floor) * 1000, "ms p95",
            floor_is="empty frame (background fill)",
        )  # fmt: skip
        del canvas
    app.quit()
    return out


def part_search(opts: argparse.Namespace) -> dict[str, Any]:
    import sqlite3

    from app.store.case import Case
    from app.store.sqlite.search import match_expression
    from tests.bench import bench_search, bench_search_ui

    n, term = opts.events[-1], opts.term
    path = bench_search.built_case(n, opts.folder)
    raw = sqlite3.connect(path)
    plain = "SELECT rowid FROM events_fts WHERE events_fts MATCH ?"
    expr = match_expression(term)
    with Case.open(path) as case:
        api = bench_search._median(lambda: case.search(term), opts.repeat)
        api_ids = bench_search._median(lambda: case.search_ids(term), opts.repeat)
        floor = bench_search._median(lambda: raw.execute(plain, (expr,)).fetchall(), opts.repeat)
    raw.close()
    typed = bench_search_ui.typing(path, n, term, opts.typing_runs)
    return {
        "search_api": figure(api, floor, "s", floor_is="raw FTS5 MATCH, unranked", term=term),
        "search_ids": figure(api_ids, floor, "s", floor_is="raw FTS5 MATCH, unranked"),
        "search_typing": figure(
            p95(typed["firsts"]) * 1000, typed["floor"] * 1000, "ms p95",
            floor_is="Case.search_ids alone",
            measured_from="last key to its first matches marked",
            all_marked_p95_ms=round(p95(typed["latencies"]) * 1000, 1),
            longest_gap_ms=round(max(typed["gaps"]) * 1000, 1),
            first_search_gap_ms=round(typed["gaps"][0] * 1000, 1),
            health_check_running_at_first_search=typed["checking"],
            gap_p95_ms=round(p95(typed["gaps"]) * 1000, 1), runs=len(typed["firsts"]),
            matches=typed["matches"], window_loaded_s=round(typed["opened"], 2),
        ),
    }  # fmt: skip


def part_edit(opts: argparse.Namespace) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from tests.bench import bench_edit
    from tests.bench.bench_search import built_case

    app = QApplication.instance() or QApplication([])
    app.setApplicationName("casetrail-bench")
    n = opts.events[-1]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CASETRAIL_DATA_DIR"] = tmp
        floor_path = Path(tmp) / "floor.case"
        bench_edit.build_case(floor_path, 1)
        floor = bench_edit.timed_edits(floor_path, opts.edits)
        path = Path(tmp) / "edited.case"
        shutil.copyfile(built_case(n, opts.folder), path)  # the cached case stays unedited
        times = bench_edit.timed_edits(path, opts.edits)
    return {
        "edit": figure(p95(times) * 1000, p95(floor) * 1000, "ms p95",
                       floor_is="the same edits on a one-event case", edits=len(times)),
    }  # fmt: skip


def part_interchange(opts: argparse.Namespace) -> dict[str, Any]:
    from tests.bench import bench_interchange as bi

    data, tagged = bi.workload_csv(opts.import_events), bi.tagged_csv(opts.import_events)
    imports, tagged_imports, exports, in_memory = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for k in range(opts.repeat):
            t_ours, t_floor, path = bi.bench_import(data, folder, k)
            imports.append((t_ours, t_floor))
            tagged_imports.append(bi.bench_import_tagged(tagged, folder, k))
            exports.append(bi.bench_export(path)[:2])
            in_memory.append(bi.bench_export_bytes(path))

    def med(pairs: list[tuple[float, float]], k: int) -> float:
        return statistics.median(p[k] for p in pairs)

    raw = "raw csv + sqlite3"
    return {
        "import": figure(med(imports, 0), med(imports, 1), "s", floor_is=raw),
        "import_tagged": figure(med(tagged_imports, 0), med(tagged_imports, 1), "s",
                                floor_is=raw + " (links by executemany)"),
        "export": figure(med(exports, 0), med(exports, 1), "s",
                         floor_is=raw + " to a file, fsynced (medians of interleaved runs)",
                         to_bytes=figure(med(in_memory, 0), med(in_memory, 1), "s",
                                         floor_is=raw + " to bytes, no file")),
    }  # fmt: skip


def part_check(opts: argparse.Namespace) -> dict[str, Any]:
    from app.store import data_check
    from app.store.case import Case
    from tests.bench import bench_check
    from tests.bench.bench_search import built_case

    path = built_case(opts.import_events, opts.folder)
    bench_check.floor_read(path)  # the page cache warm alike for both
    floor = bench_check.median_time(lambda: bench_check.floor_read(path), opts.repeat)
    with Case.open(path) as case:

        def data() -> None:
            with case._units.read() as conn:
                found = data_check.scan(conn, fingerprint=False)
            assert not found.problems, found.problems[:3]

        ours = bench_check.median_time(data, opts.repeat)
    return {"check": figure(ours, floor, "s", floor_is="raw read of every fingerprinted row")}


# ---- the runner -------------------------------------------------------------------------------


def run_part(name: str, opts: argparse.Namespace) -> dict[str, Any]:
    """Run one part in a fresh process; its last line of output is its JSON."""
    cmd = [sys.executable, "-m", "tests.bench", "--part", name, *part_args(opts)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark part {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def part_args(opts: argparse.Namespace) -> list[str]:
    return [
        "--events", *map(str, opts.events), "--import-events", str(opts.import_events),
        "--runs", str(opts.runs), "--repeat", str(opts.repeat), "--edits", str(opts.edits),
        "--frames", str(opts.frames), "--term", opts.term, "--folder", str(opts.folder),
        "--typing-runs", str(opts.typing_runs),
    ]  # fmt: skip


def headline(figures: dict[str, Any], sizes: dict[str, int]) -> dict[str, Any]:
    """The top-level keys, from the figures that were measured."""

    def get(key: str, field: str = "ratio") -> Any:
        return figures.get(key, {}).get(field)

    big = sizes["1m"]
    return {
        "startup_ratio": get("startup"),
        "startup_frame_ratio": get("startup_frame"),
        "open_10k_ratio": get(f"open_{sizes['10k']}"),
        "open_100k_ratio": get(f"open_{sizes['100k']}"),
        "open_1m_ratio": get(f"open_{big}"),
        "rss_1m_mb": get(f"open_{big}", "rss_mb"),
        "frame_p95_ms_1m": get(f"frame_{big}", "value"),
        "search_p95_ms_1m": get("search_typing", "value"),
        "search_gap_ms_1m": get("search_typing", "longest_gap_ms"),
        "search_api_ratio": get("search_api"),
        "import_ratio": get("import"),
        "import_tagged_ratio": get("import_tagged"),
        "export_ratio": get("export"),
        "edit_p95_ms_1m": get("edit", "value"),
        "check_ratio": get("check"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print only the JSON object")
    parser.add_argument("--events", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--import-events", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, once each")
    parser.add_argument("--runs", type=int, default=5, help="process starts per figure")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--typing-runs", type=int, default=20, help="search-as-you-type runs")
    parser.add_argument("--frames", type=int, default=20)
    parser.add_argument("--term", default="merger")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/casetrail-bench"))
    parser.add_argument("--only", default=",".join(PARTS), help="comma-separated parts")
    parser.add_argument("--part", choices=PARTS, help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.quick:
        opts.events, opts.import_events = [100, 200, 400], 200
        opts.runs = opts.repeat = 1
        opts.edits, opts.frames, opts.typing_runs = 6, 2, 2
    opts.events = sorted(set(opts.events))
    if opts.part:  # one part, in this process
        print(json.dumps(globals()[f"part_{opts.part}"](opts)))
        return 0
    figures: dict[str, Any] = {}
    for name in opts.only.split(","):
        if name not in PARTS:
            parser.error(f"--only: no part {name!r} (parts: {', '.join(PARTS)})")
        if not opts.json:
            print(f"running {name} ...", file=sys.stderr, flush=True)
        figures.update(run_part(name, opts))
    ev = opts.events
    sizes = {"10k": ev[0], "100k": ev[-2] if len(ev) > 1 else ev[-1], "1m": ev[-1]}
    result = {
        **headline(figures, sizes),
        "events": {**sizes, "import": opts.import_events},
        "quick": opts.quick,
        "figures": figures,
        "machine": {"cpus": os.cpu_count(), "system": platform.platform(),
                    "python": platform.python_version()},
    }  # fmt: skip
    print(json.dumps(result, indent=None if opts.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
