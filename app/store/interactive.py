"""Interactive work first: background verification gives way while a search or an edit runs.

Work a person waits for (a search's query, an edit's write) marks itself with
``with INTERACTIVE.running(): ...``; the search box, which holds it from the first key until
the matches are marked, takes a :meth:`~Interactive.lease` that runs out by itself. A
background check (the window's health check) calls
:meth:`Interactive.give_way` between its steps, with no transaction open: it returns at once
when nothing interactive runs, and otherwise waits until all of it has ended. So the check's
Python work never competes with a search or an edit for the interpreter (or, on a
rollback-journal case, holds a read lock an edit's commit would wait for), and it resumes
where it stopped: its progress and its verdict are the same as without the pause.

``give_way(stopped)`` raises :class:`Stopped` as soon as ``stopped()`` is true, paused or not,
so a check whose window or case closes ends at its next step instead of waiting.

A step does not make interactive work that starts in the middle of it wait either: inside
:meth:`Interactive.yielding` the step's ``interrupt`` is called (SQLite stops the statement)
as soon as interactive work starts, and the ``check_in`` it yields, called between pieces of
the step's own work, raises :class:`GaveWay`; the step is then undone and run again once
the interactive work has ended (:mod:`app.store.checking`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["INTERACTIVE", "GaveWay", "Interactive", "Stopped"]

_POLL_S = 0.05  # how often a paused check looks whether it was asked to stop


class Stopped(Exception):
    """A background check was asked to stop (its window or case is closing)."""


class GaveWay(Exception):
    """Interactive work started during a background step: the step is undone and run again."""


class Interactive:
    """Counts the interactive work running now; background work waits while any runs."""

    def __init__(self) -> None:
        self._idle = threading.Condition()
        self._running = 0
        self._leases: dict[object, float] = {}  # holder -> until when (time.monotonic())
        self._interrupts: list[Callable[[], None]] = []  # of the background steps running
        self.pauses = 0  # how many times background work has waited (tests, diagnostics)

    @property
    def busy(self) -> bool:
        with self._idle:  # the check's thread asks while the interface thread takes leases
            return self._running > 0 or self._leased()

    def _leased(self) -> bool:
        if not self._leases:
            return False
        now = time.monotonic()
        for holder in [h for h, until in self._leases.items() if until <= now]:
            self._leases.pop(holder, None)  # run out (a holder that never let go, too)
        return bool(self._leases)

    def lease(self, holder: object, seconds: float) -> None:
        """Hold background work off for ``seconds`` from now on behalf of ``holder`` (a
        later call replaces it; 0 lets go). A lease runs out by itself, so a holder that
        goes away without letting go holds nothing for long."""
        with self._idle:
            if seconds <= 0:
                self._leases.pop(holder, None)
                self._idle.notify_all()
                return
            starts = not self.busy
            self._leases[holder] = time.monotonic() + seconds
            if starts:
                for interrupt in self._interrupts:
                    interrupt()

    @contextmanager
    def running(self) -> Iterator[None]:
        """Mark the block as interactive work: background checks wait until it ends."""
        with self._idle:
            self._running += 1
            for interrupt in self._interrupts:  # under the lock: never after a step ended
                interrupt()
        try:
            yield
        finally:
            with self._idle:
                self._running -= 1
                if not self._running:
                    self._idle.notify_all()

    @contextmanager
    def yielding(self, interrupt: Callable[[], None]) -> Iterator[Callable[[], None]]:
        """A background step: ``interrupt()`` is called if interactive work starts during
        it; yields ``check_in()``, which raises :class:`GaveWay` while interactive work runs
        (call it first, and between pieces of the step's own work)."""
        with self._idle:
            self._interrupts.append(interrupt)
        try:
            yield self._check_in
        finally:
            with self._idle:
                self._interrupts.remove(interrupt)

    def _check_in(self) -> None:
        if self.busy:
            raise GaveWay

    def give_way(self, stopped: Callable[[], bool] = lambda: False) -> bool:
        """Wait while interactive work runs; True when it waited. Raises :class:`Stopped`
        when ``stopped()`` is true (before waiting, or while waiting)."""
        if stopped():
            raise Stopped
        if not self.busy:
            return False
        with self._idle:
            if self.busy:
                self.pauses += 1
            waited = False
            while self.busy:
                waited = True
                self._idle.wait(_POLL_S)
                if stopped():
                    raise Stopped
        return waited


INTERACTIVE = Interactive()  # one per process: the interpreter lock is one per process
