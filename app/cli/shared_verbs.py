"""``casetrail push CASE URL`` and ``casetrail pull URL CASE``: a case copied whole between a
case file and a shared case on PostgreSQL (see :mod:`app.store.shared_copy`); ``casetrail
share URL USER --role ROLE``: a person's role, as the database's privileges."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.errors import EXIT_OK, CommandError

LOCATION_HELP = (
    "a PostgreSQL connection string (postgresql://user@host/database) or service name "
    "(service=NAME); passwords come from libpq's ~/.pgpass, service file or PGPASSWORD"
)


def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "push",
        help="make a shared case on PostgreSQL from a case file",
        description="Copy every row of CASE (its history included, so the copy's hash chain "
        "and row digests still verify) into a new shared case in the empty PostgreSQL "
        "database URL, in one transaction. CASE is not changed. A CASE pulled from URL "
        "sends its edits since the pull instead, merged with what was changed there "
        "meanwhile, in one transaction; a row changed on both sides is a conflict: nothing "
        "is sent until every conflict is settled with --take-mine or --take-theirs (fields "
        "changed on one side only merge). Afterwards CASE holds the shared case's rows too "
        "and remembers the new position, so the next push sends only newer edits.",
    )
    p.add_argument("case", metavar="CASE", help="the case file to share (never changed)")
    p.add_argument("url", metavar="URL", help=LOCATION_HELP)
    p.add_argument(
        "--list-conflicts",
        action="store_true",
        help="a pulled CASE: list the rows changed both there and here (each field: theirs, "
        "mine, at the pull) and send nothing",
    )
    p.add_argument(
        "--take-mine",
        nargs="+",
        default=[],
        metavar="KEY",
        help="a pulled CASE: settle these conflicts (keys as listed, e.g. events:3; or all) "
        "with this file's version",
    )
    p.add_argument(
        "--take-theirs",
        nargs="+",
        default=[],
        metavar="KEY",
        help="a pulled CASE: settle these conflicts (or all) by keeping the shared case's "
        "version; the file takes it too",
    )
    p = sub.add_parser(
        "pull",
        help="make a case file from a shared case",
        description="Copy every row of the shared case at URL into the new case file CASE; "
        "CASE's last history row records where it came from and at which history position.",
    )
    p.add_argument("url", metavar="URL", help=LOCATION_HELP)
    p.add_argument("case", metavar="CASE", help="path of the new case file (must not exist)")
    p = sub.add_parser(
        "share",
        help="give a person a role in a shared case",
        description="Grant the server login USER the database privileges of ROLE in the "
        "shared case at URL, replacing any role they had: a reviewer may only read (the "
        "server refuses every write, whatever program sends it); an editor may also change "
        "events, sources, citations and the case's other rows; an owner may do everything "
        "and share the case with others. The login must exist on the server.",
    )
    p.add_argument("url", metavar="URL", help=LOCATION_HELP)
    p.add_argument("user", metavar="USER", help="the person's login on the server")
    p.add_argument("--role", required=True, choices=("reviewer", "editor", "owner"))


def _shared(url: str) -> str:
    from app.store.postgresql.connect import is_location

    if not is_location(url):
        raise CommandError(
            f"{url}: is not a shared case's connection string "
            "(postgresql://user@host/database or service=NAME)"
        )
    return url


def run_push(args: argparse.Namespace) -> int:
    from app.store.check_in import CheckedIn
    from app.store.merge import Choices
    from app.store.shared_copy import push

    url = _shared(args.url)
    if args.list_conflicts:
        from app.cli.conflict_listing import list_conflicts

        return list_conflicts(args.case, url)
    choices = Choices(frozenset(args.take_mine), frozenset(args.take_theirs))
    copied = push(args.case, url, choices)
    if isinstance(copied, CheckedIn):
        print(f"sent {copied.sent} row(s) to {copied_name(args.url)}", end="")
        for label, names in (
            ("merged field by field", copied.merged),
            ("kept as there", copied.kept),
            ("given new ids", copied.renumbered),
        ):
            if names:
                print(f"; {label}: {', '.join(names)}", end="")
        print(f"; history position {copied.audit_rows}")
        return EXIT_OK
    print(
        f"pushed {copied.events} event(s) and {copied.audit_rows} history row(s) "
        f"({copied.rows} rows in all) to {copied_name(args.url)}"
    )
    return EXIT_OK


def run_pull(args: argparse.Namespace) -> int:
    from app.store.shared_copy import pull

    copied = pull(_shared(args.url), args.case)
    print(
        f"pulled {copied.events} event(s) into {args.case} at history position "
        f"{copied.audit_rows} of {copied_name(args.url)}"
    )
    return EXIT_OK


def run_share(args: argparse.Namespace) -> int:
    from app.store.case import Case
    from app.store.postgresql.people import share_case

    with Case.open(_shared(args.url)) as case:
        share_case(case, args.user, args.role)
    print(f"{args.user} is now {args.role} of {copied_name(args.url)}")
    return EXIT_OK


def copied_name(url: str) -> str:
    from app.store.postgresql.connect import redact

    return redact(url)
