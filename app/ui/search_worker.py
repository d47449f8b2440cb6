"""The thread behind the search box: one long-lived worker per open case, with a search
connection of its own (:class:`~app.store.searcher.Searcher`).

:meth:`SearchWorker.submit` makes a query the newest and interrupts the one running, which
then stops inside SQLite at once; queries that were waiting and are no longer the newest are
skipped. Each query delivers twice, on the interface thread: ``firstPage`` (a few matching
ids) as soon as FTS5 has them, then ``found`` with every match as a sorted array and as a
frozenset built here, in the worker, in slices (the interface thread only swaps it in).
While a query runs, the window's health check waits (:mod:`app.store.interactive`).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from itertools import chain

import numpy as np
from PySide6.QtCore import QObject, Signal

from app.store.case import Case
from app.store.interactive import INTERACTIVE
from app.store.searcher import Interrupted, Searcher

FIRST_PAGE = 200  # ids shown before the whole result is known
_SLICE = 16384  # ids per step when building the set (the interface thread runs in between)


class _Relay(QObject):
    """Carries results to the interface thread (its signals are queued to the receivers)."""

    firstPage = Signal(int, object)  # generation, ids (a sorted array)
    found = Signal(int, object, object)  # generation, ids (a sorted array), frozenset of them
    failed = Signal(int, str)  # generation, what went wrong


def id_set(ids: np.ndarray, stale: Callable[[], bool] = lambda: False) -> frozenset[int]:
    """``frozenset(ids)``, built a slice at a time (other threads run between slices);
    raises :class:`Interrupted` as soon as ``stale()`` says the set is no longer wanted."""

    def slices() -> Iterator[list[int]]:
        for i in range(0, len(ids), _SLICE):
            if stale():
                raise Interrupted
            yield ids[i : i + _SLICE].tolist()

    return frozenset(chain.from_iterable(slices()))


class SearchWorker:
    """Runs the searches of one case on a thread of its own."""

    def __init__(self, case: Case) -> None:
        self.relay = _Relay()
        self._searcher = Searcher(case)
        self._latest = 0
        self._requests: queue.Queue[tuple[int, str] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="search", daemon=True)
        self._thread.start()

    def submit(self, generation: int, text: str) -> None:
        """Search ``text`` as query ``generation`` (the newest); a running query stops."""
        self._latest = generation
        self._searcher.interrupt()
        self._requests.put((generation, text))

    def drop(self, generation: int) -> None:
        """No query older than ``generation`` is wanted any more: stop the running one."""
        self._latest = generation
        self._searcher.interrupt()

    def close(self) -> None:
        """Stop the running query, end the thread and close the connection."""
        self._latest = -1
        self._requests.put(None)
        self._searcher.interrupt()
        self._thread.join(timeout=5)
        self._searcher.close()

    def _loop(self) -> None:
        while True:
            request = self._requests.get()
            if request is None:
                return
            generation, text = request
            if generation != self._latest:
                continue  # a newer query is waiting behind this one
            try:
                with INTERACTIVE.running():  # background checks wait until it is done
                    self._run(generation, text)
            except Interrupted:
                if generation == self._latest:  # stopped by an interrupt meant for another
                    self._requests.put(request)
            except Exception as error:  # reported to the person, never raised in the thread
                self.relay.failed.emit(generation, str(error) or type(error).__name__)

    def _run(self, generation: int, text: str) -> None:
        first = self._searcher.first_page(text, FIRST_PAGE)
        if generation != self._latest:
            return
        if len(first) < FIRST_PAGE:  # that is every match already
            everything = self._searcher.ids(text) if len(first) else first
        else:
            self.relay.firstPage.emit(generation, first)
            everything = self._searcher.ids(text)
        if generation != self._latest:
            return
        marks = id_set(everything, lambda: generation != self._latest)
        if generation == self._latest:
            self.relay.found.emit(generation, everything, marks)
