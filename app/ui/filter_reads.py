"""The filter panel's read of which events pass (``Case.event_ids``), off the interface
thread for a big case: typing a date in the panel never waits for the database.

Each read has a generation; a newer filter makes an older read stale (cancelled, and its
result dropped when it comes anyway). A change to the case while a read runs reads again,
so no change committed meanwhile is lost. A small case is read at once, on the interface
thread (a few milliseconds, and the table never shows the unfiltered rows in between).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.domain.records import EventFilter
from app.store.case import Case
from app.ui.jobs import Job, JobRunner

AT_ONCE_ROWS = 20_000  # cases with at most this many events are filtered at once

Apply = Callable[[set[int] | None], None]


class FilterReads:
    """Reads the ids a filter lets through and hands them to ``apply`` (None: every row)."""

    def __init__(self, parent: QWidget, rows: Callable[[], int], failed: Callable[[str], None]):
        self._jobs = JobRunner(parent)
        self._rows, self._failed = rows, failed
        self._generation = 0
        self._job: Job | None = None
        self._pending: tuple[Case, EventFilter, Apply] | None = None

    @property
    def running(self) -> bool:
        """A read is under way (its result not applied yet)."""
        return self._job is not None

    def read(self, case: Case, flt: EventFilter, apply: Apply) -> None:
        """Apply the ids ``flt`` lets through: now for a small case or no filter, else when
        the background read ends."""
        self.cancel()
        if flt.is_empty:
            apply(None)
            return
        if self._rows() <= AT_ONCE_ROWS:
            apply(set(case.event_ids(flt)))
            return
        generation, self._pending = self._generation, (case, flt, apply)
        self._job = self._jobs.start(
            lambda _reporter: set(case.event_ids(flt)),
            title="Filter",
            progress=False,
            on_finished=lambda ids: self._arrived(generation, ids),
            on_failed=lambda error: self._arrived(generation, None, error),
        )

    def again(self) -> None:
        """The case changed: a read under way starts over (it may have missed the change)."""
        if self._pending is not None:
            self.read(*self._pending)

    def cancel(self) -> None:
        """Drop the read under way (its result will be ignored)."""
        self._generation += 1
        self._pending = None
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def _arrived(self, generation: int, ids: set[int] | None, error: object = None) -> None:
        if generation != self._generation or self._pending is None:
            return  # a newer filter (or another case) has come since
        apply = self._pending[2]
        self._job, self._pending = None, None
        if ids is None:
            self._failed(f"The filter could not be read: {error}")
        else:
            apply(ids)
