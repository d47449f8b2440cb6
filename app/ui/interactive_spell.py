"""A spell of interactive work on the interface thread: background checks wait through it.

:class:`InteractiveSpell` holds :data:`app.store.interactive.INTERACTIVE` off from
:meth:`~InteractiveSpell.begin` until a short while after :meth:`~InteractiveSpell.end`, so
that the search box can hold it from the first key until the matches are marked (and the
window has repainted them): the health check then never runs its Python work between two
keys of one search, where it would make the interface thread wait for the interpreter.
It is a lease that runs out by itself (``HOLD_S`` after a ``begin``, ``GRACE_S`` after an
``end``): a search box that goes away without ending never holds checks off for long.
:meth:`~InteractiveSpell.release` lets go at once (the case closes).
"""

from __future__ import annotations

from app.store.interactive import INTERACTIVE

HOLD_S = 2.0  # from a key (each key renews it); a query itself holds for as long as it runs
GRACE_S = 0.3  # after the matches are marked: the repaint, and a next key typed soon


class InteractiveSpell:
    """Interactive work from ``begin()`` until ``grace`` seconds after ``end()``."""

    def __init__(self, hold: float = HOLD_S, grace: float = GRACE_S) -> None:
        self.hold, self.grace = hold, grace
        self.held = False  # begun and not let go (the lease may still run out by itself)

    def begin(self) -> None:
        INTERACTIVE.lease(self, self.hold)
        self.held = True

    def end(self) -> None:
        """The work is done: let go after the grace period."""
        if self.held:
            INTERACTIVE.lease(self, self.grace)
            self.held = False

    def release(self) -> None:
        """Let go now."""
        INTERACTIVE.lease(self, 0)
        self.held = False
