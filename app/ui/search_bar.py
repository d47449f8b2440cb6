"""The search box: matches as you type, marked in the table and on the canvas, stepped
through in table order with Enter, F3 and Shift+F3.

Typing searches off the interface thread (a :class:`~app.ui.jobs.JobRunner` job reading
``Case.search_ids``, every match as one array); each search has a generation number, and a
result that arrives after a newer search has started is dropped, so the box never waits
for a stale query and never shows one. Enter, F3 and :meth:`SearchBar.run` search at once.

Matches are a set of event ids; their order (the table's, for stepping) is worked out only
when a person steps, in one pass over the rows. A change set patches the matches: only the
events it names are searched again.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QToolBar, QWidget
from shiboken6 import isValid

from app.domain.records import ChangeSet
from app.ui.jobs import Job, JobRunner
from app.ui.models import EventTableModel
from app.ui.session import CaseSession

TYPING_PAUSE_MS = 120


class SearchBar(QObject):
    """Search as you type over the open session's case."""

    searched = Signal(str)  # the text searched (a saved view stores it)
    matchesChanged = Signal()

    def __init__(
        self,
        parent: QWidget,
        model: EventTableModel,
        table_row: Callable[[int], int],
        mark: Callable[[set[int]], None],
        select: Callable[[int], None],
    ) -> None:
        super().__init__(parent)
        self.model, self._table_row = model, table_row
        self._mark, self._select = mark, select
        self.session: CaseSession | None = None
        self.matches: set[int] = set()
        self._order: list[int] | None = None
        self._pos = -1
        self.edit = QLineEdit(parent)
        self.edit.setPlaceholderText("Search (Ctrl+F)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName("Search")
        self.edit.setMaximumWidth(360)
        self.status = QLabel(parent)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.start)
        self._jobs = JobRunner(parent)
        self._job: Job | None = None
        self._generation = 0  # of the newest search; an older one's result is dropped
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.edit.returnPressed.connect(self.next)
        for signal in (model.layoutChanged, model.modelReset, model.rowsInserted,
                       model.rowsRemoved):  # fmt: skip
            signal.connect(self.rows_changed)

    def toolbar(self, parent: QWidget) -> QToolBar:
        """A toolbar holding the search box and its status."""
        bar = QToolBar("Search", parent)
        bar.setObjectName("search-toolbar")
        bar.setMovable(False)
        bar.addWidget(self.edit)
        bar.addWidget(self.status)
        return bar

    def set_session(self, session: CaseSession | None) -> None:
        self.session = session
        self._generation += 1  # a search of the case before is stale
        self.edit.blockSignals(True)
        self.edit.clear()
        self.edit.blockSignals(False)
        self._set(set())
        self.status.setText("")

    def focus(self) -> None:
        self.edit.setFocus()
        self.edit.selectAll()

    # ---- searching

    def start(self) -> None:
        """Search for the box's text in the background (typing); see the module docstring."""
        text = self._begin()
        if text is None:
            return
        generation, case = self._generation, self.session.case  # type: ignore[union-attr]
        self.status.setText("  searching\u2026")
        self._job = self._jobs.start(
            lambda _reporter: case.search_ids(text),
            title="Search",
            progress=False,
            on_finished=lambda ids: self._arrived(generation, ids),
            on_failed=lambda error: self._arrived(generation, None, error),
        )

    def run(self) -> None:
        """Search for the box's text now."""
        text = self._begin()
        if text is not None:
            self._show(set(self.session.case.search_ids(text).tolist()))  # type: ignore[union-attr]

    def _begin(self) -> str | None:
        """Start a new search generation; the text to search, or None when there is none."""
        self._timer.stop()
        self._generation += 1
        if self._job is not None:
            self._job.cancel()
            self._job = None
        text = self.edit.text()
        self.searched.emit(text)
        if self.session is None or not text.strip():
            self._set(set())
            self.status.setText("")
            return None
        return text

    def _arrived(self, generation: int, ids: np.ndarray | None, error: object = None) -> None:
        if generation != self._generation or not isValid(self.status):
            return  # a newer search has started (or the window has gone): this one is stale
        self._job = None
        if ids is None:
            self._set(set())
            self.status.setText(f"  search failed: {error}")
            return
        self._show(set(ids.tolist()))

    def _show(self, matches: set[int]) -> None:
        self._set(matches)
        shown = self.ordered()
        self.status.setText(f"  {len(shown)} found" if shown else "  no match")

    def patch(self, changes: ChangeSet) -> None:
        """Search again among the events ``changes`` names only."""
        text = self.edit.text()
        if self.session is None or not text.strip():
            return
        touched, deleted = self.session.changed_events(changes)
        found = set(self.session.case.search(text, among=touched)) if touched else set()
        gone = set(touched) | set(deleted)
        if gone & self.matches or found:
            self._set((self.matches - gone) | found)

    def rows_changed(self) -> None:
        """The table's rows changed (a filter, a sort, an edit): order the matches anew."""
        self._order, self._pos = None, -1

    def _set(self, matches: set[int]) -> None:
        self.matches = matches
        self._order, self._pos = None, -1
        self.model.set_highlighted(matches)
        self._mark(matches)
        self.matchesChanged.emit()

    def ordered(self) -> list[int]:
        """The matches the table shows, in its row order."""
        if self._order is None:
            ids = self.model.ids_array()
            rows = np.flatnonzero(np.isin(ids, np.fromiter(self.matches, np.int64)))
            table_row = self._table_row
            at = np.fromiter((table_row(r) for r in rows.tolist()), np.int64, len(rows))
            shown = at >= 0  # rows a filter hides have no table row
            self._order = ids[rows][shown][np.argsort(at[shown], kind="stable")].tolist()
        return self._order

    # ---- stepping

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if self._timer.isActive() or self._job is not None:
            self.run()
        shown = self.ordered()
        if not shown:
            return
        self._pos = (self._pos + step) % len(shown)
        self._select(shown[self._pos])
        self.status.setText(f"  {self._pos + 1} of {len(shown)}")
