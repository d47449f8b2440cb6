"""Keeping Python's cyclic garbage collector away from a big case's long-lived data.

A case of a million events keeps large containers alive for as long as it is open (the
timeline's titles, the views' indexes). Every full collection of the cyclic garbage
collector walks all of them, and at a million events one such pass took 200-300 ms: a
pause that lands in whatever the person does next, an edit included. Once a big case has
been read into the views, :func:`settle` collects once and then moves everything alive into
the collector's permanent generation (``gc.freeze``), which later collections skip. Those
objects are still freed as usual when nothing refers to them any more (reference counting
is untouched); only a reference cycle among them would wait until the next :func:`settle`,
which first takes them all back (``gc.unfreeze``) and collects.
"""

from __future__ import annotations

import gc

BIG_CASE = 50_000  # events from which a case's data is frozen after it is read


def settle(events: int) -> None:
    """After a case of ``events`` events was read into the views: for a big case, one full
    collection, then exempt what is alive from later ones."""
    if events < BIG_CASE:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()
