"""``casetrail publish``: one self-contained HTML page of a case or a saved view."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.case_args import open_case
from app.cli.errors import EXIT_OK, CommandError
from app.cli.output_args import add_output_options


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "publish",
        help="write one self-contained HTML page of the chronology that works offline",
        description="Write OUT.html: the events of the case (or of a saved view) in date "
        "order as steps (or a story's steps in its order, with its introduction and "
        "commentary), each with its date as written, status, standing (an allegation is "
        "always marked as one) and citations with their quoted passages. The page needs "
        "nothing else: no network, no fonts, no images from elsewhere. Written atomically.",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument("out", metavar="OUT", help="OUT.html")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--view", metavar="NAME", help="only the events of this saved view")
    which.add_argument(
        "--story",
        metavar="NAME",
        help="the story's steps in its order, with its introduction and commentary",
    )
    add_output_options(p)


def run_publish(args: argparse.Namespace) -> int:
    from app.interchange.publish import PublishProblem, publish_file

    out = Path(args.out)
    with open_case(args.case) as case:
        try:
            steps = publish_file(
                case,
                out,
                view=args.view,
                story=args.story,
                include_privileged=args.include_privileged,
                pseudonyms=args.pseudonyms,
            )
        except PublishProblem as problem:
            raise CommandError(str(problem)) from None
    print(f"wrote {steps} step(s) to {out}")
    return EXIT_OK
