"""The event form's privileged work-product note fields: the event's note (a marked text
box) and the note of a citation being added; a citation's note in the list is edited in
place (double-click its "Privileged note" cell)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QPlainTextEdit, QTableWidget, QWidget

PRIVILEGED_LABEL = "&Privileged work-product note"
INK = "#9b1111"
HINT = (
    "PRIVILEGED \u2014 never printed, exported, published, presented or put in an exhibit "
    "pack unless you ask for it"
)


def privileged_fields(
    parent: QWidget, cite_table: QTableWidget
) -> tuple[QPlainTextEdit, QLineEdit]:
    """The event's note box and the new citation's note field (and the citation list's
    note cells made editable)."""
    note = QPlainTextEdit(parent)
    note.setObjectName("privilegedNoteEdit")
    note.setTabChangesFocus(True)
    note.setFixedHeight(60)
    note.setPlaceholderText(HINT)
    note.setAccessibleName("Privileged work-product note")
    note.setToolTip(HINT)
    note.setStyleSheet(f"#privilegedNoteEdit {{ border: 2px solid {INK}; }}")
    cite_note = QLineEdit(parent)
    cite_note.setObjectName("privilegedCitationNoteEdit")
    cite_note.setPlaceholderText("Privileged work-product note on this citation (optional)")
    cite_note.setAccessibleName("Privileged work-product note on the citation")
    cite_note.setToolTip(HINT)
    cite_note.setStyleSheet(f"#privilegedCitationNoteEdit {{ border: 1px solid {INK}; }}")
    cite_table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
    )
    return note, cite_note
