"""``casetrail import`` and ``casetrail export``: files in and out of a case."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.case_args import filter_from, open_case
from app.cli.errors import EXIT_ERROR, EXIT_OK, CommandError


def run_import(args: argparse.Namespace) -> int:
    from app.interchange.formats import ImportProblem, import_file

    source = Path(args.file)
    with open_case(args.case, edit=True) as case:
        try:
            report = import_file(
                case,
                source,
                fmt=args.format,
                dry_run=args.dry_run,
                adopt_title=args.adopt_title,
                merge=args.merge,
                new_ids=args.new_ids,
            )
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


def run_export(args: argparse.Namespace) -> int:
    from app.interchange.formats import ExportProblem, export_file, export_format

    out = Path(args.out)
    try:
        kind = export_format(out, args.format)
    except ExportProblem as problem:
        raise CommandError(str(problem)) from None
    pdf_writer = pdf_text = None
    if kind == "pdf":
        # Painting needs Qt, which only app.ui may import; the interchange layer is handed
        # the renderer.
        from app.ui.pdf_text import pdf_pages_text
        from app.ui.report import write_chronology_pdf

        pdf_writer, pdf_text = write_chronology_pdf, pdf_pages_text

    with open_case(args.case) as case:
        flt = filter_from(args, case.day_first)
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
                undated_slide=args.undated_slide,
                include_privileged=args.include_privileged,
                pseudonyms=args.pseudonyms,
                pdf_text=pdf_text,
            )
        except ExportProblem as problem:
            raise CommandError(str(problem)) from None
    print(f"wrote {count.details} to {out}")
    return EXIT_OK
