"""The verbs that paint: ``image`` (the timeline as PNG or SVG) and ``screenshot`` (the
main window as PNG). Qt is imported only when they run.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.case_args import open_case, parse_date_arg, parse_size
from app.cli.errors import EXIT_OK, CommandError


def run_screenshot(args: argparse.Namespace) -> int:
    width, height = parse_size(args.size)
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise CommandError(f"{out}: a screenshot must end in .png")
    with open_case(args.case, review=args.review) as case:
        _not_the_case(out, case.path)
        if args.select is not None:
            try:
                case.event(args.select)
            except Exception:
                raise CommandError(f"--select: there is no event {args.select}") from None
        from app.ui.screenshot import screenshot

        try:
            screenshot(
                case,
                out,
                width,
                height,
                select=args.select,
                search=args.search,
                open_citation=args.open_citation,
            )
        except OSError as error:
            raise CommandError(_cannot_write(out, error)) from None
        except ValueError as error:
            raise CommandError(str(error)) from None
    print(f"wrote {out} ({width}x{height})")
    return EXIT_OK


def run_image(args: argparse.Namespace) -> int:
    width, height = parse_size(args.size)
    out = Path(args.out)
    if out.suffix.lower() not in (".png", ".svg"):
        raise CommandError(f"{out}: the image must end in .png or .svg")
    with open_case(args.case) as case:
        _not_the_case(out, case.path)
        day_first = case.day_first
        date_from = parse_date_arg(args.date_from, "--from", day_first)
        date_to = parse_date_arg(args.date_to, "--to", day_first)
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
            raise CommandError(_cannot_write(out, error)) from None
    print(f"wrote {out} ({width}x{height})")
    return EXIT_OK


def _cannot_write(out: Path, error: OSError) -> str:
    from app.interchange.atomic import cannot_write

    if error.errno is None:  # the painter's own message, which names the file
        return f"{error}; any existing file is unchanged"
    return cannot_write(out, error)


def _not_the_case(out: Path, case_path: Path) -> None:
    from app.interchange.formats import is_same_file

    if isinstance(case_path, Path) and is_same_file(out, case_path):
        raise CommandError(f"{out}: is the case file itself; choose another name")
