"""The event form (new and edit): every field of an event, dates typed as text with their
interpretation shown live, and citations added by picking a source with type-ahead.

The form edits a draft only; the window turns the accepted draft into one undoable command.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import DateSettings, FuzzyDate
from app.domain.records import (
    EVENT_STATUSES,
    STANCES,
    EntityRecord,
    EventRecord,
    SourceRecord,
)
from app.ui.dialogs.common import CheckedForm
from app.ui.dialogs.privileged_fields import PRIVILEGED_LABEL, privileged_fields
from app.ui.widgets.date_field import DateField

CROSS = "\u2717 "


@dataclass(frozen=True)
class CitationDraft:
    source_id: int
    pinpoint: str = ""
    quote: str = ""
    stance: str = "supports"
    citation_id: int | None = None  # None: a new citation
    privileged_note: str = ""


@dataclass(frozen=True)
class EventDraft:
    title: str
    description: str = ""
    start: FuzzyDate | None = None
    end: FuzzyDate | None = None
    status: str = "alleged"
    key_fact: bool = False
    tags: tuple[str, ...] = ()
    entities: tuple[tuple[int, str], ...] = ()
    citations: tuple[CitationDraft, ...] = field(default_factory=tuple)
    privileged_note: str = ""


def split_names(text: str) -> tuple[str, ...]:
    """'a, b;  c' -> ('a', 'b', 'c'), blanks and repeats dropped, order kept."""
    names: list[str] = []
    for part in text.replace(";", ",").split(","):
        name = " ".join(part.split())
        if name and name not in names:
            names.append(name)
    return tuple(names)


class EventForm(CheckedForm):
    """Create or edit an event. ``draft()`` is valid after ``accept``."""

    CITE_COLUMNS = ("Source", "Pinpoint", "Quote", "Stance", "Privileged note")
    NOTE_COLUMN = 4  # the one cell of a citation row that can be edited in place

    def __init__(
        self,
        parent: QWidget | None,
        *,
        sources: list[SourceRecord],
        entities: list[EntityRecord],
        tags: list[str],
        day_first: bool = False,
        event: EventRecord | None = None,
        date_settings: DateSettings | None = None,
    ) -> None:
        super().__init__(parent)
        dates = date_settings or DateSettings(day_first=day_first)
        self.setWindowTitle("Edit event" if event else "New event")
        self.setMinimumWidth(720)
        self.sources = {s.id: s for s in sources}
        self.entities = {e.id: e for e in entities}
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName("Title")
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(90)
        self.start_field = DateField(
            self, settings=dates, placeholder="e.g. 2013, December 2016, circa 2004"
        )
        self.end_field = DateField(
            self, settings=dates, placeholder="leave empty for a single date"
        )
        self.status_box = QComboBox(self)
        self.status_box.addItems(EVENT_STATUSES)
        self.key_box = QCheckBox("Key fact", self)
        self.tags_edit = QLineEdit(self)
        self.tags_edit.setPlaceholderText("comma-separated, e.g. negligence, knowledge")
        completer = QCompleter(tags, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags_edit.setCompleter(completer)
        self.entity_box = QComboBox(self)
        self.entity_box.setEditable(True)
        self.entity_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for e in entities:
            self.entity_box.addItem(f"{e.name} ({e.kind})", e.id)
        self.entity_box.setCurrentIndex(-1)
        self.entity_box.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.entity_role = QLineEdit(self)
        self.entity_role.setPlaceholderText("role, e.g. defendant")
        add_entity = QPushButton("Add", self)
        add_entity.clicked.connect(self._add_entity)
        self.entity_table = self._table(("Entity", "Role"))

        self.source_box = QComboBox(self)
        self.source_box.setEditable(True)
        self.source_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.source_box.setAccessibleName("Source to cite")
        for s in sources:
            self.source_box.addItem(f"{s.title} [{s.kind}]", s.id)
        self.source_box.setCurrentIndex(-1)
        self.source_box.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.source_box.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.pinpoint_edit = QLineEdit(self)
        self.pinpoint_edit.setPlaceholderText("p. 4, \u00b6 7, Tr. 45:3-12, SF-000123, 00:12:30")
        self.pinpoint_edit.setMinimumWidth(150)
        self.pinpoint_edit.setAccessibleName("Pinpoint")
        self.quote_edit = QLineEdit(self)
        self.quote_edit.setPlaceholderText("quote (optional)")
        self.stance_box = QComboBox(self)
        self.stance_box.addItems(STANCES)
        add_cite = QPushButton("Add citation", self)
        add_cite.clicked.connect(self._add_citation)
        self.cite_table = self._table(self.CITE_COLUMNS)
        self.privileged_edit, self.cite_note_edit = privileged_fields(self, self.cite_table)
        remove_cite = QPushButton("Remove selected citation", self)
        remove_cite.clicked.connect(lambda: self._remove_selected(self.cite_table))
        remove_entity = QPushButton("Remove selected", self)
        remove_entity.clicked.connect(lambda: self._remove_selected(self.entity_table))

        self._make_footer()

        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("&Description", self.description_edit)
        form.addRow("&Start", self.start_field)
        form.addRow("&End", self.end_field)
        row = QHBoxLayout()
        row.addWidget(self.status_box)
        row.addWidget(self.key_box)
        row.addStretch(1)
        form.addRow("Status", row)
        form.addRow("T&ags", self.tags_edit)
        entity_row = QHBoxLayout()
        entity_row.addWidget(self.entity_box, 2)
        entity_row.addWidget(self.entity_role, 1)
        entity_row.addWidget(add_entity)
        form.addRow("Entities", entity_row)
        form.addRow("", self.entity_table)
        form.addRow("", remove_entity)
        cite_row = QHBoxLayout()
        cite_row.addWidget(self.source_box, 3)
        cite_row.addWidget(self.pinpoint_edit, 2)
        cite_row.addWidget(self.stance_box)
        form.addRow("Cite", cite_row)
        quote_row = QHBoxLayout()
        quote_row.addWidget(self.quote_edit, 1)
        quote_row.addWidget(add_cite)
        form.addRow("", quote_row)
        form.addRow("", self.cite_note_edit)
        form.addRow("", self.cite_table)
        form.addRow("", remove_cite)
        form.addRow(PRIVILEGED_LABEL, self.privileged_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        for signal in (
            self.title_edit.textChanged,
            self.start_field.changed,
            self.end_field.changed,
        ):
            signal.connect(self._validate)
        if event is not None:
            self._load(event)
        self._validate()

    # ---- building

    def _table(self, headers: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setFixedHeight(110)
        return table

    def _load(self, event: EventRecord) -> None:
        self.title_edit.setText(event.title)
        self.description_edit.setPlainText(event.description)
        self.start_field.set_date(event.start)
        self.end_field.set_date(event.end)
        self.status_box.setCurrentText(event.status)
        self.key_box.setChecked(event.key_fact)
        self.tags_edit.setText(", ".join(event.tags))
        self.privileged_edit.setPlainText(event.privileged_note)
        for link in event.entities:
            self._append_entity(link.entity_id, link.role)
        for c in event.citations:
            self._append_citation(
                CitationDraft(c.source_id, c.pinpoint, c.quote, c.stance, c.id, c.privileged_note)
            )

    def _append_entity(self, entity_id: int, role: str) -> None:
        entity = self.entities.get(entity_id)
        row = self.entity_table.rowCount()
        self.entity_table.insertRow(row)
        name = QTableWidgetItem(entity.name if entity else f"entity {entity_id}")
        name.setData(Qt.ItemDataRole.UserRole, entity_id)
        self.entity_table.setItem(row, 0, name)
        self.entity_table.setItem(row, 1, QTableWidgetItem(role))

    def _add_entity(self) -> None:
        entity_id = self.entity_box.currentData()
        if entity_id is None:
            self.problem.setText("Pick an entity from the list.")
            return
        if int(entity_id) in {eid for eid, _r in self._entity_rows()}:
            self.problem.setText("That entity is already linked.")
            return
        self._append_entity(int(entity_id), self.entity_role.text().strip())
        self.entity_box.setCurrentIndex(-1)
        self.entity_role.clear()
        self._validate()

    def _append_citation(self, draft: CitationDraft) -> None:
        source = self.sources.get(draft.source_id)
        row = self.cite_table.rowCount()
        self.cite_table.insertRow(row)
        cells = (
            source.title if source else f"source {draft.source_id}",
            draft.pinpoint,
            draft.quote,
            draft.stance,
            draft.privileged_note,
        )
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, draft)
            if col != self.NOTE_COLUMN:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.cite_table.setItem(row, col, item)

    def _add_citation(self) -> None:
        source_id = self.source_box.currentData()
        if source_id is None or self.source_box.currentText() != self.source_box.itemText(
            self.source_box.currentIndex()
        ):
            self.problem.setText("Pick a source from the list (type to search).")
            return
        self._append_citation(
            CitationDraft(
                int(source_id),
                self.pinpoint_edit.text().strip(),
                self.quote_edit.text(),
                self.stance_box.currentText(),
                privileged_note=self.cite_note_edit.text().strip(),
            )
        )
        self.source_box.setCurrentIndex(-1)
        self.pinpoint_edit.clear()
        self.quote_edit.clear()
        self.cite_note_edit.clear()
        self._validate()

    def _remove_selected(self, table: QTableWidget) -> None:
        for index in sorted({i.row() for i in table.selectedIndexes()}, reverse=True):
            table.removeRow(index)

    # ---- reading back

    def _entity_rows(self) -> list[tuple[int, str]]:
        rows = []
        for r in range(self.entity_table.rowCount()):
            name, role = self.entity_table.item(r, 0), self.entity_table.item(r, 1)
            rows.append((int(name.data(Qt.ItemDataRole.UserRole)), role.text().strip()))
        return rows

    def _citation_rows(self) -> list[CitationDraft]:
        return [
            replace(
                self.cite_table.item(r, 0).data(Qt.ItemDataRole.UserRole),
                privileged_note=self.cite_table.item(r, self.NOTE_COLUMN).text().strip(),
            )
            for r in range(self.cite_table.rowCount())
        ]

    def problems(self) -> list[str]:
        found = []
        if not self.title_edit.text().strip():
            found.append("An event needs a title.")
        for name, date_field in (("Start", self.start_field), ("End", self.end_field)):
            if not date_field.valid:
                found.append(f"{name}: {date_field.note.text().lstrip(CROSS)}")
        start, end = self.start_field.date, self.end_field.date
        if end is not None and start is None and self.start_field.valid:
            found.append("An end date needs a start date.")
        if start is not None and end is not None and end.latest <= start.earliest:
            found.append(f"The end ({end.text}) is before the start ({start.text}).")
        return found

    def draft(self) -> EventDraft:
        return EventDraft(
            title=self.title_edit.text().strip(),
            description=self.description_edit.toPlainText(),
            start=self.start_field.date,
            end=self.end_field.date,
            status=self.status_box.currentText(),
            key_fact=self.key_box.isChecked(),
            tags=split_names(self.tags_edit.text()),
            entities=tuple(self._entity_rows()),
            citations=tuple(self._citation_rows()),
            privileged_note=self.privileged_edit.toPlainText().strip(),
        )
