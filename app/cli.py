"""The ``casetrail`` command: verbs for working with case files, and the GUI when no verb is
given.

Exit status: 0 success; 1 ``check`` found problems; 2 the command could not be carried out
(a bad case file, a bad argument), with a one-line message on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from app import __version__

VERBS = (
    "new",
    "demo",
    "info",
    "events",
    "check",
    "history",
    "image",
    "screenshot",
    "import",
    "export",
)
EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


class CommandError(Exception):
    """A one-line message for standard error, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casetrail",
        description="Source-linked fact chronologies. With no verb, opens the window on CASE "
        "(or on the demo case).",
    )
    parser.add_argument("--version", action="version", version=f"casetrail {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")

    p = sub.add_parser(
        "new", help="create an empty case", description="Create a new, empty case file."
    )
    p.add_argument("case", metavar="CASE", help="path of the new case file (must not exist)")
    p.add_argument("--title", required=True, help="the case's title")
    p.add_argument(
        "--day-first",
        action="store_true",
        help="read numeric dates like 01/02/2003 as day/month/year",
    )

    p = sub.add_parser(
        "demo",
        help="write the demo case (survivors v. Salesforce)",
        description="Write the demo case to CASE (which must not exist).",
    )
    p.add_argument("case", metavar="CASE")

    p = sub.add_parser(
        "info",
        help="summarise a case",
        description="Title, counts, date span, unsourced events, schema "
        "version and health of a case.",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser(
        "events",
        help="list events in date order",
        description="List events in date order, undated last.",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    _add_filters(p)

    p = sub.add_parser(
        "image",
        help="write the timeline as PNG or SVG",
        description="Paint the timeline (the same drawing as the window) to a PNG or SVG "
        "file, chosen by OUT's extension.",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument("out", metavar="OUT", help="OUT.png or OUT.svg")
    p.add_argument("--size", default="1600x900", metavar="WxH", help="pixels (default 1600x900)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="left edge")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="right edge")
    p.add_argument(
        "--group-by",
        default="none",
        choices=["none", "tag", "entity", "status", "source"],
        help="lanes (default none)",
    )

    p = sub.add_parser(
        "screenshot",
        help="render the main window to a PNG",
        description="Render the main window showing CASE offscreen into OUT.png.",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument("out", metavar="OUT", help="OUT.png")
    p.add_argument("--size", default="1400x900", metavar="WxH", help="pixels (default 1400x900)")
    p.add_argument("--select", type=int, metavar="ID", help="select this event")
    p.add_argument("--search", default="", metavar="TEXT", help="search for TEXT")
    p.add_argument("--review", action="store_true", help="open the case read-only")

    p = sub.add_parser(
        "import",
        help="import events from CSV, Casetrail JSON or TimelineJS",
        description="Check FILE completely, then import all of it in one transaction. One bad "
        "row means nothing is imported; every problem is listed with its row and column.",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--format",
        choices=["csv", "json", "timelinejs"],
        help="default: from the extension and content (.csv: Casetrail CSV or the TimelineJS "
        "spreadsheet template; .json: Casetrail JSON or TimelineJS JSON)",
    )
    p.add_argument("--dry-run", action="store_true", help="check only; write nothing")

    p = sub.add_parser(
        "export",
        help="export events to CSV, Casetrail JSON, TimelineJS JSON, or a chronology report "
        "(PDF or HTML)",
        description="Write the events (narrowed by the same filters as `events`) to OUT. "
        "OUT.pdf and OUT.html are the trial-ready chronology report: a cover, the events in "
        "date order with their citations as numbered footnotes, undated events last, a table "
        "of the cited sources with their SHA-256, and an appendix of events without a source. "
        "The file is written atomically: a failure leaves an existing OUT untouched.",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument("out", metavar="OUT")
    p.add_argument(
        "--format",
        choices=["csv", "json", "timelinejs", "html", "pdf"],
        help="default: from OUT's extension (.csv, .json, .html, .pdf)",
    )
    p.add_argument(
        "--raw",
        action="store_true",
        help="CSV: write cells exactly (by default a cell starting with = + - @ tab or CR is "
        "prefixed with ' so spreadsheets do not run it as a formula)",
    )
    p.add_argument("--key-only", action="store_true", help="only key facts")
    p.add_argument(
        "--report-tag",
        action="append",
        default=[],
        metavar="T",
        help="report: only events with this tag (repeatable: any may match)",
    )
    p.add_argument(
        "--report-status",
        action="append",
        default=[],
        metavar="S",
        choices=["alleged", "disputed", "undisputed", "established"],
        help="report: only events with this status (repeatable: any may match)",
    )
    p.add_argument(
        "--page-size",
        default="Letter",
        choices=["Letter", "A4"],
        help="PDF report: paper size (default Letter)",
    )
    _add_filters(p)

    p = sub.add_parser(
        "history",
        help="print the change history (audit log)",
        description="Every recorded change, oldest first: when (UTC), who, what, and old and "
        "new values. `casetrail check` verifies the hash chain that links the rows.",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument("--json", action="store_true", help="print a JSON list with the row hashes")

    p = sub.add_parser(
        "check",
        help="verify a case's integrity",
        description="SQLite integrity and foreign keys, the audit chain, the "
        "search index and source file hashes. Exit 0 when healthy, "
        "1 with the list of problems.",
    )
    p.add_argument("case", metavar="CASE")
    return parser


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--search", default="", metavar="TEXT", help="full-text search")
    p.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help="only events with this tag (repeatable: all must match)",
    )
    p.add_argument(
        "--entity",
        action="append",
        default=[],
        metavar="E",
        help="only events naming this person or organisation (repeatable)",
    )
    p.add_argument(
        "--status",
        action="append",
        default=[],
        metavar="S",
        choices=["alleged", "disputed", "undisputed", "established"],
        help="only events with this status (repeatable: any may match)",
    )
    p.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help="only events that may fall on or after DATE",
    )
    p.add_argument(
        "--to", dest="date_to", metavar="DATE", help="only events that may fall on or before DATE"
    )


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casetrail",
        usage="casetrail [--review] [CASE] | casetrail VERB ... (see casetrail --help)",
    )
    parser.add_argument("case", nargs="?", metavar="CASE", help="case file to open")
    parser.add_argument("--review", action="store_true", help="open read-only")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if (
            args_list
            and args_list[0] in VERBS
            or any(a in ("-h", "--help", "--version") for a in args_list[:1])
        ):
            args = _parser().parse_args(args_list)
            return _run(args)
        gui = _gui_parser().parse_args(args_list)
        return _open_gui(gui.case, review=gui.review)
    except CommandError as error:
        print(f"casetrail: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    from app.store.engine import CaseFileError

    try:
        handlers = {
            "new": _new,
            "demo": _demo,
            "info": _info,
            "events": _events,
            "check": _check,
            "image": _image,
            "screenshot": _screenshot,
            "import": _import,
            "export": _export,
            "history": _history,
        }
        handler = handlers[args.verb]
        return handler(args)
    except CaseFileError as error:
        raise CommandError(str(error)) from None


def _open(path: str, *, review: bool = False) -> Any:
    from app.store.case import Case
    from app.store.engine import Mode

    return Case.open(path, Mode.REVIEW if review else Mode.OPEN)


def _new(args: argparse.Namespace) -> int:
    from app.store.case import Case, CaseError

    try:
        Case.create(args.case, title=args.title, day_first=args.day_first).close()
    except CaseError as error:
        raise CommandError(str(error)) from None
    print(f"created {args.case}")
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from app.interchange.demo import build_demo

    build_demo(args.case).close()
    print(f"wrote the demo case to {args.case}")
    return EXIT_OK


def _info(args: argparse.Namespace) -> int:
    with _open(args.case) as case:
        stats = case.stats()
        problems = case.check(verify_file=_file_checker(case))
    data = {
        "path": str(Path(args.case)),
        "title": stats.title,
        "events": stats.events,
        "sources": stats.sources,
        "citations": stats.citations,
        "entities": stats.entities,
        "tags": stats.tags,
        "eras": stats.eras,
        "undated": stats.undated,
        "unsourced": stats.unsourced,
        "span": {"earliest": stats.first, "latest": stats.last},
        "schema_version": stats.schema_version,
        "day_first": stats.day_first,
        "health": "ok" if not problems else "problems",
        "problems": problems,
    }
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    span = "none"
    if stats.first and stats.last:
        last_day = datetime.fromisoformat(stats.last) - timedelta(seconds=1)
        span = f"{stats.first[:10]} to {last_day.date().isoformat()}"
    print(
        f"{stats.title}\n"
        f"  events      {stats.events} ({stats.undated} undated, {stats.unsourced} unsourced)\n"
        f"  sources     {stats.sources}\n  citations   {stats.citations}\n"
        f"  entities    {stats.entities}\n  tags        {stats.tags}\n"
        f"  eras        {stats.eras}\n  date span   {span}\n"
        f"  schema      {stats.schema_version}\n"
        f"  health      {data['health']}"
    )
    for problem in problems:
        print(f"    - {problem}")
    return EXIT_OK


def event_json(event: Any) -> dict[str, Any]:
    """The JSON shape of one event for ``casetrail events --json``."""

    def date(d: Any) -> dict[str, Any] | None:
        if d is None:
            return None
        return {
            "text": d.text,
            "precision": d.precision.value,
            "qualifier": d.qualifier.value,
            "earliest": d.earliest.isoformat(),
            "latest": d.latest.isoformat(),
            "ambiguous": d.ambiguous,
        }

    return {
        "id": event.id,
        "title": event.title,
        "description": event.description,
        "start": date(event.start),
        "end": date(event.end),
        "status": event.status,
        "key": event.key_fact,
        "tags": list(event.tags),
        "entities": [
            {"id": e.entity_id, "name": e.name, "kind": e.kind, "role": e.role}
            for e in event.entities
        ],
        "citations": [
            {
                "source_id": c.source_id,
                "source_title": c.source_title,
                "pinpoint": c.pinpoint,
                "quote": c.quote,
                "stance": c.stance,
            }
            for c in event.citations
        ],
    }


def _parse_date_arg(text: str | None, flag: str, day_first: bool) -> Any:
    if text is None:
        return None
    from app.domain.dates import DateError, FuzzyDate

    try:
        return FuzzyDate.parse(text, day_first=day_first)
    except DateError as error:
        raise CommandError(f"{flag}: {error}") from None


def _filter_from(args: argparse.Namespace, day_first: bool) -> Any:
    from app.domain.records import EventFilter

    return EventFilter(
        search=args.search,
        tags=tuple(args.tag),
        entities=tuple(args.entity),
        statuses=tuple(args.status),
        date_from=_parse_date_arg(args.date_from, "--from", day_first),
        date_to=_parse_date_arg(args.date_to, "--to", day_first),
    )


def _events(args: argparse.Namespace) -> int:
    with _open(args.case) as case:
        day_first = case.day_first
        events = case.events(_filter_from(args, day_first))
    if args.json:
        print(json.dumps([event_json(e) for e in events], indent=2, ensure_ascii=False))
        return EXIT_OK
    for e in events:
        when = e.start.format(day_first=day_first) if e.start else "undated"
        if e.end is not None:
            when += " - " + e.end.format(day_first=day_first)
        marks = ("*" if e.key_fact else " ") + ("!" if e.unsourced else " ")
        print(f"{e.id:>6} {marks} {when:<28} {e.status:<11} {_one_line(e.title)}")
    return EXIT_OK


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _file_checker(case: Any) -> Any:
    from app.store.files import linked_file_state

    def verify(source: Any) -> str | None:
        return linked_file_state(source, case.path)[1]

    return verify


def _check(args: argparse.Namespace) -> int:
    with _open(args.case) as case:
        problems = case.check(verify_file=_file_checker(case))
    if problems:
        print(f"{args.case}: {len(problems)} problem(s)")
        for problem in problems:
            print(f"  - {problem}")
        return EXIT_PROBLEMS
    print(f"{args.case}: healthy")
    return EXIT_OK


def _size(text: str) -> tuple[int, int]:
    import re

    match = re.fullmatch(r"(\d{2,5})[xX](\d{2,5})", text)
    if not match:
        raise CommandError(f"--size: {text!r} is not WIDTHxHEIGHT, e.g. 1600x900")
    width, height = int(match[1]), int(match[2])
    if not (200 <= width <= 16000 and 150 <= height <= 16000):
        raise CommandError("--size: width must be 200-16000 and height 150-16000 pixels")
    return width, height


def _screenshot(args: argparse.Namespace) -> int:
    width, height = _size(args.size)
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise CommandError(f"{out}: a screenshot must end in .png")
    with _open(args.case, review=args.review) as case:
        if args.select is not None:
            try:
                case.event(args.select)
            except Exception:
                raise CommandError(f"--select: there is no event {args.select}") from None
        from app.ui.screenshot import screenshot

        try:
            screenshot(case, out, width, height, select=args.select, search=args.search)
        except OSError as error:
            raise CommandError(str(error)) from None
    print(f"wrote {out} ({width}x{height})")
    return EXIT_OK


def _image(args: argparse.Namespace) -> int:
    width, height = _size(args.size)
    out = Path(args.out)
    if out.suffix.lower() not in (".png", ".svg"):
        raise CommandError(f"{out}: the image must end in .png or .svg")
    with _open(args.case) as case:
        day_first = case.day_first
        date_from = _parse_date_arg(args.date_from, "--from", day_first)
        date_to = _parse_date_arg(args.date_to, "--to", day_first)
        from app.ui.image import render_to_file

        try:
            render_to_file(
                case,
                out,
                width,
                height,
                group_by=args.group_by,
                date_from=date_from,
                date_to=date_to,
            )
        except OSError as error:
            raise CommandError(str(error)) from None
    print(f"wrote {out} ({width}x{height})")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from app.interchange.formats import ImportProblem, import_file

    source = Path(args.file)
    with _open(args.case) as case:
        try:
            report = import_file(case, source, fmt=args.format, dry_run=args.dry_run)
        except ImportProblem as problem:
            print(f"casetrail: {source}: {problem.headline}", file=sys.stderr)
            for line in problem.details[:200]:
                print(f"  {line}", file=sys.stderr)
            if len(problem.details) > 200:
                print(f"  ... and {len(problem.details) - 200} more", file=sys.stderr)
            return EXIT_ERROR
    print(report.summary())
    for warning in report.warnings:
        print(f"  warning: {warning}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from app.interchange.formats import ExportProblem, export_file, export_format

    out = Path(args.out)
    try:
        kind = export_format(out, args.format)
    except ExportProblem as problem:
        raise CommandError(str(problem)) from None
    pdf_writer = None
    if kind == "pdf":
        # Painting needs Qt, which only app.ui may import; the interchange layer is handed
        # the renderer.
        from app.ui.report import write_chronology_pdf

        pdf_writer = write_chronology_pdf
    with _open(args.case) as case:
        flt = _filter_from(args, case.day_first)
        try:
            count = export_file(
                case,
                out,
                fmt=kind,
                flt=flt,
                raw=args.raw,
                key_only=args.key_only,
                report_tags=tuple(args.report_tag),
                report_statuses=tuple(args.report_status),
                page_size=args.page_size,
                pdf_writer=pdf_writer,
            )
        except ExportProblem as problem:
            raise CommandError(str(problem)) from None
    print(f"wrote {count} event(s) to {out}")
    return EXIT_OK


def _history(args: argparse.Namespace) -> int:
    from app.interchange.history import describe, format_line, history_json

    with _open(args.case, review=True) as case:
        records = case.audit_log()
    if args.json:
        print(json.dumps(history_json(records), indent=2, ensure_ascii=False))
    else:
        for record in records:
            print(format_line(describe(record)))
    return EXIT_OK


def demo_case_path() -> Path:
    from app.paths import user_data_dir

    return user_data_dir() / "demo.case"


def _open_gui(case_path: str | None, *, review: bool) -> int:
    if case_path is None:
        path = demo_case_path()
        if not path.exists():
            from app.interchange.demo import build_demo

            path.parent.mkdir(parents=True, exist_ok=True)
            build_demo(path).close()
    else:
        path = Path(case_path)
    # Import the store (SQLAlchemy, numpy) before Qt: once PySide6 is loaded, its import hook
    # reads the source of every module imported after it, which costs a tenth of a second.
    import app.domain.columns  # noqa: F401
    import app.store.case  # noqa: F401
    from app.ui.app import run_gui

    return run_gui(path, review=review)
