"""The filter panel: the controls that narrow the event listing, and saved views.

The panel builds an :class:`EventFilter` (never with search text: the main window's search
box owns that) and announces it through ``filterChanged``, debounced so that ticking several
boxes runs one store query. Date bounds accept any FuzzyDate text; text that does not parse
is marked and ignored until it does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import DateError, FuzzyDate
from app.domain.records import (
    EVENT_STATUSES,
    SOURCE_KINDS,
    ChangeSet,
    EventFilter,
    SavedViewRecord,
)
from app.ui.panels.standing_filter import StandingBox
from app.ui.panels.view_settings import PseudonymsBadge, ask_view
from app.ui.text import plain_tooltip, show_message

DEBOUNCE_MS = 150
INVALID_STYLE = "QLineEdit { border: 1px solid #d93025; }"


class _CheckList(QListWidget):
    """A list of checkable names."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUniformItemSizes(True)
        self._base: list[str] = []  # the names the case has (a filter may hold others)

    def set_names(self, names: Iterable[str], checked: Iterable[str] = ()) -> None:
        self._base = list(names)
        names = self._base
        wanted = {n.casefold() for n in checked}
        with QSignalBlocker(self):
            self.clear()
            seen: set[str] = set()
            for name in names:
                if name.casefold() in seen:
                    continue
                seen.add(name.casefold())
                self._add(name, name.casefold() in wanted)
            for name in checked:  # keep names a filter holds even if the case has none
                if name.casefold() not in seen:
                    seen.add(name.casefold())
                    self._add(name, True)

    def _add(self, name: str, checked: bool) -> None:
        item = QListWidgetItem(name, self)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsSelectable
        )
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def names(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def checked(self) -> tuple[str, ...]:
        return tuple(
            self.item(i).text()
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_checked(self, names: Iterable[str]) -> None:
        """Check ``names`` (a name the case lacks is listed while it is checked)."""
        self.set_names(self._base, names)

    def item_named(self, name: str) -> QListWidgetItem | None:
        for i in range(self.count()):
            if self.item(i).text() == name:
                return self.item(i)
        return None


class FilterPanel(QWidget):
    """Tags, entities, statuses, key facts, unsourced, date range, source kinds, saved views."""

    filterChanged = Signal(object)  # EventFilter (search is always "")
    viewApplied = Signal(object)  # the saved view's whole EventFilter, search text included
    viewsChanged = Signal(object)  # ChangeSet of a saved view's creation or deletion

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case: Any = None
        self._search_text = ""
        self._loading = False
        self._last_emitted = EventFilter()
        self._views: dict[int, SavedViewRecord] = {}
        self._dates: dict[str, FuzzyDate | None] = {"from": None, "to": None}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)

        # saved views
        views_row = QHBoxLayout()
        self.views_combo = QComboBox()
        self.views_combo.setToolTip("Apply a saved view")
        self.views_combo.activated.connect(self._view_picked)
        self.save_view_button = QPushButton("Save current filter as…")
        self.save_view_button.clicked.connect(self.save_current_view)
        self.delete_view_button = QPushButton("Delete view")
        self.delete_view_button.clicked.connect(self.delete_current_view)
        views_row.addWidget(self.views_combo, 1)
        layout.addLayout(views_row)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.save_view_button)
        buttons_row.addWidget(self.delete_view_button)
        layout.addLayout(buttons_row)
        self.pseudonyms_badge = PseudonymsBadge(self)
        layout.addWidget(self.pseudonyms_badge)

        # statuses and flags
        status_box = QGroupBox("Status")
        status_layout = QVBoxLayout(status_box)
        self.status_boxes: dict[str, QCheckBox] = {}
        for status in EVENT_STATUSES:
            box = QCheckBox(status)
            box.toggled.connect(self._changed)
            status_layout.addWidget(box)
            self.status_boxes[status] = box
        self.standing_box = StandingBox()  # beside the statuses: the panel stays short
        self.standing_box.changed.connect(self._changed)
        side_by_side = QHBoxLayout()
        side_by_side.addWidget(status_box)
        side_by_side.addWidget(self.standing_box)
        layout.addLayout(side_by_side)
        layout.addWidget(self.standing_box.warnings_box)
        self.key_only_box = QCheckBox("Key facts only")
        self.key_only_box.toggled.connect(self._changed)
        self.unsourced_box = QCheckBox("Unsourced only (no supporting citation)")
        self.unsourced_box.toggled.connect(self._changed)
        layout.addWidget(self.key_only_box)
        layout.addWidget(self.unsourced_box)

        # dates
        dates = QFormLayout()
        self.date_from_edit = QLineEdit()
        self.date_from_edit.setPlaceholderText("e.g. 2013, March 2013, circa 2010")
        self.date_to_edit = QLineEdit()
        self.date_to_edit.setPlaceholderText("e.g. 2016, 25 March 2019")
        self.date_from_edit.textChanged.connect(lambda _t: self._date_edited("from"))
        self.date_to_edit.textChanged.connect(lambda _t: self._date_edited("to"))
        dates.addRow("From", self.date_from_edit)
        dates.addRow("To", self.date_to_edit)
        layout.addLayout(dates)

        # tags
        layout.addWidget(QLabel("Tags"))
        self.tag_list = _CheckList()
        self.tag_list.itemChanged.connect(self._changed)
        layout.addWidget(self.tag_list, 1)

        # entities with a type-ahead
        layout.addWidget(QLabel("Entities"))
        self.entity_search = QLineEdit()
        self.entity_search.setPlaceholderText("Type to find an entity")
        self.entity_search.setClearButtonEnabled(True)
        self.entity_search.textChanged.connect(self._filter_entities)
        layout.addWidget(self.entity_search)
        self.entity_list = _CheckList()
        self.entity_list.itemChanged.connect(self._changed)
        layout.addWidget(self.entity_list, 1)

        # source kinds
        layout.addWidget(QLabel("Source kinds"))
        self.source_kind_list = _CheckList()
        self.source_kind_list.set_names(SOURCE_KINDS)
        self.source_kind_list.itemChanged.connect(self._changed)
        layout.addWidget(self.source_kind_list, 1)

        self.clear_button = QPushButton("Clear")
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.clear_button)

        self._update_view_buttons()

    # ---- the case

    def set_case(self, case: Any) -> None:
        """Show ``case``'s tags, entities and saved views; the filter starts empty."""
        self._case = case
        self._loading = True
        try:
            self._set_controls(EventFilter())
            self.refresh()
        finally:
            self._loading = False
        self._changed()

    def refresh(self) -> None:
        """Read the names and saved views again, keeping what is checked."""
        flt = self.current_filter()
        was_loading = self._loading
        self._loading = True
        try:
            case = self._case
            self.tag_list.set_names(
                [t.name for t in case.tags()] if case is not None else [], flt.tags
            )
            self.entity_list.set_names(
                [e.name for e in case.entities()] if case is not None else [], flt.entities
            )
            self._filter_entities(self.entity_search.text())
            self._reload_views()
        finally:
            self._loading = was_loading

    def set_search_text(self, text: str) -> None:
        """The main window's search text; stored with a saved view, never in filterChanged."""
        self._search_text = text

    # ---- the filter

    def current_filter(self) -> EventFilter:
        return EventFilter(
            tags=self.tag_list.checked(),
            entities=self.entity_list.checked(),
            statuses=tuple(s for s, box in self.status_boxes.items() if box.isChecked()),
            date_from=self._dates["from"],
            date_to=self._dates["to"],
            key_only=self.key_only_box.isChecked(),
            unsourced_only=self.unsourced_box.isChecked(),
            source_kinds=self.source_kind_list.checked(),
            standings=self.standing_box.standings(),
            warnings_only=self.standing_box.warnings_only(),
        )

    def set_filter(self, flt: EventFilter) -> None:
        """Show ``flt`` in the controls (its search text is ignored) and announce it."""
        self._loading = True
        try:
            self._set_controls(flt)
        finally:
            self._loading = False
        self._changed()

    def clear(self) -> None:
        self.set_filter(EventFilter())

    def flush(self) -> None:
        """Emit a pending change now (the debounce timer's job; tests call it directly)."""
        self._timer.stop()
        flt = self.current_filter()
        if flt != self._last_emitted:
            self._last_emitted = flt
            self.filterChanged.emit(flt)

    def has_pending_change(self) -> bool:
        return self._timer.isActive()

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self._timer.start()

    def _set_controls(self, flt: EventFilter) -> None:
        for status, box in self.status_boxes.items():
            box.setChecked(status in flt.statuses)
        self.key_only_box.setChecked(flt.key_only)
        self.unsourced_box.setChecked(flt.unsourced_only)
        self.standing_box.show_filter(flt)
        self.tag_list.set_checked(flt.tags)
        self.entity_list.set_checked(flt.entities)
        self.source_kind_list.set_checked(flt.source_kinds)
        self._filter_entities(self.entity_search.text())
        day_first = self._day_first()
        for key, edit, value in (
            ("from", self.date_from_edit, flt.date_from),
            ("to", self.date_to_edit, flt.date_to),
        ):
            edit.setText("" if value is None else value.format(day_first=day_first))
            self._dates[key] = value  # keep the claim itself, not a re-reading of its text
            self._mark(edit, None)

    # ---- dates

    def _day_first(self) -> bool:
        try:
            return bool(self._case.day_first) if self._case is not None else False
        except Exception:  # a closed case: fall back to month-first
            return False

    def _date_edited(self, key: str) -> None:
        edit = self.date_from_edit if key == "from" else self.date_to_edit
        text = edit.text()
        value: FuzzyDate | None = None
        problem: str | None = None
        if text.strip():
            try:
                value = FuzzyDate.parse(text, day_first=self._day_first())
            except DateError as exc:
                problem = exc.reason
            except Exception as exc:  # never let odd input take the panel down
                problem = str(exc) or "not a date"
        self._mark(edit, problem)
        # Text that does not parse is ignored (no bound) until it does.
        self._dates[key] = value
        self._changed()

    def date_is_valid(self, which: str) -> bool:
        edit = self.date_from_edit if which == "from" else self.date_to_edit
        return not edit.property("invalid")

    @staticmethod
    def _mark(edit: QLineEdit, problem: str | None) -> None:
        edit.setProperty("invalid", problem is not None)
        if problem is None:
            edit.setStyleSheet("")
            edit.setToolTip("Any date as written: 2013, March 2013, circa 2010, before 2004")
        else:
            edit.setStyleSheet(INVALID_STYLE)
            edit.setToolTip(plain_tooltip(f"Not a date this filter can use: {problem}"))

    # ---- entities type-ahead

    def _filter_entities(self, text: str) -> None:
        needle = text.strip().casefold()
        for i in range(self.entity_list.count()):
            item = self.entity_list.item(i)
            shown = (
                not needle
                or needle in item.text().casefold()
                or item.checkState() == Qt.CheckState.Checked
            )
            item.setHidden(not shown)

    # ---- saved views

    def _reload_views(self) -> None:
        views = []
        if self._case is not None:
            try:
                views = self._case.saved_views()
            except Exception:  # a damaged table never takes the panel down
                views = []
        self._views = {v.id: v for v in views}
        with QSignalBlocker(self.views_combo):
            self.views_combo.clear()
            self.views_combo.addItem("Saved views…" if views else "No saved views", None)
            for v in views:
                self.views_combo.addItem(v.name, v.id)
            self.views_combo.setCurrentIndex(0)
        self._update_view_buttons()

    def saved_view_names(self) -> list[str]:
        return [self.views_combo.itemText(i) for i in range(1, self.views_combo.count())]

    def _update_view_buttons(self) -> None:
        writable = self._case is not None and not self._case.read_only
        self.save_view_button.setEnabled(writable)
        self.delete_view_button.setEnabled(writable and self.views_combo.currentIndex() > 0)
        self.views_combo.setEnabled(self.views_combo.count() > 1)
        if self._case is not None and self._case.read_only:
            self.save_view_button.setToolTip("This case is open read-only")
        else:
            self.save_view_button.setToolTip("Save the current filter under a name")
        self.pseudonyms_badge.show_for(self._views.get(self.views_combo.currentData()))

    def _view_picked(self, index: int) -> None:
        view_id = self.views_combo.itemData(index)
        self._update_view_buttons()
        if view_id is not None:
            self.apply_view(int(view_id))

    def apply_view(self, view_id: int) -> None:
        """Show the saved view ``view_id`` and announce it."""
        view = self._views.get(view_id)
        if view is None:
            return
        index = self.views_combo.findData(view_id)
        if index >= 0:
            with QSignalBlocker(self.views_combo):
                self.views_combo.setCurrentIndex(index)
        self._update_view_buttons()
        self.set_filter(view.filter)
        self.viewApplied.emit(view.filter)

    def save_current_view(self) -> ChangeSet | None:
        """Ask for a name and save the current filter (with the search text) under it."""
        if self._case is None or self._case.read_only:
            return None
        current = self.views_combo.currentText() if self.views_combo.currentIndex() > 0 else ""
        asked = ask_view(self, current, self._views.values())
        if asked is None:
            return None
        name, pseudonyms = asked
        flt = self.current_filter()
        if self._search_text.strip():
            flt = replace(flt, search=self._search_text.strip())
        try:
            changes = self._case.save_view(name=name, flt=flt, pseudonyms=pseudonyms)
        except Exception as exc:
            show_message(self, "Save view", f"The view was not saved: {exc}")
            return None
        self._reload_views()
        index = self.views_combo.findText(name)
        if index >= 0:
            with QSignalBlocker(self.views_combo):
                self.views_combo.setCurrentIndex(index)
        self._update_view_buttons()
        self.viewsChanged.emit(changes)
        return changes

    def delete_current_view(self) -> ChangeSet | None:
        """Delete the view picked in the combo box."""
        view_id = self.views_combo.currentData()
        if self._case is None or self._case.read_only or view_id is None:
            return None
        try:
            changes = self._case.delete_view(int(view_id))
        except Exception as exc:
            show_message(self, "Delete view", f"The view was not deleted: {exc}")
            return None
        self._reload_views()
        self.viewsChanged.emit(changes)
        return changes
