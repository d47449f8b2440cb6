"""Attaching a copy to a source known only by citation: choose the file, then the source
intake form (hashing with progress, store or link) filled in with the source's details.
The caller links the file to the source as one undo step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.domain.records import SourceRecord
from app.ui.dialogs.source_form import SourceForm


def choose_file(parent: QWidget | None, source: SourceRecord) -> Path | None:
    """Ask for the file to attach (None if the person cancels)."""
    name, _ = QFileDialog.getOpenFileName(
        parent, f"Attach a copy of {' '.join(source.title.split())}"
    )
    return Path(name) if name else None


def attach_form(parent: QWidget | None, source: SourceRecord, path: Path) -> SourceForm:
    """The intake form for ``path``, holding ``source``'s details (which may be corrected)."""
    form = SourceForm(parent, path=path)
    form.setWindowTitle("Attach a copy to the source")
    form.title_edit.setText(source.title)
    form.kind_box.setCurrentText(source.kind)
    form.author_edit.setText(source.author)
    form.publisher_edit.setText(source.publisher)
    form.date_edit.setText(source.date_text)
    form.url_edit.setText(source.url)
    form.bates_start.setText(source.bates_start)
    form.bates_end.setText(source.bates_end)
    form.exhibit_edit.setText(source.exhibit)
    form.notes_edit.setPlainText(source.notes)
    return form
