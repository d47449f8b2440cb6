"""What must end before a case closes: the background work that reads it stops first.

A part of the window that runs work on a case (the health check) registers a callback with
:func:`when_closing`; :meth:`app.ui.session.CaseSession.close` calls :func:`closing` before
it closes the case, and the callbacks stop their jobs and wait for them (a health check ends
at its next step, or at once if it is waiting for a search or an edit to end). So no job is
still reading a case whose connections are closed, and none outlives its window as a
running ``QThread``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_callbacks: dict[int, list[Callable[[], None]]] = {}


def when_closing(case: Any, callback: Callable[[], None]) -> None:
    """Call ``callback`` when ``case`` is about to close (once)."""
    _callbacks.setdefault(id(case), []).append(callback)


def closing(case: Any) -> None:
    """``case`` is about to close: run (and forget) what was registered for it."""
    for callback in _callbacks.pop(id(case), []):
        callback()
