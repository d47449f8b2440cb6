"""Sending a pulled case's offline edits back: ``casetrail push`` of a case file that was
pulled from the shared case it is pushed to.

When nobody changed the shared case since the pull, the file's history up to the pull is
the shared case's and the person pushing may append history as it is (an owner), the file's
history extends the shared one: the shared case's rows are replaced by the file's and the
file's history rows after that position are appended (then a ``push`` row naming the
database user), so the chain stays one chain. Otherwise both sides' changes are merged row by row
(:mod:`app.store.merge`) and written by this push as one audited transaction of the shared
case; conflicts nobody chose for stop it with nothing sent. Either way everything happens in
one transaction there, and afterwards the file takes the shared case's rows it lacks and
records the new position (a ``pull`` row), so a second push sends only newer edits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, exc, func, insert, select, update

from app.domain.records import ChangeSet
from app.store import dialect
from app.store.audit import AuditWriter
from app.store.case import Case
from app.store.errors import CaseError
from app.store.fingerprints import Key
from app.store.merge import Choices, Conflict, MergeConflicts, Plan, Sides, plan, read_rows
from app.store.merge_apply import write_rows
from app.store.postgresql.connect import Location, redact
from app.store.postgresql.people import may_write_history
from app.store.shared_copy import TABLES, Copied, Origin, _chunks
from app.store.tables import audit_t, events_t, info_t


@dataclass(frozen=True)
class CheckedIn(Copied):
    """What a push of offline edits did (rows sent, merged by field, kept, renumbered)."""

    sent: int = 0
    merged: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    renumbered: tuple[str, ...] = field(default_factory=tuple)


def _head(conn: Connection) -> tuple[str, int]:
    head, count = conn.execute(
        select(info_t.c.audit_head, info_t.c.audit_count).where(info_t.c.id == 1)
    ).one()
    return str(head), int(count)


def _same_history(dst: Connection, source: Case, pulled: Origin, where: Location) -> None:
    at_pull = dst.execute(
        select(audit_t.c.row_hash).where(audit_t.c.id == pulled.position)
    ).scalar_one_or_none()
    if pulled.position > 0 and at_pull != pulled.head:
        raise CaseError(f"{where}: its history is not the one {source.path.name} came from")


def _extends(src: Connection, pulled: Origin) -> bool:
    """Whether the file's history up to its pull row is the shared case's (no merge since)."""
    if pulled.row != pulled.position + 1:
        return False
    mine = src.execute(
        select(audit_t.c.row_hash).where(audit_t.c.id == pulled.position)
    ).scalar_one_or_none()
    return pulled.position == 0 or mine == pulled.head


def conflicts(source: Case, pulled: Origin, where: Location) -> list[Conflict]:
    """The conflicts a push of ``source`` would meet now (nothing is sent)."""
    with Case.open(where) as target, source._units.read() as src, target._units.read() as dst:
        _same_history(dst, source, pulled, where)
        return plan(Sides(src, dst, pulled.row, pulled.position), Choices()).conflicts


def check_in(
    source: Case, pulled: Origin, where: Location, choices: Choices | None = None
) -> Copied:
    """Send ``source``'s edits since ``pulled`` to the shared case at ``where``."""
    with Case.open(where) as target:
        with (
            source._units.read() as src,
            dialect.writing(target._units.engine) as dst,
            dst.begin(),
        ):
            _same_history(dst, source, pulled, where)
            head, count = _head(dst)
            if count == pulled.position and _extends(src, pulled) and may_write_history(dst):
                done: Copied = _extend(source, src, dst, pulled, target.actor)
                sent: Plan | None = None
            else:
                sent = plan(Sides(src, dst, pulled.row, pulled.position), choices or Choices())
                if sent.conflicts:
                    raise MergeConflicts(sent.conflicts, str(where))
                if not sent.send and not sent.kept:
                    raise CaseError(
                        f"{source.path}: nothing was changed since the pull; nothing to send"
                    )
                done = _merge(source, dst, pulled, sent, target.actor)
        _bring_back(source, target, pulled, sent, done)
    return done


def _extend(source: Case, src: Connection, dst: Connection, pulled: Origin, actor: str) -> Copied:
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
    writer = AuditWriter(dst, actor)  # the push itself, by the database user who sent it
    writer.record("push", "case", None, None, {"from": source.path.name, "rows": rows})
    writer.finish()
    dialect.announce(dst, ChangeSet.everything(), actor, "")
    events = int(dst.execute(select(func.count()).select_from(events_t)).scalar_one())
    head, count = _head(dst)
    return Copied(rows, events, count, head)


def _merge(source: Case, dst: Connection, pulled: Origin, sent: Plan, actor: str) -> CheckedIn:
    writer = AuditWriter(dst, actor)
    written: set[tuple[str, Key]] = set()
    try:
        ids = write_rows(dst, writer, sent.send, sent.renumbered, written)
    except exc.IntegrityError as error:
        raise CaseError(
            f"{redact(pulled.location)}: the merged changes break a rule of the case "
            f"({dialect.integrity_message(dst, error)}); nothing was sent"
        ) from None
    sent.renumbered.update(ids)
    for table, key in written:
        sent.theirs.setdefault(table, set()).add(key)  # the file takes them as written
    note = {
        "from": source.path.name,
        "position": pulled.position,
        "rows": len(sent.send),
        "merged": sent.merged,
        "kept": sent.kept,
        "renumbered": [f"{t}:{k}->{v}" for (t, k), v in ids.items()],
    }
    writer.record("push", "case", None, None, note)
    writer.finish()
    dialect.flush_pending(dst)
    dialect.announce(dst, ChangeSet.everything(), actor, "")
    head, count = _head(dst)
    events = int(dst.execute(select(func.count()).select_from(events_t)).scalar_one())
    return CheckedIn(
        len(sent.send),
        events,
        count,
        head,
        sent=len(sent.send),
        merged=tuple(sent.merged),
        kept=tuple(sent.kept),
        renumbered=tuple(note["renumbered"]),  # type: ignore[arg-type]
    )


def _bring_back(
    source: Case, target: Case, pulled: Origin, sent: Plan | None, done: Copied
) -> None:
    """Give the file the shared case's version of every row either side changed (so it
    holds what the shared case holds) and record the new position."""
    keys: dict[str, set[Key]] = {}
    if sent is not None:
        for table, found in (*sent.theirs.items(), *sent.changed_keys.items()):
            keys.setdefault(table, set()).update(found)
    with Case.open(source.path) as laptop:
        rows: list[tuple[str, Key, dict | None]] = []
        with target._units.read() as shared:
            for table, found in keys.items():
                theirs = read_rows(shared, table, found)
                rows += [(table, k, theirs.get(k)) for k in sorted(found)]
        with dialect.writing(laptop._units.engine) as conn, conn.begin():
            writer = AuditWriter(conn, laptop.actor)
            write_rows(conn, writer, rows)
            note = {"origin": redact(pulled.location), "position": done.audit_rows}
            writer.record("pull", "case", None, None, {**note, "head": done.head})
            writer.finish()
            dialect.flush_pending(conn)
