"""``Case.check`` run as the window's health check: in steps that give way to interactive work.

:func:`checked` is :meth:`app.store.case.Case.check`. Without ``give_way`` (``casetrail
check``) every part runs in one read transaction, as :func:`app.store.opening.problems` says.
With ``give_way`` (the window's check, which leaves the whole-case database scans to
``casetrail check``: ``database`` false) the audit chain is walked a few hundred rows a step
(:class:`app.store.audit_walk.ChainWalk`), each step, the search index's count and the
source files (and with ``database`` each whole-case scan) each in a read transaction of
their own, and ``give_way()`` is called before
every one of them with no transaction open: it may wait while a search or an edit runs
(:mod:`app.store.interactive`), or raise to stop the check. A search or an edit that starts
in the middle of a step interrupts it; the step is undone and run again afterwards. The
problems found, and their order, are those of one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, TypeVar

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from app.store import data_check, dialect
from app.store.audit_walk import ChainWalk
from app.store.interactive import INTERACTIVE, GaveWay
from app.store.opening import problems
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
    if give_way is None:
        with read() as conn:
            return problems(conn, verify_file, database)
    found: list[str] = []
    if database:  # the whole-case scans, each one step (not started over for a search)
        found += step(read, give_way, scan(dialect.integrity_problems), interruptible=False)
    found += in_steps(read, give_way)
    if database:
        found += step(
            read, give_way, scan(lambda conn: data_check.scan(conn).problems), interruptible=False
        )
    found += step(read, give_way, lambda conn, _: dialect.search_problems(conn))

    def files(conn: Connection, _check_in: object) -> list[str]:
        return source_file_problems(conn, verify_file)

    # (hashing the files is not started over when a search begins: it runs without the
    # interpreter lock, and it may be long)
    return found + step(read, give_way, files, interruptible=False)


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
                    return work(conn, _nothing)
                with INTERACTIVE.yielding(raw.interrupt) as check_in:
                    check_in()
                    return work(conn, check_in)
        except GaveWay:
            continue
        except (OperationalError, sqlite3.OperationalError) as error:
            if "interrupted" not in str(error):
                raise


def _nothing() -> None:
    pass
