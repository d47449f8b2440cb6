"""Search as you type in a shared case: a connection of its own (read-only, autocommit),
whose running query any thread may stop at once with a cancel request to the server, as
``sqlite3_interrupt`` stops one in a case file (see :class:`app.store.searcher.Searcher`)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from app.store.postgresql import search


class Stopped(Exception):
    """The query was cancelled (or the connection closed)."""


class SharedSearch:
    """The search connection of one shared case at ``conninfo``."""

    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo
        self._conn: Any = None  # connected by the first query, on the searching thread
        self._closed = False
        self._layout = search.TABLE
        self._lock = threading.Lock()
        self._running = False

    def _connect(self) -> Any:
        import psycopg

        conn = psycopg.connect(self._conninfo, autocommit=True)
        conn.execute("SET default_transaction_read_only = on")
        self._layout = search.layout(conn)
        return conn

    def first_page(self, text: str, n: int) -> np.ndarray:
        return self._run(lambda conn: search.first_ids(conn, text, n, self._layout, alone=True))

    def ids(self, text: str) -> np.ndarray:
        return self._run(lambda conn: search.matched_ids(conn, text, self._layout, alone=True))

    def _run(self, query: Callable[[Any], np.ndarray]) -> np.ndarray:
        import psycopg

        with self._lock:
            if self._closed:
                raise Stopped
            if self._conn is None:
                self._conn = self._connect()
            self._running = True
            try:
                return query(self._conn)
            except psycopg.errors.QueryCanceled:
                raise Stopped from None
            finally:
                self._running = False

    def interrupt(self) -> None:
        """Cancel the query running now (it raises :class:`Stopped`); safe from any thread."""
        conn = self._conn
        if conn is not None and self._running:
            # nothing to cancel any more, or the server went away: the query ends either way
            with contextlib.suppress(Exception):
                conn.cancel_safe(timeout=5.0)

    def close(self) -> None:
        self._closed = True
        self.interrupt()
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
