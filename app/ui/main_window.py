"""The review window: timeline on top, the event table below, details, filters and sources
beside them; search, saved views, review mode, menus, remembered layout."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
)

from app.domain.filter_text import active_filter_summary
from app.domain.records import ChangeSet, EventFilter
from app.store.case import Case
from app.ui.case_opening import CaseOpening
from app.ui.event_table import EventFilterProxy, event_table_view
from app.ui.filter_reads import FilterReads
from app.ui.health import HealthStatus
from app.ui.models import EventTableModel, IdRole
from app.ui.opener import SourceOpener
from app.ui.panels.detail import DetailPanel
from app.ui.panels.filters import FilterPanel
from app.ui.panels.sources import SourcesView
from app.ui.recent_cases import RecentCases
from app.ui.seal_status import SealStatus
from app.ui.search_bar import SearchBar
from app.ui.search_hints import SearchHints
from app.ui.session import CaseSession
from app.ui.theme import apply_theme
from app.ui.timeline_view import TimelineView
from app.ui.window_menus import add_dock, build_menus

IMPORT_PATCH_LIMIT = 2000  # changes beyond which an import reloads the views
PROXY_SHIFT_LIMIT = 500  # rows a re-dated row slides in place under a filter proxy


class MainWindow(QMainWindow):
    caseChanged = Signal()

    def __init__(self, case: Case | None = None, *, remember_layout: bool = True) -> None:
        super().__init__()
        self.case: Case | None = None
        self.session: CaseSession | None = None
        self.remember_layout = remember_layout
        self.settings = QSettings()
        self.setAcceptDrops(True)
        self.resize(1320, 860)
        self.opener = SourceOpener(self)
        self._panel_filter = EventFilter()
        self.health = HealthStatus(self)

        self.timeline = TimelineView(self)
        self.model = EventTableModel(self)
        # the filter proxy sits between the model and the table only while a filter is on:
        # over a million rows it costs ~10 ms for every row an edit inserts or removes
        self.proxy = EventFilterProxy(self)
        self.table = event_table_view(self, self.model)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.timeline)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)

        self.detail = DetailPanel(self)
        self.filters = FilterPanel(self)
        self.sources = SourcesView(self)
        self.detail_dock = add_dock(
            self, "Details", self.detail, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.filter_dock = add_dock(
            self, "Filters", self.filters, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.sources_dock = add_dock(
            self, "Sources", self.sources, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.tabifyDockWidget(self.detail_dock, self.sources_dock)
        self.detail_dock.raise_()

        self.finder = SearchBar(
            self,
            self.model,
            self.table_row,
            lambda ids: self.timeline.canvas.set_highlighted(ids),
            self.select_event,
        )
        self.finder.allowed = lambda: self.proxy.allowed() if self.proxy.sourceModel() else None
        self.search = self.finder.edit
        self.filter_reads = FilterReads(self, self.model.rowCount, self.statusBar().showMessage)
        self.search_status = self.finder.status
        self.finder.matchesChanged.connect(self._update_counts)
        self.finder.searched.connect(lambda text: self.filters.set_search_text(text))
        self.addToolBar(self.finder.toolbar(self))
        self.hints = SearchHints(self.finder, self.table)
        self.finder.matchesChanged.connect(
            lambda: self.detail.set_found_in(
                self.hints.describe(self.detail.current.id) if self.detail.current else ""
            )
        )

        self.counts = QLabel(self)
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.counts)
        self.health.changed.connect(self._update_counts)
        self.seal_status = SealStatus(self)  # follows caseChanged

        self.opening = CaseOpening(self, self.set_case, lambda: self.recent.last_folder())
        self.open_path, self.open_dialog = self.opening.open_path, self.opening.open_dialog
        self.new_case = self.opening.new_case
        self.recent = RecentCases(self.settings, self.open_path)
        build_menus(self)
        from app.ui.editing import EditActions
        from app.ui.selection_editing import SelectionEditing

        self.editing = EditActions(self)
        self.opener.selection_handler = SelectionEditing(self.editing).handle
        self.table.selectionModel().selectionChanged.connect(self._table_selected)
        self.timeline.selected.connect(self._canvas_selected)
        self.model.reloaded.connect(self._table_reloaded)
        self.timeline.canvas.activated.connect(self.show_details)
        self.detail.openCitation.connect(self.open_citation)
        self.filters.filterChanged.connect(self._panel_filter_changed)
        self.filters.viewApplied.connect(self._view_applied)
        self.sources.eventActivated.connect(self.select_event)
        self.sources.openRequested.connect(self._open_source)
        if remember_layout:
            self._restore_layout()
        if case is not None:
            self.set_case(case)
        else:
            self._update_title()

    # ---- the case

    def set_case(self, case: Case | None, ids: list[int] | None = None) -> None:
        """Show ``case`` (closing the one shown before) in a new session (``ids``: its
        event ids in event order, when read already)."""
        old = self.session
        if old is not None and (case is None or old.case is not case):
            old.close()
        self.session = None if case is None else CaseSession(case, self)
        self.case = case
        session = self.session
        self.finder.set_session(session)
        self.filter_reads.cancel()
        if session is not None:
            session.changed.connect(lambda _changes: self.filter_reads.again())
            # the order matters: the filter's membership first, then the rows it filters
            session.changed.connect(self._patch_filter)
            session.changed.connect(self._patch_table)
        self.model.set_case(case, ids)
        self.editing.set_session(session)
        self.opener.reading = session.reading if session is not None else None
        self.filters.set_case(case)
        self.sources.set_case(case)
        self.timeline.set_session(session)
        if session is not None:
            session.changed.connect(self._case_changed)
        if case is None:
            self.detail.show_event(None)
        else:
            if self.remember_layout:
                self.recent.remember(case.path)
            if case.notice:
                self.statusBar().showMessage(case.notice, 15000)
        self.health.follow(case)
        self._apply_filter()
        self._update_title()
        self.close_action.setEnabled(case is not None)
        self.caseChanged.emit()

    # ---- changes: every view patches what a change set names

    def _patch_filter(self, changes: ChangeSet, _initiator: object = None) -> None:
        session = self.session
        if session is None or changes.is_everything:
            return
        touched, deleted = session.changed_events(changes)
        if self.table.model() is self.proxy:
            self.proxy.patch_allowed(session.visible_among(touched), touched, deleted)

    def _patch_table(self, changes: ChangeSet, _initiator: object = None) -> None:
        self.model.apply_changes(changes)

    def _case_changed(self, changes: ChangeSet, _initiator: object = None) -> None:
        """What the views leave after patching themselves: filters, marks, details, counts."""
        session = self.session
        if session is None:
            return
        if changes.is_everything:
            self.filters.refresh()
            self.sources.refresh()
            self._apply_filter()
            self.run_search()
        else:
            if any(c.kind in ("tag", "entity", "view") for c in changes.changes):
                self.filters.refresh()
            self.sources.apply_changes(changes)
            self.finder.rows_changed()
            self.finder.patch(changes)
        if changes.touches("case"):
            self._update_title()
        current = self.detail.current
        touched, deleted = session.changed_events(changes)
        if current is not None and current.id in deleted:
            self.timeline.canvas.select(-1)
        elif current is not None and (
            changes.is_everything
            or current.id in touched
            or any(c.kind in ("tag", "entity", "source", "case") for c in changes.changes)
        ):  # its own change, or a name or source it shows
            self._select_row(current.id)  # a re-dated row was taken out and put back
            self.show_details(current.id)
        self._update_counts()

    def apply_import(self, changes: ChangeSet, initiator: object = None) -> None:
        """An import finished: a large one reloads the views, a small one patches them; an
        import into an empty case fits the timeline to what it brought."""
        if self.session is None:
            return
        was_empty = self.model.rowCount() == 0  # the table has not seen the import yet
        big = len(changes.changes) > IMPORT_PATCH_LIMIT
        self.session.announce(ChangeSet.everything() if big else changes, initiator)
        if was_empty and changes.ids("event", "create"):
            self.timeline.fit_when_shown()

    def _update_title(self) -> None:
        if self.case is None:
            self.setWindowTitle("Casetrail")
            return
        mode = " \u2014 Review (read-only)" if self.case.read_only else ""
        name = f"{self.case.title} \u2014 {self.case.path.name}"
        self.setWindowTitle(f"{name} \u2014 Casetrail{mode}")

    def close_case(self) -> None:
        self.set_case(None)

    # ---- filter and search

    @property
    def current_filter(self) -> EventFilter:
        """The filter the panel sets (without the search text)."""
        return self._panel_filter

    def _panel_filter_changed(self, flt: EventFilter) -> None:
        self._panel_filter = flt
        self._apply_filter()

    def _view_applied(self, flt: EventFilter) -> None:
        """A saved view: its filter (the panel already shows it) and its search text."""
        self._panel_filter = replace(flt, search="")
        self._apply_filter()
        self.search.setText(flt.search)
        self.run_search()

    def _apply_filter(self) -> None:
        if self.case is None:
            self.proxy.set_allowed_ids(None)
            self._show_through_proxy(False)
            self._update_counts()
            return
        flt = self._panel_filter
        if self.session is not None:
            self.session.filter = flt
        self.filter_reads.read(self.case, flt, self._filter_read)

    def _filter_read(self, ids: set[int] | None) -> None:
        self.proxy.set_allowed_ids(ids)
        self._show_through_proxy(ids is not None)
        self.finder.rows_changed()
        self.timeline.canvas.set_visible_ids(ids)
        self._update_counts()

    def _show_through_proxy(self, filtered: bool) -> None:
        """The table shows the filter proxy while a filter is on, else the model itself."""
        wanted = self.proxy if filtered else self.model
        if self.table.model() is wanted:
            return
        self.proxy.setSourceModel(self.model if filtered else None)
        self.model.shift_limit = PROXY_SHIFT_LIMIT if filtered else None
        self.table.setModel(wanted)
        self.table.selectionModel().selectionChanged.connect(self._table_selected)
        self._select_row(self.timeline.canvas.selected_id)

    def table_row(self, model_row: int) -> int:
        """The table row showing the model's row (-1 when the filter hides it)."""
        if self.table.model() is self.model:
            return model_row
        return self.proxy.mapFromSource(self.model.index(model_row, 0)).row()

    def _update_counts(self) -> None:
        if self.case is None:
            self.counts.setText("")
            return
        total = self.model.rowCount()
        shown = self.table.model().rowCount()
        summary = active_filter_summary(self._panel_filter)
        parts = [f"{shown} of {total} events" if summary else f"{total} events"]
        if summary:
            parts.append(f"filter: {summary}")
        if self.finder.matches:
            parts.append(f"{len(self.finder.matches)} match(es)")
        parts.append(self.health.text)
        self.counts.setText(" \u00b7 ".join(parts))
        self.counts.setToolTip(self.health.tooltip)

    def run_search(self) -> None:
        self.finder.run()

    def next_result(self) -> None:
        self.finder.next()

    def previous_result(self) -> None:
        self.finder.previous()

    # ---- selection

    def select_event(self, event_id: int) -> None:
        self.timeline.canvas.select(event_id)

    def _table_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            event_id = int(rows[0].data(IdRole))
            current = self.detail.current
            if current is not None and current.id == event_id == self.timeline.canvas.selected_id:
                return  # already shown (a row put back after an edit is selected again)
            self.timeline.canvas.select(event_id, emit=False)
            self.show_details(event_id)

    def _canvas_selected(self, event_id: int) -> None:
        self._select_row(event_id)
        self.show_details(event_id)

    def _table_reloaded(self) -> None:
        """The table's ids, read on a worker thread, are shown: select and count again."""
        self._select_row(self.timeline.canvas.selected_id)
        self._update_counts()

    def _select_row(self, event_id: int) -> None:
        """Select (and show) the event's table row without echoing it to the canvas."""
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.table.clearSelection()
        source_row = self.model.row_of(event_id) if event_id >= 0 else -1
        row = self.table_row(source_row) if source_row >= 0 else -1
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.table.model().index(row, 0))
        selection.blockSignals(False)
        self.table.viewport().update()

    def show_details(self, event_id: int) -> None:
        if self.case is None or event_id < 0:
            self.detail.show_event(None)
            return
        self.detail_dock.raise_()  # a selection shows its details, even from the Sources tab
        event = self.case.event(event_id)
        self.detail.show_event(event, dates=self.case.date_settings, case=self.case)
        self.detail.set_found_in(self.hints.describe(event_id))

    # ---- opening sources

    def open_citation(self, citation_id: int) -> None:
        event = self.detail.current
        if self.case is None or event is None:
            return
        for citation in event.citations:
            if citation.id == citation_id:
                self.opener.open_citation(self.case, citation, self)
                return

    def _open_source(self, source_id: int) -> None:
        if self.case is not None:
            self.opener.open_source(self.case, source_id, None, self)

    # ---- look and layout

    def toggle_dark(self, checked: bool) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, dark=checked)
        self.settings.setValue("dark", checked)

    def _restore_layout(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.settings.value("windowState")
        if isinstance(state, QByteArray):
            self.restoreState(state)
            self.detail_dock.raise_()
        splitter = self.settings.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.remember_layout:
            self.settings.setValue("geometry", self.saveGeometry())
            self.settings.setValue("windowState", self.saveState())
            self.settings.setValue("splitter", self.splitter.saveState())
        self.finder.set_session(None)  # its search thread ends before the case closes
        if self.session is not None:
            self.session.close()
            self.session = None
            self.case = None
        super().closeEvent(event)

    # ---- drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        urls = event.mimeData().urls()
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        urls = event.mimeData().urls()
        if not urls or not urls[0].isLocalFile():
            return
        path = Path(urls[0].toLocalFile())
        event.acceptProposedAction()
        if path.suffix.lower() == ".case" or self.case is None or self.case.read_only:
            self.open_path(path)
        else:  # any other file becomes a source of the open case
            self.editing.add_source(path)
