"""The import preview without widgets: what an import of a file would do, found by the
format's dry run (nothing is written), or every row it would reject.

:func:`dry_run` is what the interface runs as a background job before it offers Import;
:func:`planned_rows` lists the events a checked file holds, and :func:`row_errors` turns a
refusal into (row, column, reason) rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.interchange import casejson, csv_import, timelinejs
from app.interchange.formats import ImportProblem, detect_import_format, import_file, read_input
from app.interchange.import_outcome import ImportRejected, ImportReport, RowError
from app.store.case import Case

__all__ = [
    "KIND_NAMES",
    "PreviewResult",
    "dry_run",
    "planned_rows",
    "resolve_kind",
    "row_errors",
]

# what import_file reads a file as -> the name the preview shows
KIND_NAMES = {
    "csv": "Casetrail CSV",
    "timelinejs-csv": "TimelineJS spreadsheet (CSV)",
    "timelinejs": "TimelineJS JSON",
    "casetrail-json": "Casetrail JSON",
}
MAX_LISTED_BYTES = 64 * 1024 * 1024  # larger files are previewed by counts only
MAX_LISTED_ROWS = 2000


@dataclass
class PreviewResult:
    """What the dry run found: a report (nothing rejected) or the rejected rows."""

    path: Path
    kind: str
    report: ImportReport | None = None
    headline: str = ""
    errors: list[RowError] = field(default_factory=list)
    # (row, title, start, end) of the events that would be imported, when they can be listed
    rows: list[tuple[int, str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report is not None


MAX_HEAD_BYTES = 65536


def resolve_kind(path: Path, fmt: str | None) -> str:
    """The format import_file will read ``path`` as (mirrors its choice)."""
    try:
        head = read_input(path, MAX_HEAD_BYTES, head=True)
    except ImportProblem:
        head = b""
    kind = detect_import_format(path, head)
    if fmt == "csv":
        return "timelinejs-csv" if kind == "timelinejs-csv" else "csv"
    if fmt == "json":
        return "casetrail-json"
    if fmt == "timelinejs":
        return "timelinejs-csv" if kind in ("csv", "timelinejs-csv") else "timelinejs"
    return kind


_ROW_ERROR = re.compile(r"^(?:file|row (\d+))(?:, (.+?))?: (.*)$", re.DOTALL)


def row_errors(problem: ImportProblem) -> list[RowError]:
    """Every rejected row of ``problem`` as (row, column, reason)."""
    context = problem.__context__
    if isinstance(context, ImportRejected):
        return list(context.errors)
    errors = []
    for detail in problem.details or [problem.headline]:
        match = _ROW_ERROR.match(detail)
        if match:
            errors.append(RowError(int(match.group(1) or 0), match.group(2) or "", match.group(3)))
        elif ": " in detail:  # Casetrail JSON: "events[3].title: must be text"
            where, reason = detail.split(": ", 1)
            errors.append(RowError(0, where, reason))
        else:
            errors.append(RowError(0, "", detail))
    return errors


def _date_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("text") or value.get("iso") or "")
    return str(getattr(value, "text", value))


def planned_rows(path: Path, kind: str, day_first: bool) -> list[tuple[int, str, str, str]]:
    """(row, title, start, end) of the events a checked file holds; [] if it cannot tell."""
    try:
        data = read_input(path, MAX_LISTED_BYTES)
        if kind == "casetrail-json":
            events = casejson.read_document(data).get("events", [])
            return [
                (
                    i + 1,
                    str(e.get("title", "")),
                    _date_text(e.get("start")),
                    _date_text(e.get("end")),
                )
                for i, e in enumerate(events[:MAX_LISTED_ROWS])
                if isinstance(e, dict)
            ]
        if kind == "csv":
            planned = csv_import.check_csv(data, day_first).events
        elif kind == "timelinejs-csv":
            planned = timelinejs.check_timelinejs_csv(data, day_first).events
        else:
            planned = timelinejs.check_timelinejs(data, day_first).events
        return [
            (ev.row, ev.title, _date_text(ev.start), _date_text(ev.end))
            for ev in planned[:MAX_LISTED_ROWS]
        ]
    except Exception:  # the listing is a courtesy; the counts come from the dry run
        return []


def dry_run(case: Case, path: Path, fmt: str | None) -> PreviewResult:
    """The import's dry run (the interface runs it as a job): nothing is written."""
    kind = resolve_kind(path, fmt)
    try:
        report = import_file(case, path, fmt=fmt, dry_run=True)
    except ImportProblem as problem:
        return PreviewResult(path, kind, headline=problem.headline, errors=row_errors(problem))
    return PreviewResult(path, kind, report=report, rows=planned_rows(path, kind, case.day_first))
