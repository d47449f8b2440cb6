"""One entry point for importing and exporting files: the format is named or inferred.

Import infers from the extension and the content: ``.csv`` is Casetrail CSV unless its header
is the TimelineJS spreadsheet template's (Year, Month, Day, ... Headline); ``.json`` is
Casetrail JSON when it says ``"format": "casetrail"``, else TimelineJS JSON. Export infers
from the extension (``.csv``, ``.json``, ``.html``, ``.pdf``), and ``--format timelinejs``
writes TimelineJS JSON.

``html`` and ``pdf`` are the chronology report (:mod:`app.interchange.chronology`). The HTML
is built here; the PDF is painted with Qt, which this layer may not import, so the caller
passes the renderer in (``pdf_writer``, e.g. ``app.ui.report.write_chronology_pdf``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.domain.records import EventFilter
from app.interchange import casejson, csv_import, csvfmt, timelinejs
from app.interchange.atomic import atomic_write, cannot_write
from app.interchange.casejson_renumber import id_collisions, renumbered
from app.interchange.import_outcome import ImportRejected, ImportReport, title_warning
from app.interchange.output_policy import (
    OutputPolicy,
    RealNameLeft,
    check_bytes,
    check_pages,
    make_policy,
    output_case,
)
from app.store.case import Case, CaseError

MAX_IMPORT_BYTES = 512 * 1024 * 1024
EXPORT_SUFFIXES = {".csv": "csv", ".json": "json", ".html": "html", ".htm": "html", ".pdf": "pdf"}
EXPORT_FORMATS = ("csv", "json", "timelinejs", "html", "pdf")
REPORT_FORMATS = ("html", "pdf")


class ImportProblem(Exception):
    """Nothing was imported: a one-line headline and, for row errors, one line each."""

    def __init__(self, headline: str, details: list[str] | None = None) -> None:
        self.headline = headline
        self.details = details or []
        super().__init__(headline)


class ExportProblem(Exception):
    pass


class Written(int):
    """The number of events an export wrote, with ``details``: what the file holds, in
    words ("7 event slide(s), 2 era(s); 1 undated event(s) left out ...")."""

    details: str

    def __new__(cls, count: int, details: str = "") -> Written:
        made = super().__new__(cls, count)
        made.details = details or f"{count} event(s)"
        return made


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


def read_input(path: Path, limit: int = MAX_IMPORT_BYTES, *, head: bool = False) -> bytes:
    """The bytes of the file to import, at most ``limit`` of them, or :class:`ImportProblem`
    (with ``head``, its first ``limit`` bytes, however large the file is).

    Only a regular file is read: a device (``/dev/zero``, ``/dev/urandom``), a pipe, a
    socket or a folder is refused before a byte is read, and opening never waits for a
    pipe's writer (``O_NONBLOCK``), so a FIFO cannot hang the program.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ImportProblem("no such file") from None
    except IsADirectoryError:
        raise ImportProblem("is a folder, not a file") from None
    except OSError as error:
        raise ImportProblem(f"cannot be read ({error.strerror or error})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ImportProblem("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            kind = (
                "a pipe" if stat.S_ISFIFO(info.st_mode)
                else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                else "a socket" if stat.S_ISSOCK(info.st_mode)
                else "not a regular file"
            )  # fmt: skip
            raise ImportProblem(f"is {kind}, not a file; only files can be imported")
        if info.st_size > limit and not head:
            raise ImportProblem(f"is {info.st_size:,} bytes; the limit is {limit:,}")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit if head else limit + 1)
    except OSError as error:
        raise ImportProblem(f"cannot be read ({error.strerror or error})") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise ImportProblem(f"is more than {limit:,} bytes; the limit is {limit:,}")
    return data


def import_file(
    case: Case,
    path: Path,
    *,
    fmt: str | None = None,
    dry_run: bool = False,
    adopt_title: bool = False,
    merge: bool = False,
    new_ids: bool = False,
) -> ImportReport:
    """Import ``path`` into ``case`` completely or not at all.

    The file's title becomes the case's only with ``adopt_title``. For Casetrail CSV,
    ``merge`` updates the events whose ids the case has and ``new_ids`` imports every row
    as a new event (an id already taken is otherwise an error)."""
    if merge and new_ids:
        raise ImportProblem("choose --merge (match events by id) or --new-ids, not both")
    data = read_input(path)
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
        if merge and kind != "csv":
            raise ImportProblem("--merge applies to Casetrail CSV files only")
        if new_ids and kind not in ("csv", "casetrail-json"):
            raise ImportProblem("--new-ids applies to Casetrail CSV and Casetrail JSON files")
        if kind == "csv":
            return csv_import.import_csv(
                case, data, dry_run=dry_run, keep_ids=not new_ids, merge=merge
            )
        if kind == "timelinejs-csv":
            return timelinejs.import_timelinejs_csv(
                case, data, dry_run=dry_run, adopt_title=adopt_title
            )
        if kind == "timelinejs":
            return timelinejs.import_timelinejs(
                case, data, dry_run=dry_run, adopt_title=adopt_title
            )
        return _import_casetrail_json(
            case, data, dry_run=dry_run, adopt_title=adopt_title, new_ids=new_ids
        )
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


def _import_casetrail_json(
    case: Case, data: bytes, *, dry_run: bool, adopt_title: bool, new_ids: bool
) -> ImportReport:
    doc = casejson.read_document(data)
    if new_ids:
        doc = renumbered(case, doc)
    elif (clash := id_collisions(case, doc)) is not None:
        raise ImportProblem(f"nothing was imported: {clash}")
    title = (doc.get("case") or {}).get("title") if isinstance(doc.get("case"), dict) else None
    report = ImportReport(dry_run=dry_run, warnings=title_warning(title, case.title, adopt_title))
    report.renumbered = new_ids
    before = set(case.event_ids())
    try:
        with case.batch() as batch:
            casejson.import_document(case, doc, adopt_title=adopt_title)
            if dry_run:
                raise _DryRun
    except _DryRun:
        # everything was checked and written, then rolled back: count what the file holds

        def ids(key: str) -> list[int]:
            return [int(x.get("id") or 0) for x in doc.get(key, [])]

        report.events, report.sources = ids("events"), ids("sources")
        report.eras, report.entities = ids("eras"), ids("entities")
        report.citations = sum(len(e.get("citations", [])) for e in doc.get("events", []))
        report.views, report.history = len(doc.get("saved_views", [])), len(doc.get("history", []))
        return report
    report.events = sorted(set(case.event_ids()) - before)
    report.changes = batch.changes
    report.sources = list(report.changes.ids("source", "create"))
    report.citations = len(report.changes.ids("citation", "create"))
    report.eras = list(report.changes.ids("era", "create"))
    report.entities = list(report.changes.ids("entity", "create"))
    report.views, report.history = len(doc.get("saved_views", [])), len(doc.get("history", []))
    return report


def is_same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one existing file (through links, ``..`` and all)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def export_format(out: Path, fmt: str | None = None) -> str:
    """The format named, or the one ``out``'s extension implies."""
    kind = fmt or EXPORT_SUFFIXES.get(out.suffix.lower())
    if kind is None or kind not in EXPORT_FORMATS:
        raise ExportProblem(
            f"{out}: name a format with --format (csv, json, timelinejs, html or pdf), "
            "or end the name in .csv, .json, .html or .pdf"
        )
    return kind


def export_file(
    case: Case,
    out: Path,
    *,
    fmt: str | None = None,
    flt: EventFilter | None = None,
    raw: bool = False,
    key_only: bool = False,
    report_tags: Sequence[str] = (),
    report_statuses: Sequence[str] = (),
    page_size: str = "Letter",
    pdf_writer: Callable[..., Any] | None = None,
    cancelled: Callable[[], bool] | None = None,
    undated_slide: bool = False,
    include_privileged: bool = False,
    pseudonyms: bool = False,
    pdf_text: Callable[[Path], list[str]] | None = None,
) -> Written:
    """Write ``out`` atomically; return the number of events written.

    ``key_only`` narrows every format to key facts. ``report_tags`` and ``report_statuses``
    (events with any of these tags / statuses) and ``page_size`` apply to the reports.
    ``pdf_writer(chronology, file, page_size=...)`` paints the PDF report into a binary
    file. Every format goes through :func:`~app.interchange.atomic.atomic_write`: when
    ``cancelled()`` is true once the data is written, :class:`WriteCancelled` is raised and
    the old file is left as it was.

    ``include_privileged`` adds the work-product notes (and marks the file PRIVILEGED);
    ``pseudonyms`` shows entities under their pseudonyms and refuses the file (nothing kept)
    if a real name remains in it (a PDF is read back with ``pdf_text(path)``, its pages).
    """
    kind = export_format(out, fmt)
    flt = flt or EventFilter()
    report = kind in REPORT_FORMATS
    if (report_tags or report_statuses) and not report:
        raise ExportProblem(
            "--report-tag and --report-status apply to the html and pdf reports only "
            "(use --tag and --status to narrow other formats)"
        )
    if key_only and not report:
        flt = replace(flt, key_only=True)
    if kind == "json" and not flt.is_empty:
        raise ExportProblem(
            "Casetrail JSON is always the whole case; filters do not apply "
            "(use csv or timelinejs for a filtered export)"
        )
    if kind == "pdf" and pdf_writer is None:
        raise ExportProblem(f"{out}: this program cannot paint PDF reports here")
    if undated_slide and kind != "timelinejs":
        raise ExportProblem("--undated-slide applies to TimelineJS exports only")
    if not out.parent.is_dir():
        raise ExportProblem(f"{out}: folder {out.parent} does not exist")
    if isinstance(case.path, Path) and is_same_file(out, case.path):
        raise ExportProblem(f"{out}: is the case file itself; choose another name")
    if pseudonyms and kind == "pdf" and pdf_text is None:
        raise ExportProblem(f"{out}: this program cannot read a PDF back to check its names")
    policy = make_policy(case, include_privileged=include_privileged, pseudonyms=pseudonyms)
    case = output_case(case, policy)
    try:
        return _write_export(case, out, kind, flt, policy, pdf_text, raw=raw,
                             key_only=key_only, report_tags=report_tags,
                             report_statuses=report_statuses, page_size=page_size,
                             pdf_writer=pdf_writer, cancelled=cancelled,
                             undated_slide=undated_slide)  # fmt: skip
    except RealNameLeft as error:
        raise ExportProblem(str(error)) from None


def _write_export(case: Any, out: Path, kind: str, flt: EventFilter, policy: OutputPolicy,
                  pdf_text: Callable[[Path], list[str]] | None, *, raw: bool, key_only: bool,
                  report_tags: Sequence[str], report_statuses: Sequence[str], page_size: str,
                  pdf_writer: Callable[..., Any] | None, cancelled: Callable[[], bool] | None,
                  undated_slide: bool) -> Written:  # fmt: skip
    report = kind in REPORT_FORMATS
    timeline = None
    written = 0  # the events a CSV holds, counted as they are written
    if kind == "timelinejs":
        try:
            timeline = timelinejs.build_timelinejs(case, flt, undated_slide=undated_slide)
        except timelinejs.NothingToShow as error:
            raise ExportProblem(f"{out}: {error}; nothing was written") from None
    try:
        with atomic_write(out, cancelled=cancelled) as fh:
            if report:
                from app.interchange.chronology import build_chronology, render_html

                chronology = build_chronology(
                    case, flt, key_only=key_only, tags=report_tags, statuses=report_statuses
                )
                if kind == "html":
                    page = render_html(chronology).encode("utf-8")
                    check_bytes(policy, str(out), page)
                    fh.write(page)
                else:
                    assert pdf_writer is not None
                    try:
                        pdf_writer(chronology, fh, page_size=page_size)
                    except OSError as error:
                        if error.strerror:
                            raise
                        # The renderer's own message already names the file.
                        raise ExportProblem(
                            f"{out}: {error}; any existing file is unchanged"
                        ) from None
                    if policy.pseudonyms and pdf_text is not None:
                        fh.flush()
                        check_pages(policy, str(out), pdf_text(Path(fh.name)))
                count = len(chronology.all_entries)
                return Written(count, f"{count} event(s) in the chronology report")
            if kind == "csv":
                data, written = csvfmt.export_csv_counted(case, flt, raw=raw)
            elif timeline is not None:
                data = casejson.dumps(timeline.doc).encode("utf-8")
            else:
                # stored files are originals, never altered: a pseudonymised copy leaves them
                carried = not policy.use_pseudonyms
                doc = casejson.export_document(case, include_history=True, include_files=carried)
                data = casejson.dumps(doc).encode("utf-8")
            check_bytes(policy, str(out), data)
            fh.write(data)
    except OSError as error:
        raise ExportProblem(cannot_write(out, error)) from None
    if timeline is not None:
        shown = timeline.slides + (timeline.undated if timeline.undated_slide else 0)
        return Written(shown, timeline.summary())
    if kind == "json":
        summary = whole_case_summary(doc)
        if policy.use_pseudonyms:
            summary += "; the stored files were left out (originals are never altered)"
        if "history" not in doc:
            summary += (
                "; the change history was left out (it records the privileged notes or the "
                "real names this export leaves out)"
            )
        return Written(len(doc["events"]), summary)
    return Written(written)


def whole_case_summary(doc: dict[str, Any]) -> str:
    """What a Casetrail JSON document holds, in words."""
    counts = [
        (len(doc["events"]), "event(s)"),
        (len(doc["sources"]), "source(s)"),
        (sum(len(e["citations"]) for e in doc["events"]), "citation(s)"),
        (len(doc["entities"]), "entit(y/ies)"),
        (len(doc["tags"]), "tag(s)"),
        (len(doc["eras"]), "era(s)"),
        (len(doc.get("saved_views", [])), "saved view(s)"),
        (len(doc.get("files", [])), "stored file(s)"),
        (len(doc.get("history", [])), "history row(s)"),
    ]
    return "the whole case: " + ", ".join(f"{n} {what}" for n, what in counts)
