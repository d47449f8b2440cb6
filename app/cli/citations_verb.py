"""``casetrail citations``: every citation, what Open does for it and whether its quote is
at the place it opens (see ``app.domain.citation_open`` for the meaning of each field)."""

from __future__ import annotations

import argparse
import json

from app.cli.case_args import open_case
from app.cli.errors import EXIT_OK

QUOTE_MARK = {True: "found", False: "NOT FOUND", None: "-"}


def run_citations(args: argparse.Namespace) -> int:
    from app.interchange.citation_list import citation_rows

    with open_case(args.case) as case:
        rows = citation_rows(case)
    if args.json:
        print(json.dumps([row.as_json() for row in rows], indent=2, ensure_ascii=False))
        return EXIT_OK
    for row in rows:
        c, plan = row.citation, row.plan
        pin = c.pinpoint.strip() or "no pinpoint"
        print(f"{c.id:>5}  event {row.event.id}: {' '.join(row.event.title.split())}")
        print(f"       {c.stance}: {' '.join(c.source_title.split())}, {pin}")
        if c.quote:
            quote = " ".join(c.quote.split())
            print(f"       \u201c{quote}\u201d: quote {QUOTE_MARK[row.quote_found]}")
        note = f" ({plan.note})" if plan.note else ""
        print(f"       opens: {plan.opens} \u2014 {plan.label}{note}")
    return EXIT_OK
