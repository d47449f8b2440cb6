"""The command line of ``casetrail``: the verbs, their arguments and help text."""

from __future__ import annotations

import argparse

from app import __version__
from app.cli import exhibits_verb, publish_verb, seal_verbs, shared_verbs
from app.cli.output_args import add_output_options

VERBS = (
    "new",
    "demo",
    "info",
    "events",
    "citations",
    "check",
    "history",
    "image",
    "screenshot",
    "import",
    "export",
    "seal",
    "verify",
    "key",
    "salvage",
    "publish",
    "exhibits",
    "push",
    "pull",
    "share",
)


def build_parser() -> argparse.ArgumentParser:
    from app.domain.records import EVENT_STATUSES  # the verbs only (the window starts without)

    parser = argparse.ArgumentParser(
        prog="casetrail",
        usage="casetrail [--review] [CASE]\n"
        "       casetrail --present CASE [--view NAME | --story NAME]\n"
        "       casetrail VERB [ARGUMENTS ...]",
        description="Source-linked fact chronologies. `casetrail [--review] [CASE]` opens the "
        "window on CASE (on the demo case when no case is given); --review opens it read-only. "
        "`casetrail --present CASE [--view NAME | --story NAME]` presents the case (or a "
        "saved view, or a story) full "
        "screen, read-only, one event at a time. "
        "A VERB works on case files from the command line; `casetrail VERB --help` describes "
        "each.",
    )
    parser.add_argument("--version", action="version", version=f"casetrail {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB", prog="casetrail")

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
    p.add_argument(
        "--time-zone",
        default="UTC",
        metavar="ZONE",
        help="zone of clock times written without one, and of display (default UTC): "
        "an IANA name such as Europe/London, an offset such as +01:00, or EST, CET ...",
    )
    p.add_argument(
        "--southern-hemisphere",
        action="store_true",
        help='read seasons ("Spring 2015") as those of the southern hemisphere',
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
        "citations",
        help="list every citation, what Open does and whether its quote is there",
        description="Every citation of a case in event date order: its event, source, "
        "pinpoint, quote and stance, what Open does for it (opens: page, paragraph, line, "
        "timecode, address, document or none) and whether the quote was found at that "
        "place (quote_found: true, false, or null when there is no text to search).",
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
    p.add_argument(
        "--open-citation",
        type=int,
        metavar="ID",
        help="select the citation's event and open the citation; the source viewer is "
        "drawn beside the window",
    )
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
    p.add_argument(
        "--adopt-title",
        action="store_true",
        help="give the case the file's title (by default the case keeps its own)",
    )
    ids = p.add_mutually_exclusive_group()
    ids.add_argument(
        "--merge",
        action="store_true",
        help="Casetrail CSV: a row whose id the case has updates that event",
    )
    ids.add_argument(
        "--new-ids",
        action="store_true",
        help="Casetrail CSV or JSON: import everything as new, with new ids (JSON reuses "
        "the entities and tags the case has by name)",
    )

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
        "--undated-slide",
        action="store_true",
        help="TimelineJS: list the undated events on a slide of their own (by default they "
        "are left out, and the title slide and this command say how many)",
    )
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
        choices=list(EVENT_STATUSES),
        help="report: only events with this status (repeatable: any may match)",
    )
    p.add_argument(
        "--page-size",
        default="Letter",
        choices=["Letter", "A4"],
        help="PDF report: paper size (default Letter)",
    )
    add_output_options(p)
    _add_filters(p)

    p = sub.add_parser(
        "history",
        help="print the change history (audit log)",
        description="Every recorded change, oldest first: when (UTC), who, what, and old and "
        "new values. `casetrail check` verifies the hash chain that links the rows.",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument("--json", action="store_true", help="print a JSON list with the row hashes")
    p.add_argument(
        "--include-privileged",
        action="store_true",
        help="print the text of privileged work-product notes (withheld unless asked for)",
    )

    p = sub.add_parser(
        "salvage",
        help="copy the rows of a refused or damaged case into a new case",
        description="Copy every row of CASE that can be read and passes Casetrail's checks "
        "(events, sources, citations, entities, tags, eras, saved views and stored files) "
        "into the new case OUT, without running anything in CASE and without changing it. "
        "OUT's history records CASE's file name and SHA-256 and everything left behind: "
        "rows that failed a check (with the reason), damaged rows, and tables, indexes, "
        "triggers and views that Casetrail did not create.",
    )
    p.add_argument("case", metavar="IN", help="the refused or damaged case (never changed)")
    p.add_argument("out", metavar="OUT", help="path of the new case (must not exist)")

    p = sub.add_parser(
        "check",
        help="verify a case's integrity",
        description="SQLite integrity and foreign keys, the audit chain, every row against "
        "the digest its last audit row recorded (naming any row and field changed behind "
        "the program's back), the search index and source file hashes. Exit 0 when healthy, "
        "1 with the list of problems.",
    )
    p.add_argument("case", metavar="CASE")
    seal_verbs.add_parsers(sub)
    publish_verb.add_parser(sub)
    exhibits_verb.add_parser(sub)
    shared_verbs.add_parsers(sub)
    return parser


def _add_filters(p: argparse.ArgumentParser) -> None:
    from app.domain.records import EVENT_STATUSES
    from app.domain.standing import STANDINGS  # the verbs only (the window starts without)

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
        choices=list(EVENT_STATUSES),
        help="only events with this status (repeatable: any may match)",
    )
    p.add_argument(
        "--standing",
        action="append",
        default=[],
        metavar="S",
        choices=list(STANDINGS),
        help="only events whose citations leave them supported, contested, contradicted or "
        "unsupported (repeatable: any may match)",
    )
    p.add_argument(
        "--warnings",
        action="store_true",
        help="only events whose status the citations do not support",
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


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casetrail",
        usage="casetrail [--review] [CASE] | "
        "casetrail --present CASE [--view NAME | --story NAME] [--include-privileged] "
        "[--pseudonyms] | "
        "casetrail VERB ... (see casetrail --help)",
    )
    parser.add_argument("case", nargs="?", metavar="CASE", help="case file to open")
    parser.add_argument("--review", action="store_true", help="open read-only")
    parser.add_argument(
        "--present",
        action="store_true",
        help="present CASE full screen, read-only, one event at a time (Esc leaves)",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--view", metavar="NAME", help="--present: the events of this saved view")
    which.add_argument("--story", metavar="NAME", help="--present: the steps of this story")
    add_output_options(parser)
    return parser
