"""Benchmark: create an N-event case and load its timeline columns, each beside raw sqlite3
doing the same work in the same run.

    python tests/bench/bench_store.py [N] [--repeat R]

"Create" inserts N events into a new, empty case (with their FTS entries and one audit row
for the batch) through Casetrail's bulk path; the floor inserts the same rows into the same
schema with one raw ``executemany`` and fills FTS with one INSERT ... SELECT. "Load" builds
the compact sorted columns the canvas uses; the floor is a raw sqlite3 ``fetchall`` of the
same columns. The workload is DESIGN.md's: events between 1990 and 2025, 70 % in
2008-2015, 20 % spans lasting 1 day to 2 years (log-uniform), 12 lanes, titles of 2-5
words, fixed seed. Figures are medians of R runs; ratios compare runs made here, now.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.domain.dates import FuzzyDate  # noqa: E402
from app.store.case import Case, date_columns  # noqa: E402
from tests.bench.workload import synthetic_events  # noqa: E402


def workload(n: int, seed: int = 1234) -> list[dict[str, object]]:
    """N synthetic events (tests/bench/workload.py) as column dicts."""
    rows = []
    for ev in synthetic_events(n, seed):
        start = FuzzyDate.from_parts(ev.day.year, ev.day.month, ev.day.day)
        end = (
            None
            if ev.last is None
            else FuzzyDate.from_parts(ev.last.year, ev.last.month, ev.last.day)
        )
        rows.append({
            "id": ev.id, "title": ev.title, "description": "",
            **date_columns("start", start), **date_columns("end", end),
            "status": ev.status, "key_fact": ev.key_fact, "lane": ev.lane, "version": 1,
        })  # fmt: skip
    return rows


# The floor of loading the timeline: the same columns, read with raw sqlite3.
TIMELINE_SQL = (
    "SELECT e.id, e.start_earliest, e.start_latest, e.end_earliest, e.end_latest, "
    "e.start_precision, e.start_qualifier, e.status, e.key_fact, "
    "e.start_ambiguous OR e.end_ambiguous, "
    "EXISTS (SELECT 1 FROM citations c WHERE c.event_id = e.id), e.title "
    "FROM events e WHERE e.start_earliest IS NOT NULL ORDER BY e.start_earliest, e.id"
)


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def bench_create(rows: list[dict[str, object]], folder: Path, k: int) -> tuple[float, float]:
    path = folder / f"bench-{k}.case"

    case = Case.create(path, title="bench")
    t_ours = _timed(lambda: case.bulk_insert_events(rows))
    case.close()
    # Floor: the same schema (copied empty from a fresh case), one executemany, FTS by SELECT.
    floor_path = folder / f"floor-{k}.case"
    Case.create(floor_path, title="floor").close()
    columns = list(rows[0])
    sql = f"INSERT INTO events({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"

    def floor() -> None:
        conn = sqlite3.connect(floor_path, isolation_level=None)
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(sql, rows)
        conn.execute("DELETE FROM search_pending")
        conn.execute(
            "INSERT INTO events_fts(rowid, title, description) "
            "SELECT id, title, description FROM events"
        )
        conn.execute("COMMIT")
        conn.close()

    t_floor = _timed(floor)
    return t_ours, t_floor


def bench_load(path: Path) -> tuple[float, float, int]:
    with Case.open(path) as case:
        t0 = time.perf_counter()
        cols = case.timeline_columns()
        t_ours = time.perf_counter() - t0
        nbytes = cols.nbytes

    def floor() -> None:
        conn = sqlite3.connect(path)
        conn.execute(TIMELINE_SQL).fetchall()
        conn.close()

    return t_ours, _timed(floor), nbytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = workload(args.n)
    creates, loads = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for k in range(args.repeat):
            creates.append(bench_create(rows, folder, k))
            loads.append(bench_load(folder / f"bench-{k}.case"))
    c_ours = statistics.median(t for t, _ in creates)
    c_floor = statistics.median(f for _, f in creates)
    l_ours = statistics.median(t for t, _, _ in loads)
    l_floor = statistics.median(f for _, f, _ in loads)
    nbytes = loads[-1][2]
    print(f"events: {args.n:,}   runs: {args.repeat} (medians)")
    print(f"{'work':<28}{'casetrail':>12}{'raw sqlite3':>14}{'ratio':>8}")
    print(f"{'create case':<28}{c_ours:>11.3f}s{c_floor:>13.3f}s{c_ours / c_floor:>8.2f}")
    print(f"{'load timeline columns':<28}{l_ours:>11.3f}s{l_floor:>13.3f}s{l_ours / l_floor:>8.2f}")
    print(f"timeline columns: {nbytes / max(args.n, 1):.0f} bytes per event")


if __name__ == "__main__":
    main()
