"""Benchmark: CSV import and export of N events, each beside a raw ``csv`` + ``sqlite3``
pipeline doing the same work in the same run, and the PDF chronology report of 1,000 events.

    python tests/bench/bench_interchange.py [N] [--repeat R] [--report-events K]

The workload is DESIGN.md's (events between 1990 and 2025, 70 % in 2008-2015, 20 % spans
lasting 1 day to 2 years (log-uniform), 12 lanes, titles of 2-5 words, fixed seed), written
as a Casetrail CSV with ISO dates (``2010-03-25``), as a spreadsheet or another program
would export it.

- *Import*: ``csv_import.import_csv`` into a new, empty case (checks every row, parses every
  date, writes the events in one transaction with the search index and one audit row). The
  floor reads the same bytes with ``csv.reader``, turns each ISO date into the same date
  columns with ``date.fromisoformat``, inserts the rows into the same schema (a fresh case
  file) with one ``executemany`` and fills the FTS table with one ``INSERT ... SELECT``.
- *Import with tags*: the same rows, each with one to three of 40 tags, every fifth with an
  entity link and a citation of one source (in the case beforehand). The floor adds the
  link rows (tags and entities by name, looked up in dicts) with one ``executemany`` per
  table and indexes the citations too.
- *Export*: ``formats.export_file`` of the whole case to a CSV file (spreadsheet-safe, with
  a BOM, written atomically and fsynced), as the window and the CLI export. The floor is one
  ``SELECT`` of the same columns (tags, entities and citations by ``group_concat``) written
  with ``csv.writer`` to a file that is fsynced too. Each figure is the median of five
  interleaved exports (each side first in turn).
- *Report*: ``build_chronology`` plus ``write_chronology_pdf`` for the first K events of the
  imported case, each with a citation carrying a pinpoint and a quotation.

Figures are medians of R runs; ratios compare runs made here, now.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.domain.records import EventFilter  # noqa: E402
from app.interchange import csv_import, csvfmt  # noqa: E402
from app.store.case import Case  # noqa: E402
from tests.bench.workload import synthetic_events  # noqa: E402

HEADER = ("id", "start", "end", "title", "description", "status", "key_fact", "lane")
EPOCH = datetime(1970, 1, 1)


def workload_csv(n: int, seed: int = 1234) -> bytes:
    """N synthetic events (tests/bench/workload.py) as Casetrail CSV."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for ev in synthetic_events(n, seed):
        end = "" if ev.last is None else ev.last.date().isoformat()
        writer.writerow([ev.id, ev.day.date().isoformat(), end, ev.title, "", ev.status,
                         "yes" if ev.key_fact else "", ev.lane])  # fmt: skip
    return out.getvalue().encode("utf-8")


TAGGED_HEADER = (*HEADER, "tags", "entities", "citations", "sources")


def tagged_csv(n: int, seed: int = 1234) -> bytes:
    """The rows of :func:`workload_csv` with tags, entity links and citations."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TAGGED_HEADER)
    for ev in synthetic_events(n, seed):
        end = "" if ev.last is None else ev.last.date().isoformat()
        tags = "; ".join(f"tag {(ev.id + 7 * k) % 40}" for k in range(1 + ev.id % 3))
        linked = ev.id % 5 == 0
        writer.writerow([ev.id, ev.day.date().isoformat(), end, ev.title, "", ev.status,
                         "yes" if ev.key_fact else "", ev.lane, tags,
                         f"party {ev.id % 30}|witness" if linked else "",
                         f"1|p. {ev.id}" if linked else "",
                         "Deposition" if linked else ""])  # fmt: skip
    return out.getvalue().encode("utf-8")


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# -- import ---------------------------------------------------------------------------------


def _raw_date(text: str) -> tuple[object, ...]:
    if not text:
        return (None, None, None, None, None, None, False)
    d = date.fromisoformat(text)
    start = datetime(d.year, d.month, d.day)
    earliest = (start - EPOCH) // timedelta(seconds=1)
    return (text, text, "day", "exact", earliest, earliest + 86400, False)


RAW_COLUMNS = (
    "id, title, description, status, key_fact, lane, version, "
    "start_text, start_iso, start_precision, start_qualifier, start_earliest, start_latest, "
    "start_ambiguous, end_text, end_iso, end_precision, end_qualifier, end_earliest, "
    "end_latest, end_ambiguous"
)


def raw_import(path: Path, data: bytes) -> None:
    rows = []
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    next(reader)
    for cells in reader:
        eid, start, end, title, description, status, key, lane = cells
        rows.append(
            (int(eid), title, description, status, key == "yes", lane or None, 1)
            + _raw_date(start)
            + _raw_date(end)
        )
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        f"INSERT INTO events({RAW_COLUMNS}) VALUES ({', '.join('?' * 21)})",
        rows,
    )
    conn.execute("DELETE FROM search_pending")
    conn.execute(
        "INSERT INTO events_fts(rowid, title, description) SELECT id, title, description "
        "FROM events"
    )
    conn.execute("COMMIT")
    conn.close()


def raw_import_tagged(path: Path, data: bytes) -> None:
    rows, tag_links, entity_links, cites = [], [], [], []
    tags: dict[str, int] = {}
    entities: dict[str, int] = {}
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    next(reader)
    for cells in reader:
        eid, start, end, title, description, status, key, lane, tag, ent, cite, _ = cells
        i = int(eid)
        rows.append(
            (i, title, description, status, key == "yes", lane or None, 1)
            + _raw_date(start)
            + _raw_date(end)
        )
        for name in tag.split("; ") if tag else ():
            tag_links.append((i, tags.setdefault(name, len(tags) + 1)))
        if ent:
            name, role = ent.split("|")
            entity_links.append((i, entities.setdefault(name, len(entities) + 1), role))
        if cite:
            cites.append((len(cites) + 1, i, 1, cite.split("|")[1], "", "supports", 0))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO tags(id, name, colour, description) VALUES (?, ?, '', '')",
        [(v, k) for k, v in tags.items()],
    )
    conn.executemany(
        "INSERT INTO entities(id, name, kind, description, colour) VALUES (?, ?, 'other', '', '')",
        [(v, k) for k, v in entities.items()],
    )
    conn.executemany(
        f"INSERT INTO events({RAW_COLUMNS}) VALUES ({', '.join('?' * 21)})",
        rows,
    )
    conn.executemany("INSERT INTO event_tags(event_id, tag_id) VALUES (?, ?)", tag_links)
    conn.executemany(
        "INSERT INTO event_entities(event_id, entity_id, role) VALUES (?, ?, ?)", entity_links
    )
    conn.executemany(
        "INSERT INTO citations(id, event_id, source_id, pinpoint, quote, stance, position) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        cites,
    )
    conn.execute("DELETE FROM search_pending")
    for fts, cols, table in (
        ("events_fts", "title, description", "events"),
        ("citations_fts", "quote, pinpoint", "citations"),
    ):
        conn.execute(f"INSERT INTO {fts}(rowid, {cols}) SELECT id, {cols} FROM {table}")
    conn.execute("COMMIT")
    conn.close()


def bench_import_tagged(data: bytes, folder: Path, k: int) -> tuple[float, float]:
    path = folder / f"tagged-{k}.case"
    case = Case.create(path, title="bench")
    case.create_source(title="Deposition", source_id=1)
    t_ours = _timed(lambda: csv_import.import_csv(case, data))
    assert len(case.event_ids()) == data.count(b"\n") - 1
    case.close()
    floor_path = folder / f"tagged-floor-{k}.case"
    with Case.create(floor_path, title="floor") as floor:
        floor.create_source(title="Deposition", source_id=1)
    t_floor = _timed(lambda: raw_import_tagged(floor_path, data))
    return t_ours, t_floor


def bench_import(data: bytes, folder: Path, k: int) -> tuple[float, float, Path]:
    path = folder / f"import-{k}.case"
    case = Case.create(path, title="bench")
    t_ours = _timed(lambda: csv_import.import_csv(case, data))
    assert len(case.event_ids()) == data.count(b"\n") - 1
    case.close()
    floor_path = folder / f"floor-{k}.case"
    Case.create(floor_path, title="floor").close()
    t_floor = _timed(lambda: raw_import(floor_path, data))
    return t_ours, t_floor, path


# -- export ---------------------------------------------------------------------------------

RAW_EXPORT = """
SELECT e.id, coalesce(e.start_text, ''), coalesce(e.end_text, ''),
       coalesce(e.start_precision, ''), coalesce(e.end_precision, ''), e.title, e.description,
       e.status, CASE WHEN e.key_fact THEN 'yes' ELSE '' END, coalesce(e.lane, ''),
       coalesce((SELECT group_concat(t.name, '; ') FROM event_tags et
                 JOIN tags t ON t.id = et.tag_id WHERE et.event_id = e.id), ''),
       coalesce((SELECT group_concat(n.name || '|' || ee.role, '; ') FROM event_entities ee
                 JOIN entities n ON n.id = ee.entity_id WHERE ee.event_id = e.id), ''),
       coalesce((SELECT group_concat(c.source_id || '|' || c.pinpoint || '|' || c.stance
                 || '|' || c.quote, '; ') FROM citations c WHERE c.event_id = e.id), ''),
       coalesce((SELECT group_concat(DISTINCT s.title) FROM citations c
                 JOIN sources s ON s.id = c.source_id WHERE c.event_id = e.id), '')
  FROM events e
 ORDER BY e.start_earliest IS NULL, CASE WHEN e.start_qualifier = 'before'
          THEN e.start_latest ELSE e.start_earliest END, e.start_latest, e.start_earliest, e.id
"""


def raw_export(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    out = io.StringIO(newline="")
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csvfmt.COLUMNS)
    writer.writerows(conn.execute(RAW_EXPORT))
    conn.close()
    return out.getvalue().encode("utf-8")


def raw_export_file(path: Path, out: Path) -> None:
    """:func:`raw_export` written to ``out`` and fsynced (as durable as Casetrail's file)."""
    data = raw_export(path)
    with open(out, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def bench_export(path: Path, rounds: int = 5) -> tuple[float, float, int]:
    """Medians of ``rounds`` interleaved exports of the case to a file (each side first in
    turn): Casetrail's ``export_file`` (the path the window and the CLI take: the atomic
    write, fsynced) and :func:`raw_export_file`."""
    from app.interchange.formats import export_file

    ours_out, raw_out = path.with_suffix(".ours.csv"), path.with_suffix(".raw.csv")
    ours: list[float] = []
    floor: list[float] = []
    with Case.open(path) as case:
        sides = [
            (ours, lambda: export_file(case, ours_out)),
            (floor, lambda: raw_export_file(path, raw_out)),
        ]
        for k in range(rounds):
            for times, run in sides[:: 1 if k % 2 == 0 else -1]:
                times.append(_timed(run))
    mine, raw = ours_out.read_bytes(), raw_out.read_bytes()
    assert mine.count(b"\r\n") == raw.count(b"\r\n"), "the two exports differ in rows"
    return statistics.median(ours), statistics.median(floor), len(mine)


def bench_export_bytes(path: Path, rounds: int = 5) -> tuple[float, float]:
    """The same without the files: ``csvfmt.export_csv`` against :func:`raw_export`, both
    to bytes in memory (medians of interleaved rounds)."""
    ours: list[float] = []
    floor: list[float] = []
    with Case.open(path) as case:
        sides = [
            (ours, lambda: csvfmt.export_csv(case, EventFilter())),
            (floor, lambda: raw_export(path)),
        ]
        for k in range(rounds):
            for times, run in sides[:: 1 if k % 2 == 0 else -1]:
                times.append(_timed(run))
    return statistics.median(ours), statistics.median(floor)


# -- report ---------------------------------------------------------------------------------


def bench_report(path: Path, folder: Path, k: int) -> tuple[float, float, int]:
    from app.interchange.chronology import build_chronology
    from app.ui.report import write_chronology_pdf

    report_case = folder / "report.case"
    with Case.open(path) as case:
        ids = case.event_ids()[:k]
        events = case.events_by_ids(ids)
    with Case.create(report_case, title="Benchmark v. Report") as case:
        source = case.create_source(
            title="Deposition transcript", kind="deposition", bates_start="DEP000001"
        ).created("source")
        rows = [{k: v for k, v in _columns(e).items()} | {"id": e.id, "version": 1} for e in events]
        case.bulk_insert_events(rows)
        with case.batch():
            for n, e in enumerate(events):
                case.add_citation(
                    event_id=e.id,
                    source_id=source,
                    pinpoint=f"p. {n + 1}",
                    quote=f"{e.title} happened as described",
                )
        t0 = time.perf_counter()
        chronology = build_chronology(case)
        t_build = time.perf_counter() - t0
        out = folder / "report.pdf"
        t0 = time.perf_counter()
        pages = write_chronology_pdf(chronology, out)
        t_pdf = time.perf_counter() - t0
    return t_build, t_pdf, pages


def _columns(e) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from app.store.case import date_columns

    return {
        "title": e.title,
        "description": e.description,
        **date_columns("start", e.start),
        **date_columns("end", e.end),
        "status": e.status,
        "key_fact": e.key_fact,
        "lane": e.lane,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--report-events", type=int, default=1000)
    args = parser.parse_args()
    data = workload_csv(args.n)
    tagged = tagged_csv(args.n)
    imports, tagged_imports, exports, in_memory = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for k in range(args.repeat):
            t_ours, t_floor, path = bench_import(data, folder, k)
            imports.append((t_ours, t_floor))
            tagged_imports.append(bench_import_tagged(tagged, folder, k))
            exports.append(bench_export(path))
            in_memory.append(bench_export_bytes(path))
        t_build, t_pdf, pages = bench_report(folder / "import-0.case", folder, args.report_events)
    i_ours = statistics.median(t for t, _ in imports)
    i_floor = statistics.median(f for _, f in imports)
    ti_ours = statistics.median(t for t, _ in tagged_imports)
    ti_floor = statistics.median(f for _, f in tagged_imports)
    e_ours = statistics.median(t for t, _, _ in exports)
    e_floor = statistics.median(f for _, f, _ in exports)
    print(f"events: {args.n:,}   CSV: {len(data) / 1e6:.1f} MB   runs: {args.repeat} (medians)")
    print(f"{'work':<30}{'casetrail':>12}{'raw csv+sqlite3':>18}{'ratio':>8}{'aim':>7}")
    print(f"{'import CSV (new case)':<30}{i_ours:>11.3f}s{i_floor:>17.3f}s"
          f"{i_ours / i_floor:>8.2f}{'1.3':>7}")  # fmt: skip
    print(f"{'import CSV with tags':<30}{ti_ours:>11.3f}s{ti_floor:>17.3f}s"
          f"{ti_ours / ti_floor:>8.2f}{'1.3':>7}")  # fmt: skip
    print(f"tagged import / untagged import: {ti_ours / i_ours:.2f}")
    print(f"{'export CSV':<30}{e_ours:>11.3f}s{e_floor:>17.3f}s"
          f"{e_ours / e_floor:>8.2f}{'1.2':>7}")  # fmt: skip
    m_ours = statistics.median(t for t, _ in in_memory)
    m_floor = statistics.median(f for _, f in in_memory)
    print(f"{'export CSV, no file':<30}{m_ours:>11.3f}s{m_floor:>17.3f}s{m_ours / m_floor:>8.2f}")
    print(
        f"PDF report of {args.report_events:,} events: build {t_build:.3f}s, "
        f"lay out and paint {t_pdf:.3f}s, {pages} pages"
    )


if __name__ == "__main__":
    main()
