"""The verbs about a case file as a whole: ``new``, ``demo``, ``info``, ``check`` and
``history``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.case_args import file_checker, open_case
from app.cli.errors import EXIT_OK, EXIT_PROBLEMS, CommandError
from app.domain.date_display import day_words
from app.domain.date_settings import checked_zone
from app.domain.instants import parse_instant


def run_new(args: argparse.Namespace) -> int:
    from app.store.case import Case, CaseError

    try:
        zone = checked_zone(args.time_zone)
    except ValueError as error:
        raise CommandError(f"--time-zone: {error}") from None
    try:
        with Case.create(args.case, title=args.title, day_first=args.day_first) as case:
            if zone != "UTC" or args.southern_hemisphere:
                case.update_case_info(time_zone=zone, southern_hemisphere=args.southern_hemisphere)
    except CaseError as error:
        raise CommandError(str(error)) from None
    print(f"created {args.case}")
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    from app.interchange.demo import build_demo

    build_demo(args.case).close()
    print(f"wrote the demo case to {args.case}")
    return EXIT_OK


def run_info(args: argparse.Namespace) -> int:
    with open_case(args.case) as case:
        stats = case.stats()
        dates = case.date_settings
        problems = case.check(verify_file=file_checker(case))
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
        "standing": stats.standings,
        "warnings": stats.warnings,
        "span": {"earliest": stats.first, "latest": stats.last},
        "schema_version": stats.schema_version,
        "day_first": stats.day_first,
        "time_zone": dates.time_zone,
        "hemisphere": dates.hemisphere,
        "health": "ok" if not problems else "problems",
        "problems": problems,
    }
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    standing = ", ".join(f"{n} {name}" for name, n in stats.standings.items())
    span = "none"
    if stats.first and stats.last:
        # the known bounds only: an open-ended date counts by its one known bound
        first, last = parse_instant(stats.first), parse_instant(stats.last)
        if first is not None and last is not None:
            span = f"{day_words(first)} to {day_words(last - 1)}"
            if last == first:  # only open-ended dates, all at one bound
                span = day_words(first)
    print(
        f"{stats.title}\n"
        f"  events      {stats.events} ({stats.undated} undated, {stats.unsourced} unsourced)\n"
        f"  standing    {standing}\n"
        f"  warnings    {stats.warnings} (status not supported by the citations)\n"
        f"  sources     {stats.sources}\n  citations   {stats.citations}\n"
        f"  entities    {stats.entities}\n  tags        {stats.tags}\n"
        f"  eras        {stats.eras}\n  date span   {span}\n"
        f"  time zone   {dates.time_zone} ({dates.hemisphere} hemisphere seasons)\n"
        f"  schema      {stats.schema_version}\n"
        f"  health      {data['health']}"
    )
    for problem in problems:
        print(f"    - {problem}")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    with open_case(args.case) as case:
        problems = case.check(verify_file=file_checker(case))
    if problems:
        print(f"{args.case}: {len(problems)} problem(s)")
        for problem in problems:
            print(f"  - {problem}")
        return EXIT_PROBLEMS
    print(f"{args.case}: healthy")
    return EXIT_OK


def run_history(args: argparse.Namespace) -> int:
    from app.interchange.history import describe, format_line, history_json

    with open_case(args.case, review=True) as case:
        records = case.audit_log()
    if args.json:
        shown = history_json(records, include_privileged=args.include_privileged)
        print(json.dumps(shown, indent=2, ensure_ascii=False))
    else:
        for record in records:
            print(format_line(describe(record, include_privileged=args.include_privileged)))
        head = records[-1].row_hash if records else "none (no changes recorded)"
        print(f"head {head} after {len(records)} change(s); keep it with any copy you hand over")
    return EXIT_OK
