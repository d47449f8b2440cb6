"""``casetrail exhibits``: the exhibit pack of a case or a saved view."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.case_args import open_case
from app.cli.errors import EXIT_OK, CommandError
from app.cli.output_args import add_output_options


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "exhibits",
        help="write the exhibit pack: a list and every cited page, stamped",
        description="Write OUT.pdf: an exhibit list (exhibit, description, Bates range, source "
        "date, SHA-256) of every source the events (or a saved view's events) cite, then every "
        "cited page of the stored sources in exhibit order, each stamped with its exhibit label "
        "and Bates number, with a bookmark for the list and each exhibit. Beside it, the "
        "folder 'OUT files' (or with --zip the ZIP 'OUT files.zip') holds the original files "
        "and a SHA256SUMS manifest. A source with no stored file is listed as not produced. "
        "All of it is written or none of it.",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument("out", metavar="OUT", help="OUT.pdf")
    p.add_argument("--view", metavar="NAME", help="only the events of this saved view")
    p.add_argument(
        "--zip",
        action="store_true",
        help="put the original files and SHA256SUMS in 'OUT files.zip' instead of a folder",
    )
    add_output_options(p)


def run_exhibits(args: argparse.Namespace) -> int:
    from app.interchange.exhibit_pack import PackProblem
    from app.interchange.output_policy import RealNameLeft
    from app.interchange.publish import PublishProblem
    from app.ui.exhibit_making import plan_pack, write_planned_pack

    out = Path(args.out)
    if not out.parent.is_dir():
        raise CommandError(f"{out}: folder {out.parent} does not exist")
    with open_case(args.case) as case:
        if out.exists() and out.samefile(case.path):
            raise CommandError(f"{out}: is the case file itself; choose another name")
        try:
            plan = plan_pack(
                case,
                None,
                args.view,
                include_privileged=args.include_privileged,
                pseudonyms=args.pseudonyms,
            )
        except PublishProblem as problem:
            raise CommandError(str(problem)) from None
    try:
        pages, where = write_planned_pack(plan, out, as_zip=args.zip)
    except (RealNameLeft, PackProblem) as problem:
        raise CommandError(str(problem)) from None
    exhibits = plan.exhibits
    missing = sum(1 for e in exhibits if not e.produced)
    copied = len(exhibits) - missing
    print(
        f"wrote {len(exhibits)} exhibit(s), {pages} page(s) to {out}; {copied} original(s) "
        f"and SHA256SUMS in {where}" + (f"; {missing} not produced" if missing else "")
    )
    return EXIT_OK
