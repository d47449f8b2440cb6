"""What verbs share: opening the case named on the command line and reading
date, filter and size arguments (a bad one is a :class:`CommandError`).
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.errors import CommandError


def open_case(path: str, *, review: bool = False, edit: bool = False) -> Any:
    """The case at ``path``, read-only when ``review``. A verb that only reads (not
    ``edit``) reads a case that cannot be written in review mode; one that edits is refused
    with "read-only; open it for review"."""
    from app.store.case import Case
    from app.store.engine import Mode
    from app.store.errors import ReadOnlyCaseError

    if review:
        return Case.open(path, Mode.REVIEW)
    try:
        return Case.open(path, Mode.OPEN)
    except ReadOnlyCaseError:
        if edit:
            raise
        return Case.open(path, Mode.REVIEW)


def file_only(path: str, verb: str) -> None:
    """Refuse a shared case's connection string for a verb that works on case files only."""
    from app.store.postgresql.connect import is_location

    if is_location(path):
        raise CommandError(
            f"{verb} works on case files, not shared cases; pull the shared case into a file "
            "first (casetrail pull URL CASE)"
        )


def parse_date_arg(text: str | None, flag: str, day_first: bool) -> Any:
    if text is None:
        return None
    from app.domain.dates import DateError, FuzzyDate

    try:
        return FuzzyDate.parse(text, day_first=day_first)
    except DateError as error:
        raise CommandError(f"{flag}: {error}") from None


def filter_from(args: argparse.Namespace, day_first: bool) -> Any:
    from app.domain.records import EventFilter

    return EventFilter(
        search=args.search,
        tags=tuple(args.tag),
        entities=tuple(args.entity),
        statuses=tuple(args.status),
        date_from=parse_date_arg(args.date_from, "--from", day_first),
        date_to=parse_date_arg(args.date_to, "--to", day_first),
        standings=tuple(getattr(args, "standing", ())),
        warnings_only=bool(getattr(args, "warnings", False)),
    )


def file_checker(case: Any) -> Any:
    """A ``verify_file`` callback for ``Case.check``: the state of a source's stored file."""
    from app.store.files import linked_file_state

    def verify(source: Any) -> str | None:
        return linked_file_state(source, case.path)[1]

    return verify


def parse_size(text: str) -> tuple[int, int]:
    """``--size WxH`` as (width, height) in pixels, within the allowed range."""
    import re

    match = re.fullmatch(r"(\d{2,5})[xX](\d{2,5})", text)
    if not match:
        raise CommandError(f"--size: {text!r} is not WIDTHxHEIGHT, e.g. 1600x900")
    width, height = int(match[1]), int(match[2])
    if not (200 <= width <= 16000 and 150 <= height <= 16000):
        raise CommandError("--size: width must be 200-16000 and height 150-16000 pixels")
    return width, height
