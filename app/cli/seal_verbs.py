"""The verbs of sealed hand-overs: ``seal``, ``verify`` and ``key`` (their arguments and
their work; the signing is in :mod:`app.interchange.sealing`).

``verify`` exits 0 when the case is unchanged since its seal, 1 when it changed (and says
what), 2 when the seal cannot be checked: no seal, a garbled seal, a signature that does not
verify, or a seal made by another key than ``--key``.
"""

from __future__ import annotations

import argparse

from app.cli.case_args import file_only, open_case
from app.cli.errors import EXIT_OK, EXIT_PROBLEMS, CommandError


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "seal",
        help="sign the case for handing over",
        description="Sign the case's audit head and data fingerprint with your Ed25519 key "
        "(made on first use in your configuration folder). The seal is recorded in the "
        "case's history and written beside it as CASE.seal; give the other side the case, "
        "the .seal file and your public key (`casetrail key --export`). A case with "
        "problems (see `casetrail check`) is not sealed.",
    )
    p.add_argument("case", metavar="CASE")

    p = sub.add_parser(
        "verify",
        help="check that a sealed case is unchanged",
        description="Check the seal of CASE (CASE.seal beside it, else the newest seal "
        "recorded in it) and say who sealed it and when, and whether it is unchanged since "
        "or what changed: recorded changes, data changed behind the program's back, a "
        "rewritten history. Exit 0 when unchanged, 1 when changed, 2 when the seal cannot "
        "be checked (none, garbled, a bad signature, or made by another key than --key).",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument(
        "--key",
        metavar="PUBLIC_KEY",
        help="the sealer's public key (the line `casetrail key --export` printed, or a PEM "
        "public key; text or a file): fail unless this key made the seal",
    )

    p = sub.add_parser(
        "key",
        help="show or export your signing key",
        description="Show your signing key's id and where it is kept (making it on first "
        "use); with --export, print the public key as one line to give to others.",
    )
    p.add_argument("--export", action="store_true", help="print the public key")


def run_seal(args: argparse.Namespace) -> int:
    from app.interchange.sealing import SealError, seal_case, seal_path
    from app.store.case import CaseError

    file_only(args.case, "seal")
    try:
        with open_case(args.case) as case:
            seal = seal_case(case)
            where = seal_path(case.path).name
    except (SealError, CaseError) as error:
        raise CommandError(str(error)) from None
    print(f"sealed {args.case} with key {seal['key_id'][:8]}; the seal is in {where}")
    return EXIT_OK


def run_verify(args: argparse.Namespace) -> int:
    from app.interchange.sealing import SealError, parse_public_key, verify_case
    from app.store.case import CaseError

    file_only(args.case, "verify")
    try:
        expected = parse_public_key(args.key) if args.key is not None else None
    except SealError as error:
        raise CommandError(str(error)) from None
    try:
        with open_case(args.case, review=True) as case:
            verdict = verify_case(case, expected)
    except (SealError, CaseError) as error:
        raise CommandError(f"{args.case}: {error}") from None
    print(f"{args.case}: {verdict.headline()}")
    for line in verdict.changes:
        print(f"  - {line}" if not line.startswith("  ") else f"    {line.strip()}")
    return EXIT_OK if verdict.unchanged else EXIT_PROBLEMS


def run_key(args: argparse.Namespace) -> int:
    from app.interchange.sealing import SealError, export_line, key_id, key_path, public_key

    try:
        public = public_key()
    except SealError as error:
        raise CommandError(str(error)) from None
    if args.export:
        print(export_line(public))
    else:
        print(f"signing key {key_id(public)} in {key_path()}")
    return EXIT_OK
