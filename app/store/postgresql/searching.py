"""Search as you type in a shared case: a connection of its own (read-only, autocommit),
whose running query any thread may stop at once with a cancel request to the server, as
``sqlite3_interrupt`` stops one in a case file (see :class:`app.store.searcher.Searcher`).

The search box asks for a first page of matches and then for every match of the same text:
both statements go to the server together (libpq's pipeline mode), so the server starts on
every match as soon as it has sent the first page, without waiting for another round trip.
:meth:`SharedSearch.ids` reads that second result; a query for anything else first throws it
away (cancelled, when the server is still at it)."""

from __future__ import annotations

import contextlib
import select
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from app.store.postgresql import search
from app.store.sqlite.search import sorted_unique


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
        self._pending: str | None = None  # the text whose every match was sent for next
        self._known: tuple[str, np.ndarray] | None = None  # a text's every match, read

    def _connect(self) -> Any:
        import psycopg

        conn = psycopg.connect(self._conninfo, autocommit=True)
        conn.execute("SET default_transaction_read_only = on")
        self._layout = search.layout(conn)
        return conn

    def first_page(self, text: str, n: int) -> np.ndarray:
        return self._run(lambda conn: self._first(conn, text, n))

    def ids(self, text: str) -> np.ndarray:
        return self._run(lambda conn: self._every(conn, text), keep=True)

    def _first(self, conn: Any, text: str, n: int) -> np.ndarray:
        """Up to ``n`` matches of ``text``; every match is sent for next (see the module)."""
        query = search.query_text(text)
        if query is None:
            return np.empty(0, np.int64)
        params = {"query": query}
        sent = [
            search.libpq_statement(conn, sql, params)
            for sql in (search.first_statement(self._layout, n), search.all_statement(self._layout))
        ]
        pg = conn.pgconn
        pg.enter_pipeline_mode()
        self._pending = text
        (first, first_values), (every, every_values) = sent
        pg.send_query_params(first, first_values, None, None, 1)
        pg.send_flush_request()  # the server sends the first page at once, not with the rest
        pg.send_query_params(every, every_values, None, None, 1)
        pg.pipeline_sync()
        _flush(pg)
        row = search.values_of(conn, _result(pg))
        _result(pg)  # the end of the first statement's results
        page = sorted_unique(np.concatenate(search.decoded(row)))[:n]
        if len(page) < n:  # the page looked at part of the case: every match decides
            self._known = (text, self._every(conn, text))
            return self._known[1][:n]
        return page

    def _every(self, conn: Any, text: str) -> np.ndarray:
        """Every match of ``text``: read already, the result sent after its first page, or
        a query."""
        known, self._known = self._known, None
        if known is not None and known[0] == text:
            return known[1]
        if self._pending != text:
            self._discard(conn)
            return search.matched_ids(conn, text, self._layout, alone=True)
        try:
            row = search.values_of(conn, _result(conn.pgconn))
        finally:
            self._finish(conn.pgconn)
        return sorted_unique(np.concatenate(search.decoded(row)))

    def _discard(self, conn: Any) -> None:
        """Throw away the result sent for next, cancelling it when it is not in yet."""
        if self._pending is None:
            return
        pg = conn.pgconn
        pg.consume_input()
        if pg.is_busy():
            conn.cancel_safe(timeout=5.0)
        self._finish(pg)

    def _finish(self, pg: Any) -> None:
        """Read the pipeline's results up to its end and leave pipeline mode."""
        from psycopg import pq

        while True:
            result = _result(pg)
            if result is not None and result.status == pq.ExecStatus.PIPELINE_SYNC:
                break
        pg.exit_pipeline_mode()
        self._pending = None

    def _run(self, query: Callable[[Any], np.ndarray], keep: bool = False) -> np.ndarray:
        """``query`` on the search connection (``keep``: the result sent for next too)."""
        import psycopg

        with self._lock:
            if self._closed:
                raise Stopped
            if self._conn is None:
                self._conn = self._connect()
            self._running = True
            try:
                if not keep:
                    self._known = None
                    self._discard(self._conn)
                return query(self._conn)
            except psycopg.errors.QueryCanceled:
                raise Stopped from None
            except psycopg.OperationalError:
                self._drop()  # the next search connects again
                raise
            finally:
                self._running = False

    def _drop(self) -> None:
        conn, self._conn, self._pending, self._known = self._conn, None, None, None
        with contextlib.suppress(Exception):
            conn.close()

    def interrupt(self) -> None:
        """Cancel the query running now (it raises :class:`Stopped`); safe from any thread."""
        conn = self._conn
        if conn is not None and (self._running or self._pending is not None):
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


def _result(pg: Any) -> Any:
    """The next result of ``pg`` (libpq's), waited for without the interpreter's lock."""
    while True:
        pg.consume_input()
        if not pg.is_busy():
            return pg.get_result()
        select.select([pg.socket], [], [])


def _flush(pg: Any) -> None:
    """Send what libpq holds (the connection does not block), reading meanwhile."""
    while pg.flush():
        readable, _writable, _x = select.select([pg.socket], [pg.socket], [])
        if readable:
            pg.consume_input()
