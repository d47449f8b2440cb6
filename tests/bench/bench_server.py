"""Benchmark: a shared case on the throwaway PostgreSQL server beside the same case in a file.

    QT_QPA_PLATFORM=offscreen python tests/bench/bench_server.py [--events 100000 ...]
                                                                 [--edits 40] [--json]

For each size it builds the shared workload (tests/bench/workload.py) as a case file, pushes
it to a new database on a throwaway server (``.ci/postgres``, started and stopped here) and
measures, for the file and the shared case in the same run:

* open: from ``Case.open`` until the main window (offscreen, 1600x900) has every row and has
  painted its first frame (median of ``--runs``);
* search: from the search term set in the search box until its first matches are marked
  (``search_first_s``: the table and the canvas show them, the count still coming) and until
  every match is marked (``search_s``); medians of ``--search-runs``;
* import: 100,000 CSV rows (``--import-rows``; tests/bench/bench_interchange.py's) into an
  empty case;
* edit to repaint: one window retitles an event (an undoable edit of the version it shows,
  as the form saves it);
  timed until the *other* window on the shared case (its own session, hearing the change
  through LISTEN/NOTIFY) has the change and has repainted its canvas and table; a case file
  has no other window that hears, so its figure is the editing window's own repaint. p50
  and p95 of ``--edits`` edits. The edited row is read into the watching window before each
  edit (as a row on screen is), so the check that the change has arrived reads no database.

Building the cases takes a while at a million events: ``--cache DIR`` keeps the case files
there, and with ``--server DIR:PORT`` (a cluster started by ``.ci/postgres start``, left
running) the pushed shared cases too, as databases ``casetrail_bench_N`` that each run
copies (``CREATE DATABASE ... TEMPLATE``) before it edits.

With ``--json`` the last line is one JSON object: per size ``sizes[N][figure] = {file,
shared, ratio}`` (seconds; the edit figures in milliseconds).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.store.case import Case  # noqa: E402
from tests.bench.bench_edit import build_case, p95  # noqa: E402

IMPORT_ROWS = 100_000


def _spin(until: Any, limit: float = 600.0) -> None:
    app = QApplication.instance()
    end = time.perf_counter() + limit
    while not until():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)  # type: ignore[union-attr]
        if time.perf_counter() > end:
            raise TimeoutError("the window did not get there")


def _window(case: Case) -> Any:
    from app.ui.main_window import MainWindow

    window = MainWindow(case, remember_layout=False)
    window.resize(1600, 900)
    window.show()
    return window


def _loaded(window: Any, n: int) -> bool:
    return window.model.rowCount() == n and not window.model.reloading


def _settled(window: Any) -> None:
    _spin(lambda: "checking" not in window.health.text)


def bench_open(where: str, n: int, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        case = Case.open(where)
        window = _window(case)
        _spin(lambda w=window: _loaded(w, n))
        window.timeline.canvas.repaint()
        window.table.viewport().repaint()
        times.append(time.perf_counter() - t0)
        _settled(window)
        window.close()
        window.deleteLater()
        case.close()
        QApplication.processEvents()
    return statistics.median(times)


def bench_search(where: str, n: int, runs: int, term: str) -> tuple[float, float, int]:
    """Medians of the time from the term set in the box to its first matches marked, and to
    every match marked; and how many there are."""
    case = Case.open(where)
    window = _window(case)
    _spin(lambda: _loaded(window, n))
    _settled(window)
    finder, firsts, times = window.finder, [], []
    for _ in range(runs):
        window.search.setText("")
        _spin(lambda: not finder.matches and finder._job is None)
        t0 = time.perf_counter()
        window.search.setText(term)
        _spin(lambda: bool(finder.matches))
        firsts.append(time.perf_counter() - t0)
        _spin(lambda: bool(finder.matches) and finder._job is None)
        times.append(time.perf_counter() - t0)
    found = len(finder.matches)
    window.close()
    case.close()
    return statistics.median(firsts), statistics.median(times), found


def bench_import(empty: str, data: bytes, rows: int) -> float:
    from app.interchange import csv_import

    with Case.open(empty) as case:
        t0 = time.perf_counter()
        csv_import.import_csv(case, data)
        took = time.perf_counter() - t0
        assert len(case.event_ids()) == rows
    return took


def bench_edits(where: str, n: int, edits: int, shared: bool) -> list[float]:
    """Edits in one window, timed to the other window's (shared) or its own repaint."""
    import random

    case_a = Case.open(where)
    window_a = _window(case_a)
    window_b, case_b = window_a, case_a
    if shared:
        case_b = Case.open(where)
        window_b = _window(case_b)
    for w in {id(window_a): window_a, id(window_b): window_b}.values():
        _spin(lambda w=w: _loaded(w, n))
        _settled(w)
    rng = random.Random(7)
    ids = case_a.event_ids()
    editor = window_a.session.editor
    times = []
    for k in range(edits):
        event_id = rng.choice(ids)
        title = f"Edited {k}"
        window_b.model.record(window_b.model.row_of(event_id))  # as a row on screen is
        shown = window_a.model.record(window_a.model.row_of(event_id))
        version = None if shown is None else shown.version  # the form knows the version
        t0 = time.perf_counter()
        editor.update_event(event_id, expected_version=version, title=title)

        def arrived(i: int = event_id, t: str = title) -> bool:
            record = window_b.model.record(window_b.model.row_of(i))
            return record is not None and record.id == i and record.title == t

        _spin(arrived, limit=30)
        window_b.timeline.canvas.repaint()
        window_b.table.viewport().repaint()
        QApplication.processEvents()
        times.append(time.perf_counter() - t0)
    for w in {id(window_a): window_a, id(window_b): window_b}.values():
        w.close()
    case_a.close()
    if case_b is not case_a:
        case_b.close()
    return times


def _built(n: int, cache: Path | None, path: Path) -> None:
    """The N-event workload case at ``path`` (a copy of the one kept in ``cache``)."""
    import shutil

    if cache is None:
        build_case(path, n)
        return
    kept = cache / f"server-{n}.case"
    if not kept.exists():
        cache.mkdir(parents=True, exist_ok=True)
        part = kept.with_suffix(".part")
        part.unlink(missing_ok=True)
        build_case(part, n)
        part.rename(kept)
    Case.open(kept).close()  # a case of an older schema is upgraded once
    shutil.copyfile(kept, path)


def _shared(server: Any, n: int, path: Path, kept: bool) -> str:
    """A shared case pushed from ``path``: a copy of the kept one on a kept server."""
    import psycopg

    from app.store.shared_copy import push

    if not kept:
        url = server.new_database()
        push(path, url)
        return url
    name = f"casetrail_bench_{n}"
    with psycopg.connect(server.url(), autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if found is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    if found is None:
        push(path, server.url(name))
    Case.open(server.url(name)).close()  # a case of an older schema is upgraded once
    with psycopg.connect(server.url(name), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return str(server.new_database(name))


def main() -> None:
    from tests.bench.bench_interchange import workload_csv
    from tests.pg_server import PgServer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[100_000])
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--search-runs", type=int, default=11, help="searches per figure")
    parser.add_argument("--term", default="merger")
    parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--cache", type=Path, help="keep the built case files here")
    parser.add_argument("--server", help="DIR:PORT of a running cluster that keeps the cases")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    app.setApplicationName("casetrail-bench")
    kept = args.server is not None
    if kept:
        folder, port = args.server.rsplit(":", 1)
        server = PgServer(folder, int(port))
    else:
        server = PgServer.start()
    result: dict[str, Any] = {
        "edits": args.edits,
        "runs": args.runs,
        "import_rows": args.import_rows,
        "sizes": {},
    }
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["CASETRAIL_DATA_DIR"] = tmp
            data = workload_csv(args.import_rows)
            empty_file = Path(tmp) / "empty.case"
            Case.create(empty_file, title="import").close()
            empty_shared = server.new_database()
            Case.create(empty_shared, title="import").close()
            imported = {
                "file": bench_import(str(empty_file), data, args.import_rows),
                "shared": bench_import(empty_shared, data, args.import_rows),
            }
            for n in args.events:
                path = Path(tmp) / f"{n}.case"
                _built(n, args.cache, path)
                url = _shared(server, n, path, kept)
                figures: dict[str, Any] = {}
                both = {"file": str(path), "shared": url}
                opened = {k: bench_open(w, n, args.runs) for k, w in both.items()}
                searches = {
                    k: bench_search(w, n, args.search_runs, args.term) for k, w in both.items()
                }
                first = {k: v[0] for k, v in searches.items()}
                searched = {k: v[1] for k, v in searches.items()}
                edits = {k: bench_edits(w, n, args.edits, k == "shared") for k, w in both.items()}
                for name, pair in (
                    ("open_s", opened),
                    ("search_first_s", first),
                    ("search_s", searched),
                ):
                    figures[name] = {**pair, "ratio": pair["shared"] / pair["file"]}
                figures["import_s"] = {
                    **imported,
                    "ratio": imported["shared"] / imported["file"],
                }
                for name, pick in (
                    ("edit_repaint_p50_ms", statistics.median),
                    ("edit_repaint_p95_ms", p95),
                ):
                    pair = {k: pick(v) * 1000 for k, v in edits.items()}
                    figures[name] = {**pair, "ratio": pair["shared"] / pair["file"]}
                result["sizes"][str(n)] = figures
                if not args.json:
                    print(f"{n:,} events")
                    for name, pair in figures.items():
                        print(
                            f"  {name:<22} file {pair['file']:9.3f}  shared {pair['shared']:9.3f}"
                            f"  ratio {pair['ratio']:.2f}"
                        )
    finally:
        if not kept:
            server.stop()
        else:  # the copies made of the kept cases, and the empty cases imported into
            server.drop_made()
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
