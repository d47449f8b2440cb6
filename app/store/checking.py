"""``Case.check`` run as the window's health check: in steps that give way to interactive work.

:func:`checked` is :meth:`app.store.case.Case.check`. Without ``give_way`` (``casetrail
check``) every part runs in one read transaction, as :func:`app.store.opening.problems` says.
With ``give_way`` (the window's check, which leaves the whole-case database scans to
``casetrail check``) the audit chain is walked a few hundred rows a step
(:class:`app.store.audit_walk.ChainWalk`), each step, the search index's count and the
source files each in a read transaction of their own, and ``give_way()`` is called before
every one of them with no transaction open: it may wait while a search or an edit runs
(:mod:`app.store.interactive`), or raise to stop the check. The problems found, and their
order, are those of one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Connection

from app.store import dialect
from app.store.audit_walk import ChainWalk
from app.store.opening import problems
from app.store.stored_files import source_file_problems

Reads = Callable[[], AbstractContextManager[Connection]]


def checked(
    read: Reads, verify_file: Any, database: bool, give_way: Callable[[], Any] | None
) -> list[str]:
    """Every problem: database integrity, foreign keys and every row against its audited
    digest (whole-case scans writers wait for; skipped when ``database`` is false), the audit
    chain, the search index, source files (``verify_file(source) -> problem``); in steps
    when ``give_way`` is given."""
    if give_way is None:
        with read() as conn:
            return problems(conn, verify_file, database)
    found = in_steps(read, give_way)
    give_way()
    with read() as conn:
        found += dialect.search_problems(conn)
    give_way()
    with read() as conn:
        found += source_file_problems(conn, verify_file)
    return found


def in_steps(read: Reads, give_way: Callable[[], Any], walk: ChainWalk | None = None) -> list[str]:
    """The audit chain's problems, walked a step per read transaction."""
    walk = walk or ChainWalk()
    while True:
        give_way()
        with read() as conn:
            if walk.step(conn):
                return walk.problems
