"""One entry point for importing and exporting files: the format is named or inferred.

Import infers from the extension and the content: ``.csv`` is Casetrail CSV unless its header
is the TimelineJS spreadsheet template's (Year, Month, Day, ... Headline); ``.json`` is
Casetrail JSON when it says ``"format": "casetrail"``, else TimelineJS JSON. Export infers
from the extension (``.csv``, ``.json``), and ``--format timelinejs`` writes TimelineJS JSON.
"""

from __future__ import annotations

from pathlib import Path

from app.domain.records import EventFilter
from app.interchange import casejson, csvfmt, timelinejs
from app.interchange.report import ImportRejected, ImportReport
from app.store.case import Case, CaseError

MAX_IMPORT_BYTES = 512 * 1024 * 1024


class ImportProblem(Exception):
    """Nothing was imported: a one-line headline and, for row errors, one line each."""

    def __init__(self, headline: str, details: list[str] | None = None) -> None:
        self.headline = headline
        self.details = details or []
        super().__init__(headline)


class ExportProblem(Exception):
    pass


class _DryRun(Exception):
    """Raised inside a batch to roll a checked import back."""


def detect_import_format(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if suffix == ".json" or head.startswith((b"{", b"[")):
        return "casetrail-json" if b'"casetrail"' in data[:65536] else "timelinejs"
    first_line = head.split(b"\n", 1)[0].lower()
    if b"headline" in first_line and b"year" in first_line:
        return "timelinejs-csv"
    return "csv"


def import_file(
    case: Case, path: Path, *, fmt: str | None = None, dry_run: bool = False
) -> ImportReport:
    """Import ``path`` into ``case`` completely or not at all."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ImportProblem(f"is {size:,} bytes; the limit is {MAX_IMPORT_BYTES:,}")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportProblem("no such file") from None
    except IsADirectoryError:
        raise ImportProblem("is a folder, not a file") from None
    except OSError as error:
        raise ImportProblem(f"cannot be read ({error.strerror or error})") from None
    kind = detect_import_format(path, data)
    if fmt == "csv" and kind == "timelinejs-csv":
        kind = "timelinejs-csv"
    elif fmt == "csv":
        kind = "csv"
    elif fmt == "json":
        kind = "casetrail-json"
    elif fmt == "timelinejs":
        kind = "timelinejs-csv" if kind in ("csv", "timelinejs-csv") else "timelinejs"
    try:
        if kind == "csv":
            return csvfmt.import_csv(case, data, dry_run=dry_run)
        if kind == "timelinejs-csv":
            return timelinejs.import_timelinejs_csv(case, data, dry_run=dry_run)
        if kind == "timelinejs":
            return timelinejs.import_timelinejs(case, data, dry_run=dry_run)
        return _import_casetrail_json(case, data, dry_run=dry_run)
    except ImportRejected as rejected:
        raise ImportProblem(
            f"nothing was imported: {len(rejected.errors)} problem(s)",
            [str(e) for e in rejected.errors],
        ) from None
    except casejson.DocumentError as error:
        raise ImportProblem(
            f"nothing was imported: {len(error.problems)} problem(s)", list(error.problems)
        ) from None
    except CaseError as error:
        raise ImportProblem(f"nothing was imported: {error}") from None


def _import_casetrail_json(case: Case, data: bytes, *, dry_run: bool) -> ImportReport:
    doc = casejson.read_document(data)
    report = ImportReport(dry_run=dry_run)
    before = set(case.event_ids())
    try:
        with case.batch():
            casejson.import_document(case, doc)
            if dry_run:
                raise _DryRun
    except _DryRun:
        report.events = [int(e["id"]) for e in doc.get("events", []) if "id" in e]
        return report
    report.events = sorted(set(case.event_ids()) - before)
    report.sources = list(case.last_batch.ids("source", "create"))
    report.citations = len(case.last_batch.ids("citation", "create"))
    report.eras = list(case.last_batch.ids("era", "create"))
    report.entities = list(case.last_batch.ids("entity", "create"))
    return report


def export_file(
    case: Case,
    out: Path,
    *,
    fmt: str | None = None,
    flt: EventFilter | None = None,
    raw: bool = False,
) -> int:
    """Write ``out`` atomically; return the number of events written."""
    kind = fmt or {".csv": "csv", ".json": "json"}.get(out.suffix.lower())
    if kind is None:
        raise ExportProblem(
            f"{out}: name a format with --format (csv, json or timelinejs), "
            "or end the name in .csv or .json"
        )
    flt = flt or EventFilter()
    if kind == "json" and not flt.is_empty:
        raise ExportProblem(
            "Casetrail JSON is always the whole case; filters do not apply "
            "(use csv or timelinejs for a filtered export)"
        )
    if not out.parent.is_dir():
        raise ExportProblem(f"{out}: folder {out.parent} does not exist")
    try:
        if kind == "csv":
            csvfmt.write_csv(case, out, flt, raw=raw)
        elif kind == "timelinejs":
            timelinejs.write_timelinejs(case, out, flt)
        else:
            casejson.write_json(case, out)
    except OSError as error:
        raise ExportProblem(
            f"{out}: cannot be written ({error.strerror or error}); any existing file is unchanged"
        ) from None
    return len(case.event_ids(flt))
