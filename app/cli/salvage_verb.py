"""``casetrail salvage IN OUT``: the rows of a refused or damaged case copied into a new one
(see :mod:`app.interchange.salvage`)."""

from __future__ import annotations

import argparse

from app.cli.case_args import file_only
from app.cli.errors import EXIT_OK


def run_salvage(args: argparse.Namespace) -> int:
    from app.interchange.salvage import salvage

    file_only(args.case, "salvage")
    report = salvage(args.case, args.out)
    print(report.summary())
    return EXIT_OK
