"""Sending a pulled case's offline edits back: ``casetrail push`` of a case file that was
pulled from the shared case it is pushed to.

When nobody changed the shared case since the pull (its history still ends at the position
and head the pull recorded), the file's history extends the shared one: the shared case's
rows are replaced by the file's and the file's history rows after that position (the pull
row and every offline change) are appended, in one transaction, so the chain stays one chain
and every row matches its audited digest. When the shared case moved on, nothing is sent:
the message says how many changes were made there since, and by whom (merging both sides
row by row, with the conflicts listed, is not supported yet).
"""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update

from app.domain.records import ChangeSet
from app.store import dialect
from app.store.case import Case
from app.store.errors import CaseError
from app.store.postgresql.connect import Location
from app.store.shared_copy import TABLES, Copied, Origin, _chunks
from app.store.tables import audit_t, events_t, info_t


def check_in(source: Case, pulled: Origin, where: Location) -> Copied:
    """Replay ``source``'s edits since ``pulled`` onto the shared case at ``where``."""
    with (
        Case.open(where) as target,
        source._units.read() as src,
        dialect.writing(target._units.engine) as dst,
        dst.begin(),
    ):
        head, count = dst.execute(
            select(info_t.c.audit_head, info_t.c.audit_count).where(info_t.c.id == 1)
        ).one()
        at_pull = dst.execute(
            select(audit_t.c.row_hash).where(audit_t.c.id == pulled.position)
        ).scalar_one_or_none()
        if pulled.position > 0 and at_pull != pulled.head:
            raise CaseError(f"{where}: its history is not the one {source.path.name} came from")
        if int(count) != pulled.position:
            actors = dst.execute(
                select(audit_t.c.actor).where(audit_t.c.id > pulled.position).distinct()
            ).scalars()
            raise CaseError(
                f"{where}: {int(count) - pulled.position} change(s) were made there since "
                f"{source.path.name} was pulled (by {', '.join(sorted(actors))}); nothing was "
                "sent (merging both sides is not supported yet: pull again and redo the edits)"
            )
        file_info = src.execute(select(info_t).where(info_t.c.id == 1)).mappings().one()
        if int(file_info["audit_count"]) <= pulled.position + 1:
            raise CaseError(f"{source.path}: nothing was changed since the pull; nothing to send")
        rows = 0
        for table in reversed(TABLES[:-1]):  # every row goes; the history stays
            dst.execute(delete(table))
        for table in TABLES[:-1]:
            for part in _chunks(src, table):
                dst.execute(insert(table), part)
                rows += len(part)
        later = select(audit_t).where(audit_t.c.id > pulled.position).order_by(audit_t.c.id)
        for chunk in src.execute(later).mappings().partitions(2000):
            dst.execute(insert(audit_t), [dict(r) for r in chunk])
            rows += len(chunk)
        dst.execute(
            update(info_t)
            .where(info_t.c.id == 1)
            .values(audit_head=file_info["audit_head"], audit_count=file_info["audit_count"])
        )
        dialect.announce(dst, ChangeSet.everything(), target.actor, "")
        events = int(dst.execute(select(func.count()).select_from(events_t)).scalar_one())
    return Copied(rows, events, int(file_info["audit_count"]), str(file_info["audit_head"]))
