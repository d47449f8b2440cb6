"""``Case.check`` run as the window's health check: in steps that give way to interactive work.

:func:`checked` is :meth:`app.store.case.Case.check`: one list of parts, run in one read
transaction without ``give_way`` (``casetrail check``). With ``give_way`` (the window's
check, which leaves the whole-case database scans to ``casetrail check``: ``database``
false) the audit chain is walked a few hundred rows a step
(:class:`app.store.audit_walk.ChainWalk`), and each step and each other part runs in a read
transaction of its own, with ``give_way()`` called before every one with no transaction
open: it may wait while a search or an edit runs (:mod:`app.store.interactive`), or raise to
stop the check. A search or an edit that starts in the middle of a step interrupts it; the
step is undone and run again afterwards. The problems found, and their order, are those of
one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, TypeVar

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from app.store import audit, data_check, dialect
from app.store.audit_walk import ChainWalk
from app.store.interactive import INTERACTIVE, GaveWay
from app.store.stored_files import source_file_problems

Reads = Callable[[], AbstractContextManager[Connection]]
T = TypeVar("T")


def checked(
    read: Reads, verify_file: Any, database: bool, give_way: Callable[[], Any] | None
) -> list[str]:
    """Every problem: database integrity, foreign keys and every row against its audited
    digest (whole-case scans writers wait for; skipped when ``database`` is false), the audit
    chain, the search index, source files (``verify_file(source) -> problem``); in steps
    when ``give_way`` is given."""

    def files(conn: Connection) -> list[str]:
        return source_file_problems(conn, verify_file)

    # each part, and whether a search that starts during it starts it over (a whole-case
    # scan is not; hashing the files runs without the interpreter lock, and may be long)
    parts: list[tuple[Callable[[Connection], list[str]], bool]] = [
        *([(dialect.integrity_problems, False)] if database else []),
        (audit.verify, True),
        *([(lambda conn: data_check.scan(conn).problems, False)] if database else []),
        (dialect.search_problems, True),
        (files, False),
    ]
    if give_way is None:
        with read() as conn:
            return [problem for work, _ in parts for problem in work(conn)]
    found: list[str] = []
    for work, interruptible in parts:
        if work is audit.verify:  # walked a few hundred rows a step
            found += in_steps(read, give_way)
        else:
            found += step(read, give_way, scan(work), interruptible=interruptible)
    return found


def scan(work: Callable[[Connection], list[str]]) -> Callable[[Connection, object], list[str]]:
    """``work(conn)`` as a step's work (it takes no ``check_in``)."""
    return lambda conn, _check_in: work(conn)


def in_steps(read: Reads, give_way: Callable[[], Any], walk: ChainWalk | None = None) -> list[str]:
    """The audit chain's problems, walked a step per read transaction."""
    walk = walk or ChainWalk()
    while not step(read, give_way, walk.step):
        pass
    return walk.problems


def step(
    read: Reads,
    give_way: Callable[[], Any],
    work: Callable[[Connection, Callable[[], None]], T],
    *,
    interruptible: bool = True,
) -> T:
    """``work(conn, check_in)`` in a read transaction of its own, once ``give_way()`` has
    returned. Interactive work that starts meanwhile interrupts it (its statement stopped,
    ``check_in()`` raising); it is then undone and run again, after giving way once more."""
    while True:
        give_way()
        try:
            with read() as conn:
                raw = conn.connection.driver_connection
                if not interruptible or not isinstance(raw, sqlite3.Connection):
                    return work(conn, lambda: None)
                with INTERACTIVE.yielding(raw.interrupt) as check_in:
                    check_in()
                    return work(conn, check_in)
        except GaveWay:
            continue
        except (OperationalError, sqlite3.OperationalError) as error:
            if "interrupted" not in str(error):
                raise
