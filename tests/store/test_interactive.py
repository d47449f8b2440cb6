"""The gate between interactive work and background checks, used from several threads at
once: the interface thread takes and renews leases while the check's thread asks, row by
row, whether interactive work runs."""

from __future__ import annotations

import threading
import time

from app.store import interactive
from app.store.interactive import Interactive


def test_a_lease_taken_while_another_thread_looks_at_the_leases_breaks_nothing(
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    gate = Interactive()
    gate.lease("search box", 60)
    real = time.monotonic
    errors: list[BaseException] = []
    taker = threading.Thread(target=lambda: gate.lease("another search box", 60))

    class Now(float):
        """The time the check's thread reads; while it compares the leases with it, the
        interface thread takes a new lease (a key typed after the last one ran out)."""

        def __ge__(self, other: object) -> bool:
            if not taker.is_alive() and taker.ident is None:
                taker.start()
                taker.join(0.5)  # it may go on at once, or wait for the look to end
            return float(self) >= other  # type: ignore[operator]

    calls = [0]

    def monotonic() -> float:
        calls[0] += 1
        return Now(real()) if calls[0] == 1 else real()

    monkeypatch.setattr(interactive.time, "monotonic", monotonic)
    try:
        busy = gate.busy  # the check's thread: a check-in between two rows
    except RuntimeError as error:  # "dictionary changed size during iteration"
        errors.append(error)
        busy = None
    monkeypatch.setattr(interactive.time, "monotonic", real)
    taker.join(30)
    assert not taker.is_alive()
    assert errors == [] and busy is True
    assert gate.busy  # both leases are held
