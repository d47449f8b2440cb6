"""Benchmark: ``Case.search`` and ``Case.search_ids`` for a common term beside a raw FTS5
MATCH of the same expression on the same file, in the same run.

    python tests/bench/bench_search.py [N] [--repeat R] [--term merger] [--folder DIR]

The case holds N events of DESIGN.md's workload (tests/bench/workload.py), built once with
the bulk insert into ``DIR/search-N.case`` (default ``/tmp/bigcase``) and reused. Floors:
``SELECT rowid FROM events_fts WHERE events_fts MATCH ?`` (every match, unranked) and the
same ``ORDER BY rank`` (every match, best first), each with raw ``sqlite3``. Figures are
medians of R runs; ratios compare runs made here, now.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.store.case import Case  # noqa: E402
from app.store.sqlite.search import match_expression  # noqa: E402
from tests.bench.bench_store import workload  # noqa: E402


def built_case(n: int, folder: Path) -> Path:
    """The N-event case of the workload, built once and kept."""
    path = folder / f"search-{n}.case"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(".part")
        part.unlink(missing_ok=True)
        with Case.create(part, title="bench") as case:
            case.bulk_insert_events(workload(n))
        part.rename(path)
    return path


def _median(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--term", default="merger")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/bigcase"))
    args = parser.parse_args()
    path = built_case(args.n, args.folder)
    expr = match_expression(args.term)
    raw = sqlite3.connect(path)
    plain = "SELECT rowid FROM events_fts WHERE events_fts MATCH ?"
    with Case.open(path) as case:
        found = len(case.search(args.term))
        assert found == len(case.search_ids(args.term))
        figures = {
            "Case.search (ranked)": _median(lambda: case.search(args.term), args.repeat),
            "Case.search_ids (a set)": _median(lambda: case.search_ids(args.term), args.repeat),
            "raw MATCH, unranked": _median(
                lambda: raw.execute(plain, (expr,)).fetchall(), args.repeat
            ),
            "raw MATCH ORDER BY rank": _median(
                lambda: raw.execute(plain + " ORDER BY rank", (expr,)).fetchall(), args.repeat
            ),
        }
    raw.close()
    floor = figures["raw MATCH, unranked"]
    print(f"events: {args.n:,}   term: {args.term!r}   matches: {found:,}   runs: {args.repeat}")
    print(f"{'work':<28}{'seconds':>10}{'/ raw MATCH':>13}")
    for name, t in figures.items():
        print(f"{name:<28}{t:>10.3f}{t / floor:>13.2f}")


if __name__ == "__main__":
    main()
