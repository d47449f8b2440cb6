"""Seals in the case: what a seal signs (the audit head and the data fingerprint, read in the
transaction that records the seal), the seal recorded as an audit row (action ``seal``), and
what the log holds since a sealed head. The signing itself (keys, the ``.seal`` file) is in
:mod:`app.interchange.sealing`; no cryptography here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from app.domain.records import AuditRecord
from app.store import audit, data_check
from app.store.errors import ValidationError

if TYPE_CHECKING:
    from app.store.case import Case
    from app.store.unit_of_work import UnitsOfWork


@dataclass(frozen=True)
class CaseState:
    """What a seal signs, and what stands in the way of sealing."""

    audit_head: str
    audit_count: int
    fingerprint: str
    problems: list[str]  # the audit chain's and the data's


@dataclass(frozen=True)
class SealRow:
    """A seal recorded in the case: its audit row id and the seal it holds."""

    audit_id: int
    seal: dict[str, Any]


def case_state(conn: Connection) -> CaseState:
    head, count = conn.exec_driver_sql(
        "SELECT audit_head, audit_count FROM case_info WHERE id = 1"
    ).one()
    scan = data_check.scan(conn, fingerprint=True)
    return CaseState(
        head or audit.GENESIS, int(count), scan.fingerprint, audit.verify(conn) + scan.problems
    )


class Seals:
    """Sealing and reading seals; holds the case's units of work."""

    def __init__(self, units: UnitsOfWork) -> None:
        self._units = units

    def state(self) -> CaseState:
        """The audit head and data fingerprint now (one read transaction)."""
        with self._units.read() as conn:
            return case_state(conn)

    def seal(self, make: Callable[[CaseState], dict[str, Any]]) -> dict[str, Any]:
        """Record the seal ``make(state)`` returns for the case as it stands, in one write
        transaction (so nothing changes between reading and sealing). A case with problems
        (the chain, or data changed behind the program's back) is not sealed."""
        with self._units.write() as w:
            if not audit.has_state(w.conn):
                raise ValidationError("the case predates data fingerprints; open it to upgrade")
            state = case_state(w.conn)
            if state.problems:
                raise ValidationError(
                    f"the case has {len(state.problems)} problem(s) and cannot be sealed "
                    f"({state.problems[0]}); run casetrail check"
                )
            seal = make(state)
            w.audit.record("seal", "case", None, None, seal)
            return seal

    def last(self) -> SealRow | None:
        """The newest seal recorded in the case."""
        with self._units.read() as conn:
            row = conn.exec_driver_sql(
                "SELECT id, new FROM audit_log WHERE action = 'seal' ORDER BY id DESC LIMIT 1"
            ).first()
        if row is None:
            return None
        try:
            seal = json.loads(row[1])
        except ValueError:
            seal = {}
        return SealRow(int(row[0]), seal if isinstance(seal, dict) else {})

    def count_after(self, audit_id: int) -> int:
        """How many changes (audit rows other than seals) were recorded after ``audit_id``."""
        with self._units.read() as conn:
            return int(
                conn.exec_driver_sql(
                    "SELECT count(*) FROM audit_log WHERE id > ? AND action != 'seal'",
                    (audit_id,),
                ).scalar_one()
            )

    def since(self, head: str) -> list[AuditRecord] | None:
        """The audit rows after the row whose hash is ``head`` (all of them for the empty
        log's head), or None when the log holds no such row."""
        with self._units.read() as conn:
            if head == audit.GENESIS:
                after = 0
            else:
                found = conn.exec_driver_sql(
                    "SELECT id FROM audit_log WHERE row_hash = ?", (head,)
                ).first()
                if found is None:
                    return None
                after = int(found[0])
            # text that is not UTF-8 (a hand edit) reads as U+FFFD: its hash then fails
            return [AuditRecord(*r[:11]) for r in audit.listed_audit_rows(conn, after, state=True)]


def seals(case: Case) -> Seals:
    """The seals of an open case."""
    return Seals(case._units)
