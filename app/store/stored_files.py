"""Files kept by hash: registering a source's file (its bytes stored inside the case, or
only its hash), reading stored bytes, finding and purging files no source uses, and
checking that every stored file is whole."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, LargeBinary, cast, insert, select, update
from sqlalchemy import delete as sa_delete

from app.domain.records import ChangeSet, SourceRecord
from app.store.dialect import drop_journal
from app.store.tables import files_t, sources_t
from app.store.values import source_record

if TYPE_CHECKING:
    from app.store.unit_of_work import UnitsOfWork


def _unused() -> Any:
    used = select(sources_t.c.file_sha256).where(sources_t.c.file_sha256.is_not(None))
    return files_t.c.sha256.not_in(used)


def stored_problem(data: bytes | None, sha256: str) -> str | None:
    if data is None:
        return "the stored file is missing from the case"
    if hashlib.sha256(data).hexdigest() != sha256:
        return "the stored file does not match its SHA-256"
    return None


class StoredFiles:
    """The case's stored and registered files; holds the case's units of work."""

    def __init__(self, units: UnitsOfWork) -> None:
        self._units = units

    def store(
        self,
        *,
        sha256: str,
        data: bytes | None,
        size: int,
        media_type: str = "application/octet-stream",
        original_name: str = "",
    ) -> ChangeSet:
        with self._units.write() as w:
            existing = w.conn.execute(
                select(files_t.c.sha256, files_t.c.data.is_not(None)).where(
                    files_t.c.sha256 == sha256
                )
            ).first()
            if existing is None:
                w.conn.execute(
                    insert(files_t).values(
                        sha256=sha256,
                        size=size,
                        media_type=media_type,
                        original_name=original_name,
                        data=data,
                    )
                )
                w.audit.record(
                    "create",
                    "source_files",
                    None,
                    None,
                    {
                        "sha256": sha256,
                        "size": size,
                        "stored": data is not None,
                        "original_name": original_name,
                    },
                )
            elif data is not None and not existing[1]:
                w.conn.execute(update(files_t).where(files_t.c.sha256 == sha256).values(data=data))
                w.audit.record(
                    "update",
                    "source_files",
                    None,
                    {"sha256": sha256, "stored": False},
                    {"sha256": sha256, "stored": True},
                )
            return w.changes

    def unused(self) -> list[tuple[str, int, str]]:
        f = files_t.c
        with self._units.read() as conn:
            rows = conn.execute(
                select(f.sha256, f.size, f.original_name).where(_unused()).order_by(f.sha256)
            ).all()
        return [(r[0], int(r[1]), r[2]) for r in rows]

    def purge_unused(self) -> int:
        f = files_t.c
        with self._units.write() as w:
            rows = w.conn.execute(
                select(f.sha256, f.size, f.original_name, f.data.is_not(None)).where(_unused())
            ).all()
            for sha256, size, name, stored in rows:
                w.conn.execute(sa_delete(files_t).where(f.sha256 == sha256))
                w.audit.record(
                    "purge",
                    "source_files",
                    None,
                    {"sha256": sha256, "size": size, "original_name": name, "stored": bool(stored)},
                    None,
                )
        if rows:  # the purged bytes are in the kept journal's old pages: remove it
            drop_journal(self._units.engine)
        return len(rows)

    def data(self, sha256: str) -> bytes | None:
        with self._units.read() as conn:
            return conn.execute(
                select(files_t.c.data).where(files_t.c.sha256 == sha256)
            ).scalar_one_or_none()


def source_file_problems(
    conn: Connection, verify_file: Callable[[SourceRecord], str | None] | None
) -> list[str]:
    """A line for each source whose stored file is missing or changed, or whose linked file
    ``verify_file(source)`` finds a problem with."""
    problems: list[str] = []
    for r in conn.execute(select(sources_t).where(sources_t.c.file_sha256.is_not(None))):
        if r.file_stored:
            data = conn.execute(  # as bytes even if the column was made text behind our back
                select(cast(files_t.c.data, LargeBinary)).where(files_t.c.sha256 == r.file_sha256)
            ).scalar_one_or_none()
            problem = stored_problem(data, r.file_sha256)
        elif verify_file is not None:
            problem = verify_file(source_record(r, ()))
        else:
            problem = None
        if problem:
            problems.append(f"source {r.id} ({r.title}): {problem}")
    return problems
