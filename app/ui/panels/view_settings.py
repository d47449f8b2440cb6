"""A saved view's settings in the filter panel: the Save View dialog (the view's name and
whether it is shown with pseudonyms) and the note under the saved views that says when the
view picked uses them.

Re-saving a view keeps its setting: the dialog starts from the setting of the view whose
name is typed (the view picked, at first), and the person changes it only by the checkbox.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.domain.records import SavedViewRecord

PSEUDONYMS_TEXT = "Use &pseudonyms when this view is presented, published or exported"
BADGE_TEXT = "This view is shown with pseudonyms when presented, published or exported"


class SaveViewDialog(QDialog):
    """The view's name and its "use pseudonyms" setting."""

    def __init__(self, parent: QWidget | None, name: str, views: Iterable[SavedViewRecord]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save View")
        self._settings = {v.name: v.pseudonyms for v in views}
        form = QFormLayout(self)
        self.name_edit = QLineEdit(name, self)
        self.pseudonyms_box = QCheckBox(PSEUDONYMS_TEXT, self)
        self.pseudonyms_box.setToolTip(
            "Each entity that has a pseudonym (Edit > Entities) is shown under it; the "
            "output is refused if a real name remains."
        )
        form.addRow("&Name for this view:", self.name_edit)
        form.addRow(self.pseudonyms_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.name_edit.textChanged.connect(lambda text: save.setEnabled(bool(text.strip())))
        self.name_edit.textChanged.connect(self._name_typed)
        self._name_typed(name)
        save.setEnabled(bool(name.strip()))

    def _name_typed(self, text: str) -> None:
        known = self._settings.get(" ".join(text.split()))  # as the store names it
        if known is not None:  # re-saving a view: its setting, unless changed here
            self.pseudonyms_box.setChecked(known)

    def values(self) -> tuple[str, bool]:
        return self.name_edit.text().strip(), self.pseudonyms_box.isChecked()


def ask_view(
    parent: QWidget | None, name: str, views: Iterable[SavedViewRecord]
) -> tuple[str, bool] | None:
    """The name and setting to save the current filter under, or None when cancelled."""
    dialog = SaveViewDialog(parent, name, views)
    if not dialog.exec():
        return None
    name, pseudonyms = dialog.values()
    return (name, pseudonyms) if name else None


class PseudonymsBadge(QLabel):
    """Under the saved views: shown while the view picked uses pseudonyms; ``view`` is the
    saved view picked (its filter may have been changed since), or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(BADGE_TEXT, parent)
        self.view: SavedViewRecord | None = None
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAccessibleName("Saved view uses pseudonyms")
        self.hide()

    def show_for(self, view: SavedViewRecord | None) -> None:
        self.view = view
        self.setVisible(bool(view is not None and view.pseudonyms))
