"""A spell of interactive work on the interface thread: background checks wait through it.

:class:`InteractiveSpell` holds :data:`app.store.interactive.INTERACTIVE` from
:meth:`~InteractiveSpell.begin` until a short while after :meth:`~InteractiveSpell.end`, so
that the search box can hold it from the first key until the matches are marked (and the
window has repainted them): the health check then never runs its Python work between two
keys of one search, where it would make the interface thread wait for the interpreter.
A ``begin`` within the grace period keeps holding; :meth:`~InteractiveSpell.release` lets go
at once (the case closes).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import partial

from PySide6.QtCore import QObject, QTimer

from app.store.interactive import INTERACTIVE

GRACE_MS = 300  # held this long after the end: the repaint, and a next key typed soon


class InteractiveSpell(QObject):
    """Interactive work from ``begin()`` until ``GRACE_MS`` after ``end()``."""

    def __init__(self, parent: QObject | None = None, grace_ms: int = GRACE_MS) -> None:
        super().__init__(parent)
        # in a list of its own, so that a spell destroyed while holding still lets go
        self._box: list[AbstractContextManager[None] | None] = [None]
        self.destroyed.connect(partial(_let_go, self._box))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(grace_ms)
        self._timer.timeout.connect(self.release)

    @property
    def held(self) -> bool:
        return self._box[0] is not None

    def begin(self) -> None:
        self._timer.stop()
        if self._box[0] is None:
            held = INTERACTIVE.running()
            held.__enter__()
            self._box[0] = held

    def end(self) -> None:
        """The work is done: let go after the grace period."""
        if self._box[0] is not None:
            self._timer.start()

    def release(self) -> None:
        """Let go now."""
        self._timer.stop()
        _let_go(self._box)


def _let_go(box: list[AbstractContextManager[None] | None]) -> None:
    held, box[0] = box[0], None
    if held is not None:
        held.__exit__(None, None, None)
