"""A search connection of its own, for search as you type: one thread runs its queries and
any other thread may stop the running one at once (:meth:`Searcher.interrupt`, SQLite's
``sqlite3_interrupt``), so a stale query never holds up the next.

Queries come in two steps, so that the first results show before every match is known:
:meth:`Searcher.first_page` (a few matching event ids, unranked: FTS5 stops after ``n``
rows) and :meth:`Searcher.ids` (every match as one sorted array; its length is the count).
A shared case (PostgreSQL) has one too (:class:`app.store.postgresql.searching.SharedSearch`),
whose running query is stopped by a cancel request to the server.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from app.store.engine import Mode
from app.store.opening import file_path
from app.store.sqlite.connect import connect_raw
from app.store.sqlite.search import (
    MATCHED_EVENT_IDS,
    id_array,
    match_expression,
    sorted_unique,
)

if TYPE_CHECKING:
    from app.store.case import Case

__all__ = ["Interrupted", "Searcher"]


class Interrupted(Exception):
    """The query was stopped by :meth:`Searcher.interrupt`."""


class Searcher:
    """Searches ``case``; :meth:`first_page` and :meth:`ids` run on one thread at a time,
    :meth:`interrupt` on any."""

    def __init__(self, case: Case) -> None:
        path = file_path(case.path)
        self._shared = None
        if path is None:
            from app.store.postgresql.searching import SharedSearch

            self._shared = SharedSearch(str(case.path))
        self._conn = None if path is None else connect_raw(path, Mode.REVIEW)
        self._lock = threading.Lock()  # closing waits for a query to end

    def first_page(self, text: str, n: int) -> np.ndarray:
        """Up to ``n`` ids of events matching ``text``, sorted (not ranked)."""
        expr = match_expression(text)
        if expr is None:
            return np.empty(0, np.int64)
        if self._shared is not None:
            return self._from_server(self._shared.first_page, text, n)
        found = [self._read(f"{sql} LIMIT {int(n)}", expr) for sql in MATCHED_EVENT_IDS]
        return sorted_unique(np.concatenate(found))[:n]

    def ids(self, text: str) -> np.ndarray:
        """Every event matching ``text`` (as ``Case.search_ids``), a sorted int64 array."""
        expr = match_expression(text)
        if expr is None:
            return np.empty(0, np.int64)
        if self._shared is not None:
            return self._from_server(self._shared.ids, text)
        found = [self._read(sql, expr) for sql in MATCHED_EVENT_IDS]
        return sorted_unique(np.concatenate(found))

    @staticmethod
    def _from_server(query: Callable[..., np.ndarray], *args: object) -> np.ndarray:
        from app.store.postgresql.searching import Stopped

        try:
            return query(*args)
        except Stopped:
            raise Interrupted from None

    def _read(self, sql: str, expr: str) -> np.ndarray:
        with self._lock:
            if self._conn is None:
                raise Interrupted
            try:
                (text,) = self._conn.execute(
                    f"SELECT group_concat(id) FROM ({sql})", (expr,)
                ).fetchone()
            except sqlite3.OperationalError as error:
                if "interrupt" in str(error).lower():
                    raise Interrupted from None
                raise
        return id_array(text)

    def interrupt(self) -> None:
        """Stop the query running now (it raises :class:`Interrupted`); safe from any thread."""
        if self._shared is not None:
            self._shared.interrupt()
        conn = self._conn
        if conn is not None:
            conn.interrupt()

    def close(self) -> None:
        """Interrupt whatever runs and close the connection (searches after this raise
        :class:`Interrupted`)."""
        if self._shared is not None:
            self._shared.close()
        self.interrupt()
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
