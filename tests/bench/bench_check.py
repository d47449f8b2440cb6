"""Benchmark: ``check`` on the workload case, beside a plain full read of the same rows.

    python tests/bench/bench_check.py [--events N] [--repeat R] [--json]

Builds a case of N events (the shared workload, tests/bench/workload.py, bulk-inserted in
blocks of 200,000 as the edit benchmark does), then times, R times each, in the same run:

- ``floor``: raw sqlite3 reading every row of every fingerprinted table (``SELECT *``,
  ``fetchall``) in one transaction: the least any comparison of every row must do;
- ``data``: the data-fingerprint part of ``check`` (every row's digest compared with the one
  the audit log recorded; :func:`app.store.data_check.scan`);
- ``data+fingerprint``: the same pass also computing the whole-case fingerprint a seal signs;
- ``check``: the whole ``Case.check`` (SQLite ``integrity_check`` and foreign keys, the
  audit chain, the data, the search index, source files).

Figures are medians in seconds; ``ratio`` is ``data / floor`` (aim: at most 3). With
``--json`` the last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.store import data_check  # noqa: E402
from app.store.case import Case  # noqa: E402
from app.store.fingerprints import SPECS  # noqa: E402
from tests.bench.bench_store import workload  # noqa: E402


def build_case(path: Path, n: int) -> float:
    rows = workload(n)
    case = Case.create(path, title=f"{n} events")
    t0 = time.perf_counter()
    for start in range(0, len(rows), 200_000):
        case.bulk_insert_events(rows[start : start + 200_000])
    took = time.perf_counter() - t0
    case.close()
    return took


def floor_read(path: Path) -> int:
    conn = sqlite3.connect(path)
    conn.execute("BEGIN")
    n = 0
    for table in SPECS:
        n += len(conn.execute(f"SELECT * FROM {table}").fetchall())
    conn.execute("COMMIT")
    conn.close()
    return n


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.case"
        import_s = build_case(path, args.events)
        case = Case.open(path)

        def data(fingerprint: bool) -> None:
            with case._units.read() as conn:
                found = data_check.scan(conn, fingerprint=fingerprint)
            assert not found.problems, found.problems[:3]

        def whole() -> None:
            assert case.check() == []

        floor_read(path)  # warm the page cache alike for every measurement
        result = {
            "events": args.events,
            "repeat": args.repeat,
            "import_s": round(import_s, 2),
            "floor_s": round(median_time(lambda: floor_read(path), args.repeat), 3),
            "data_s": round(median_time(lambda: data(False), args.repeat), 3),
            "data_fingerprint_s": round(median_time(lambda: data(True), args.repeat), 3),
            "check_s": round(median_time(whole, args.repeat), 3),
            "file_mb": round(path.stat().st_size / 1e6, 1),
        }
        case.close()
    result["ratio"] = round(result["data_s"] / result["floor_s"], 2)
    result["fingerprint_ratio"] = round(result["data_fingerprint_s"] / result["floor_s"], 2)
    result["check_ratio"] = round(result["check_s"] / result["floor_s"], 2)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>20}  {value}")


if __name__ == "__main__":
    main()
