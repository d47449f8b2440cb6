"""The search box: matches as you type, marked in the table and on the canvas, stepped
through in table order with Enter, F3 and Shift+F3.

Typing searches off the interface thread, on every key (a
:class:`~app.ui.search_worker.SearchWorker` with a connection of its own). Each search has
a generation number: a new key interrupts the query running inside SQLite, and a result
that arrives after a newer search has started is dropped, so the box never waits for a
stale query and never shows one. The first page of matches is marked as soon as FTS5 has
it, then every match and the count. Enter and F3 while a search runs step once it is in;
:meth:`SearchBar.run` (a saved view) searches at once.

Matches are a frozenset of event ids, built by the worker; the interface thread only swaps
it in (the table announces one span, the canvas repaints). Their order (the table's, for
stepping) is worked out only when a person steps, in one pass over the rows. A change set
patches the matches: only the events it names are searched again. From the first key until
the matches are marked, the window's health check waits (:mod:`app.ui.interactive_spell`).
"""

from __future__ import annotations

from collections.abc import Callable, Set

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QToolBar, QWidget
from shiboken6 import isValid

from app.domain.records import ChangeSet
from app.ui.interactive_spell import InteractiveSpell
from app.ui.models import EventTableModel
from app.ui.search_worker import SearchWorker, id_set
from app.ui.session import CaseSession

TYPING_PAUSE_MS = 0  # keys that arrive together (a paste, a burst) make one search


class SearchBar(QObject):
    """Search as you type over the open session's case."""

    searched = Signal(str)  # the text searched (a saved view stores it)
    matchesChanged = Signal()

    def __init__(
        self,
        parent: QWidget,
        model: EventTableModel,
        table_row: Callable[[int], int],
        mark: Callable[[Set[int]], None],
        select: Callable[[int], None],
    ) -> None:
        super().__init__(parent)
        self.model, self._table_row = model, table_row
        self._mark, self._select = mark, select
        self.session: CaseSession | None = None
        self.matches: Set[int] = frozenset()
        self.allowed: Callable[[], Set[int] | None] = lambda: None  # the ids a filter shows
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
        self._worker: SearchWorker | None = None
        self._job: int | None = None  # the generation of the search under way
        self._generation = 0  # of the newest search; an older one's result is dropped
        self.marked_generation = 0  # of the search whose (first) matches are marked
        self._waiting_step = 0  # Enter (1) or Shift+F3 (-1) pressed while a search ran
        # from the first key until the matches are marked, background checks wait
        self.spell = InteractiveSpell()
        self.edit.textChanged.connect(self._typed)
        self.edit.returnPressed.connect(self.next)
        for signal in (model.layoutChanged, model.modelReset, model.rowsInserted,
                       model.rowsRemoved):  # fmt: skip
            signal.connect(self.rows_changed)

    def _typed(self) -> None:
        self._waiting_step = 0  # a step asked for before is for the text before
        self.spell.begin()
        self._timer.start()

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
        self._job = None
        self.spell.release()
        if self._worker is not None:
            self._worker.close()
            self._worker = None
        self.edit.blockSignals(True)
        self.edit.clear()
        self.edit.blockSignals(False)
        self._set(frozenset())
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
        if self._worker is None:
            self._worker = SearchWorker(self.session.case)  # type: ignore[union-attr]
            relay, queued = self._worker.relay, Qt.ConnectionType.QueuedConnection
            relay.firstPage.connect(self._first, queued)
            relay.found.connect(self._found, queued)
            relay.failed.connect(self._failed, queued)
        self._job = self._generation
        self.spell.begin()
        self.status.setText("  searching\u2026")
        self._worker.submit(self._generation, text)

    def run(self) -> None:
        """Search for the box's text now."""
        text = self._begin()
        if text is not None:
            ids = self.session.case.search_ids(text)  # type: ignore[union-attr]
            self._show(self._generation, id_set(ids))

    def _begin(self) -> str | None:
        """Start a new search generation; the text to search, or None when there is none."""
        self._timer.stop()
        self._generation += 1
        self._job, self._waiting_step = None, 0
        if self._worker is not None:
            self._worker.drop(self._generation)  # the running query stops inside SQLite
        text = self.edit.text()
        self.searched.emit(text)
        if self.session is None or not text.strip():
            self._set(frozenset())
            self.status.setText("")
            self.spell.end()
            return None
        return text

    def _stale(self, generation: int) -> bool:
        # a newer search has started (or the window has gone)
        return generation != self._generation or not isValid(self.status)

    def _first(self, generation: int, ids: np.ndarray) -> None:
        if self._stale(generation):
            return
        self.status.setText(f"  {len(ids)}+ found, counting\u2026")
        self._set(frozenset(ids.tolist()), generation)

    def _found(self, generation: int, _ids: np.ndarray, marks: frozenset[int]) -> None:
        if not self._stale(generation):
            self._job = None
            self.spell.end()
            self._show(generation, marks)
            step, self._waiting_step = self._waiting_step, 0
            if step:
                self._step(step)

    def _failed(self, generation: int, error: str) -> None:
        if not self._stale(generation):
            self._job = None
            self.spell.end()
            self._set(frozenset())
            self.status.setText(f"  search failed: {error}")

    def _arrived(self, generation: int, ids: np.ndarray | None, error: object = None) -> None:
        """A whole result (or, with ``ids`` None, a failure) of search ``generation``."""
        if ids is None:
            self._failed(generation, str(error))
        else:
            self._found(generation, ids, id_set(ids))

    def _show(self, generation: int, matches: frozenset[int]) -> None:
        self._set(matches, generation)
        allowed = self.allowed()
        shown = len(matches) if allowed is None else len(matches & allowed)
        self.status.setText(f"  {shown} found" if shown else "  no match")

    def patch(self, changes: ChangeSet) -> None:
        """Search again among the events ``changes`` names only."""
        text = self.edit.text()
        if self.session is None or not text.strip():
            return
        touched, deleted = self.session.changed_events(changes)
        found = set(self.session.case.search(text, among=touched)) if touched else set()
        gone = set(touched) | set(deleted)
        if gone & self.matches or found:
            self._set(frozenset((self.matches - gone) | found))

    def rows_changed(self) -> None:
        """The table's rows changed (a filter, a sort, an edit): order the matches anew."""
        self._order, self._pos = None, -1

    def _set(self, matches: frozenset[int], generation: int | None = None) -> None:
        self.matches = matches
        self.marked_generation = self._generation if generation is None else generation
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
        if self._timer.isActive():
            self.start()
        if self._job is not None:  # step once every match is in (the search runs on)
            self._waiting_step = step
            return
        shown = self.ordered()
        if not shown:
            return
        self._pos = (self._pos + step) % len(shown)
        self._select(shown[self._pos])
        self.status.setText(f"  {self._pos + 1} of {len(shown)}")
