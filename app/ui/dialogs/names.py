"""Entities, tags and eras, each managed in a tab: add, rename, colour, merge two into one,
delete. Every action is one undoable step through the undo controller."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.date_text import interpret
from app.domain.records import ENTITY_KINDS
from app.store.case import Case, CaseError
from app.ui.text import show_message
from app.ui.undo import UndoController


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour) if colour else QColor(0, 0, 0, 0))
    return QIcon(pixmap)


class _NameTab(QWidget):
    """A list of named records with the actions every kind shares."""

    kind = ""

    def __init__(self, dialog: NamesDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.list = QListWidget(self)
        self.list.setAccessibleName(f"{self.kind.title()} list")
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        buttons = QVBoxLayout()
        for text, slot in (
            ("Add\u2026", self.add),
            ("Rename\u2026", self.rename),
            ("Colour\u2026", self.recolour),
            ("Merge\u2026", self.merge),
            ("Delete", self.delete),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.refresh()

    @property
    def editor(self) -> UndoController:
        return self.dialog.editor

    @property
    def case(self) -> Case:
        return self.dialog.case

    def records(self) -> list[Any]:
        raise NotImplementedError

    def label(self, record: Any) -> str:
        return str(record.name)

    def refresh(self) -> None:
        self.list.clear()
        for record in self.records():
            item = QListWidgetItem(_swatch(record.colour), self.label(record))
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            self.list.addItem(item)

    def selected_ids(self) -> list[int]:
        return [int(i.data(Qt.ItemDataRole.UserRole)) for i in self.list.selectedItems()]

    def run(self, action: Any, *args: Any, **kwargs: Any) -> bool:
        try:
            action(*args, **kwargs)
        except (CaseError, ValueError) as error:
            show_message(self, "Not changed", str(error))
            return False
        self.refresh()
        return True

    def ask_name(self, title: str, current: str = "") -> str | None:
        name, ok = QInputDialog.getText(self, title, "Name:", QLineEdit.EchoMode.Normal, current)
        return name.strip() if ok and name.strip() else None

    def add(self) -> None:
        name = self.ask_name(f"New {self.kind}")
        if name:
            self.run(getattr(self.editor, f"create_{self.kind}"), name=name)

    def rename(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        current = self.list.selectedItems()[0].text()
        name = self.ask_name(f"Rename {self.kind}", current)
        if name:
            self.run(getattr(self.editor, f"rename_{self.kind}"), ids[0], name)

    def recolour(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        colour = QColorDialog.getColor(parent=self, title=f"{self.kind.title()} colour")
        if colour.isValid():
            self.run(getattr(self.editor, f"recolour_{self.kind}"), ids[0], colour.name())

    def merge(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 2 or not hasattr(self.editor, f"merge_{self.kind}s"):
            show_message(
                self, "Merge", f"Select the two {self.kind}s to merge.", kind="information"
            )
            return
        names = {
            i: self.list.item(r).text()
            for r in range(self.list.count())
            if (i := int(self.list.item(r).data(Qt.ItemDataRole.UserRole))) in ids
        }
        keep_name, ok = QInputDialog.getItem(
            self,
            "Merge",
            "Keep which one? The other's events move to it.",
            [names[i] for i in ids],
            0,
            False,
        )
        if not ok:
            return
        keep = next(i for i in ids if names[i] == keep_name)
        drop = next(i for i in ids if i != keep)
        self.run(getattr(self.editor, f"merge_{self.kind}s"), keep, drop)

    def delete(self) -> None:
        for record_id in self.selected_ids():
            if not self.run(getattr(self.editor, f"delete_{self.kind}"), record_id):
                return


class EntityTab(_NameTab):
    kind = "entity"

    def records(self) -> list[Any]:
        return self.case.entities()

    def __init__(self, dialog: NamesDialog) -> None:
        super().__init__(dialog)
        button = QPushButton("Pseudonym\u2026", self)
        button.setToolTip("The name outputs show instead of the real one when asked to")
        button.clicked.connect(self.pseudonym)
        self.layout().itemAt(1).layout().insertWidget(2, button)

    def label(self, record: Any) -> str:
        shown = f" \u2014 pseudonym \u201c{record.pseudonym}\u201d" if record.pseudonym else ""
        return f"{record.name} ({record.kind}){shown}"

    def pseudonym(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        record = next(r for r in self.records() if r.id == ids[0])
        text, ok = QInputDialog.getText(
            self,
            "Pseudonym",
            f"Outputs that use pseudonyms show \u201c{record.name}\u201d as (empty: no pseudonym):",
            text=record.pseudonym,
        )
        if ok:
            self.run(self.editor.set_entity_pseudonym, ids[0], " ".join(text.split()))

    def add(self) -> None:
        name = self.ask_name("New entity")
        if not name:
            return
        kind, ok = QInputDialog.getItem(self, "New entity", "Kind:", list(ENTITY_KINDS), 0, False)
        if ok:
            self.run(self.editor.create_entity, name=name, kind=kind)

    def rename(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        record = next(r for r in self.records() if r.id == ids[0])
        name = self.ask_name("Rename entity", record.name)
        if name:
            self.run(self.editor.rename_entity, ids[0], name)


class TagTab(_NameTab):
    kind = "tag"

    def records(self) -> list[Any]:
        return self.case.tags()


class EraTab(_NameTab):
    kind = "era"

    def records(self) -> list[Any]:
        return self.case.eras()

    def label(self, record: Any) -> str:
        return f"{record.name} ({record.start.text} \u2013 {record.end.text})"

    def merge(self) -> None:
        """Two eras become one covering both: the kept era takes the earlier start and the
        later end, the other is deleted; one undo step."""
        ids = self.selected_ids()
        if len(ids) != 2:
            show_message(self, "Merge", "Select the two eras to merge.", kind="information")
            return
        eras = {r.id: r for r in self.records() if r.id in ids}
        names = [eras[i].name for i in ids]
        keep_name, ok = QInputDialog.getItem(self, "Merge", "Keep which name?", names, 0, False)
        if not ok:
            return
        keep = next(i for i in ids if eras[i].name == keep_name)
        drop = next(i for i in ids if i != keep)
        start = min((eras[i].start for i in ids), key=lambda d: d.earliest)
        end = max((eras[i].end for i in ids), key=lambda d: d.latest)
        stack = self.editor.undo_stack
        stack.beginMacro(f"Merge eras into \u201c{keep_name}\u201d")
        try:
            ok = self.run(self.editor.update_era, keep, start=start, end=end) and self.run(
                self.editor.delete_era, drop
            )
        finally:
            stack.endMacro()

    def add(self) -> None:
        form = EraForm(self, day_first=self.case.day_first)
        if form.exec():
            name, start, end = form.values()
            self.run(self.editor.create_era, name=name, start=start, end=end)

    def rename(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        record = next(r for r in self.records() if r.id == ids[0])
        name = self.ask_name("Rename era", record.name)
        if name:
            self.run(self.editor.rename_era, ids[0], name)


class EraForm(QDialog):
    def __init__(self, parent: QWidget, *, day_first: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("New era")
        self.day_first = day_first
        self.name = QLineEdit(self)
        self.start = QLineEdit(self)
        self.end = QLineEdit(self)
        self.note = QLabel(self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&From", self.start)
        form.addRow("&To", self.end)
        form.addRow("", self.note)
        form.addRow(self.buttons)
        for edit in (self.name, self.start, self.end):
            edit.textChanged.connect(self._validate)
        self._validate()

    def values(self) -> tuple[str, Any, Any]:
        start = interpret(self.start.text(), day_first=self.day_first, allow_empty=False)[0]
        end = interpret(self.end.text(), day_first=self.day_first, allow_empty=False)[0]
        return self.name.text().strip(), start, end

    def _validate(self) -> None:
        problems = []
        if not self.name.text().strip():
            problems.append("An era needs a name.")
        for label, edit in (("From", self.start), ("To", self.end)):
            _date, message, ok = interpret(edit.text(), day_first=self.day_first, allow_empty=False)
            if not ok:
                problems.append(f"{label}: {message}")
        if not problems:
            _name, start, end = self.values()
            if end.latest <= start.earliest:
                problems.append("The end is before the start.")
        self.note.setText(problems[0] if problems else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)


class NamesDialog(QDialog):
    def __init__(self, parent: QWidget | None, case: Case, editor: UndoController) -> None:
        super().__init__(parent)
        self.setWindowTitle("Entities, tags and eras")
        self.resize(560, 420)
        self.case = case
        self.editor = editor
        self.tabs = QTabWidget(self)
        self.entities = EntityTab(self)
        self.tags = TagTab(self)
        self.eras = EraTab(self)
        self.tabs.addTab(self.entities, "&Entities")
        self.tabs.addTab(self.tags, "&Tags")
        self.tabs.addTab(self.eras, "E&ras")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)
