"""Untrusted text shown safely: message boxes and tooltips that can only show plain text.

Qt guesses whether a string is rich text (``Qt::mightBeRichText``) for message boxes and
tooltips, so a title like ``<img src=...>`` in a case or a file name could be rendered.
Everything the program shows that may contain case text goes through these helpers (or
sets plain text on its own labels).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

_ICONS = {
    "warning": QMessageBox.Icon.Warning,
    "information": QMessageBox.Icon.Information,
    "critical": QMessageBox.Icon.Critical,
}


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (escaped inside an explicit rich-text block)."""
    if not text:
        return ""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def wrapped_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A word-wrapped label that shows ``text`` literally (never as rich text)."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def show_message(parent: QWidget | None, title: str, text: str, *, kind: str = "warning") -> None:
    """A modal message whose text is always plain text."""
    box = QMessageBox(parent)
    box.setIcon(_ICONS.get(kind, QMessageBox.Icon.Warning))
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.exec()


def ask(parent: QWidget | None, title: str, text: str, *, yes: str = "Yes") -> bool:
    """A plain-text question; True only when the person chose ``yes``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is accept
