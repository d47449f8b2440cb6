"""``push`` and ``pull``: a case copied whole between a case file and a shared case.

Every row is copied as it is (ids, the audit log with its hash chain, the case information),
in one transaction on the receiving side, so the copy's history verifies and its rows match
the digests its audit log keeps (a shared case computes the same canonical forms as a file).
A pulled file's last audit row, action ``pull``, records where it came from and at which
history position (the shared case's audit row count and head), so that the file remembers
its origin without a schema of its own; :func:`origin` reads it back.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from app.store import audit, dialect
from app.store.case import Case
from app.store.engine import Mode
from app.store.errors import CaseError
from app.store.postgresql.connect import Location, redact
from app.store.schema import SCHEMA_VERSION
from app.store.tables import (
    audit_t,
    citations_t,
    entities_t,
    eras_t,
    event_entities_t,
    event_tags_t,
    events_t,
    files_t,
    info_t,
    reading_t,
    sources_t,
    stories_t,
    tags_t,
    views_t,
)

# in an order every foreign key is met in
TABLES = (
    files_t,
    sources_t,
    events_t,
    entities_t,
    tags_t,
    eras_t,
    event_entities_t,
    event_tags_t,
    citations_t,
    views_t,
    reading_t,
    stories_t,
    audit_t,
)
INFO_COLUMNS = ("title", "created", "day_first", "time_zone", "southern_hemisphere")
_CHUNK = 2000


@dataclass(frozen=True)
class Copied:
    rows: int
    events: int
    audit_rows: int
    head: str


@dataclass(frozen=True)
class Origin:
    """Where a pulled case came from and the shared case's history at the pull."""

    location: str
    position: int
    head: str
    row: int = 0  # the file's audit row that records it


def _chunks(conn: Connection, table: Any) -> Iterator[list[dict[str, Any]]]:
    key = [table.c[k] for k in table.primary_key.columns.keys()]  # noqa: SIM118
    result = conn.execution_options(stream_results=True).execute(select(table).order_by(*key))
    for part in result.mappings().partitions(_CHUNK):
        yield [dict(row) for row in part]


def _copy(src: Connection, dst: Connection) -> Copied:
    rows = 0
    for table in TABLES:
        for part in _chunks(src, table):
            dst.execute(insert(table), part)
            rows += len(part)
    info = src.execute(select(info_t).where(info_t.c.id == 1)).mappings().one()
    values = {k: info[k] for k in (*INFO_COLUMNS, "audit_head", "audit_count")}
    dst.execute(update(info_t).where(info_t.c.id == 1).values(**values))
    dialect.flush_pending(dst)
    events = int(dst.execute(select(func.count()).select_from(events_t)).scalar_one())
    return Copied(rows, events, int(info["audit_count"]), str(info["audit_head"]))


def _same_schema(case: Case) -> None:
    version = case.stats().schema_version
    if version != SCHEMA_VERSION:
        raise CaseError(
            f"{case.path} has schema {version}, not {SCHEMA_VERSION}; open it once to upgrade it"
        )


def push(case_file: str | os.PathLike[str], location: str, choices: Any = None) -> Copied:
    """Make a new shared case at ``location`` (an empty database) from ``case_file``; or, when
    ``case_file`` was pulled from the shared case there, send its offline edits back (see
    :mod:`app.store.check_in`; ``choices``, a :class:`app.store.merge.Choices`, says how to
    settle conflicts)."""
    where = Location(location)
    with Case.open(case_file, Mode.REVIEW) as source:
        _same_schema(source)
        from app.store.postgresql import shared

        pulled = origin(source)
        if pulled is not None and shared.holds_case(where):
            from app.store.check_in import check_in

            return check_in(source, pulled, where, choices)

        made: list[Copied] = []

        def fill(dst: Connection) -> None:  # in the transaction that makes the shared case
            with source._units.read() as src:
                made.append(_copy(src, dst))

        # one transaction: a push cut off part-way leaves the database empty, not a case
        shared.create(where, title=source.title, day_first=source.day_first, fill=fill)
        copied = made[0]
        with Case.open(where) as target:
            shared.analyze(target._units.engine)
            problems = target.check()
    if problems:
        raise CaseError(f"{where}: the pushed case does not check ({problems[0]})")
    return copied


def pull(location: str, case_file: str | os.PathLike[str]) -> Copied:
    """Make the case file ``case_file`` (which must not exist) from the shared case."""
    where = Location(location)
    copied: list[Copied] = []
    with Case.open(where, Mode.REVIEW) as source:
        _same_schema(source)

        def fill(building: Case) -> None:
            with (
                source._units.read() as src,
                dialect.writing(building._units.engine) as dst,
                dst.begin(),
            ):
                copied.append(_copy(src, dst))
                writer = audit.AuditWriter(dst, building.actor)
                note = {
                    "origin": redact(where.conninfo),
                    "position": copied[0].audit_rows,
                    "head": copied[0].head,
                }
                writer.record("pull", "case", None, None, note)
                writer.finish()

        Case.create(
            Path(case_file), title=source.title, day_first=source.day_first, populate=fill
        ).close()
    return copied[0]


def origin(case: Case) -> Origin | None:
    """Where a pulled case came from (its last ``pull`` audit row), or None."""
    for record in reversed(case.audit_log()):
        if record.action == "pull":
            note = json.loads(record.new)
            return Origin(str(note["origin"]), int(note["position"]), str(note["head"]), record.id)
    return None
