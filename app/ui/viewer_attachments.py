"""An email's attachments in the viewer: listed beneath the message, each one able to become
a source of its own (stored in the case, hashed, its notes naming the email).

``add_attachments_panel`` gives a viewer window showing an email a panel listing its
attachments with "Add as Source"; the request travels as the window's other proposals do
(``SelectionActions.proposed`` with ``"attachment"``), and ``add_attachment_source`` carries
it out for the main window as one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.email_parts import Attachment, EmailOrigin, attachment_source, email_attachments
from app.domain.markup_text import looks_like_email
from app.ui.text import show_message

if TYPE_CHECKING:
    from app.store.case import Case
    from app.ui.source_viewer import SourceViewerWindow
    from app.ui.undo import UndoController

ADD_AS_SOURCE = "Add as Source"


@dataclass(frozen=True)
class AttachmentRequest:
    """Make ``attachment`` of the email ``origin`` (whose bytes are ``email_data``) a source."""

    origin: EmailOrigin
    email_data: bytes
    attachment: Attachment


class AttachmentsPanel(QWidget):
    """The list of an email's attachments with an Add as Source button."""

    def __init__(
        self,
        window: SourceViewerWindow,
        origin: EmailOrigin,
        data: bytes,
        attachments: list[Attachment],
    ) -> None:
        super().__init__(window)
        self._window, self.origin, self._data = window, origin, data
        self.attachments = attachments
        self.list = QListWidget(self)
        for item in attachments:
            row = QListWidgetItem(item.describe())  # a list item shows plain text
            row.setData(Qt.ItemDataRole.UserRole, item.index)
            self.list.addItem(row)
        self.list.setCurrentRow(0)
        self.list.setMaximumHeight(24 * min(len(attachments), 4) + 8)
        self.list.itemActivated.connect(lambda *_: self.add_selected())
        self.add_button = QPushButton(ADD_AS_SOURCE + "\u2026", self)
        self.add_button.setToolTip("Store the attachment in the case as a source of its own")
        self.add_button.clicked.connect(self.add_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        layout.addLayout(buttons)

    def add_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.attachments):
            request = AttachmentRequest(self.origin, self._data, self.attachments[row])
            self._window.selection_actions.proposed.emit("attachment", request)


def add_attachments_panel(
    window: SourceViewerWindow, data: bytes, name: str, origin: EmailOrigin
) -> AttachmentsPanel | None:
    """Dock the attachments of the email shown in ``window`` beneath it (None when the file
    is not an email or has no attachments)."""
    if not (name.lower().endswith(".eml") or looks_like_email(data)):
        return None
    attachments = email_attachments(data)
    if not attachments:
        return None
    panel = AttachmentsPanel(window, origin, data, attachments)
    dock = QDockWidget(f"Attachments ({len(attachments)})", window)
    dock.setObjectName("attachmentsDock")
    dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.attachments = panel  # type: ignore[attr-defined]
    return panel


def add_attachment_source(
    case: Case, editor: UndoController, request: AttachmentRequest, parent: QWidget | None
) -> int | None:
    """Store the attachment in the case and make it a source (one undo step); the new
    source's id, or the existing one's when a source already holds the same file."""
    attachment = request.attachment
    sha = attachment.sha256
    same = next((s for s in case.sources() if s.file_sha256 == sha), None)
    if same is not None:
        show_message(
            parent,
            "Already a source",
            f"{attachment.name} is already in the case as the source "
            f"\u201c{' '.join(same.title.split())}\u201d (the same SHA-256).",
            kind="information",
        )
        return same.id
    case.store_file(
        sha256=sha,
        data=attachment.data,
        size=attachment.size,
        media_type=attachment.media_type,
        original_name=attachment.name,
    )
    fields = attachment_source(request.email_data, request.origin, attachment)
    return editor.create_source(
        **fields,
        file_path=attachment.name,
        file_sha256=sha,
        file_size=attachment.size,
        file_stored=True,
    )
