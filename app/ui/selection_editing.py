"""A passage selected in the source viewer becomes an event or a citation, one undo step each.

"New Event from Selection" opens the event form prefilled: the title proposed from the first
words, the citation (source, pinpoint, quote), and the date found in the passage, typed in
the start field with a line saying it is a proposal and its precision; nothing is saved until
the person saves the form (one undo step, as any form). "Add Citation from Selection"
attaches the citation to the event selected in the main window (one undo step).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from app.domain.selection_draft import SelectionProposal
from app.ui.dialogs.event_form import CitationDraft, EventForm
from app.ui.text import show_message
from app.ui.viewer_attachments import AttachmentRequest, add_attachment_source

if TYPE_CHECKING:
    from app.ui.editing import EditActions


def prefill(form: EventForm, proposal: SelectionProposal) -> None:
    """Fill a new event's form from the selection (nothing is saved)."""
    form.title_edit.setText(proposal.title)
    form.title_edit.selectAll()
    form._append_citation(  # noqa: SLF001 - the form's own way of adding a citation row
        CitationDraft(proposal.source_id, proposal.pinpoint, proposal.quote)
    )
    if proposal.date is not None:
        form.start_field.set_text(proposal.date.text)
        note = QLabel(
            f"Date proposed from the selection: \u201c{proposal.date.text}\u201d "
            f"({proposal.date.precision} precision). Check it before saving.",
            form,
        )
        note.setObjectName("proposedDate")
        note.setWordWrap(True)
        note.setStyleSheet("QLabel#proposedDate { background:#fff6cc; color:#3d2e00; }")
        form.layout().insertWidget(0, note)
        form.proposed_date = note  # type: ignore[attr-defined]


class SelectionEditing:
    """Turns the viewer's selection proposals into forms and undoable citations."""

    def __init__(self, editing: EditActions) -> None:
        self.editing = editing

    def handle(self, action: str, proposal: object) -> int | None:
        if action == "attachment" and isinstance(proposal, AttachmentRequest):
            return self.add_attachment(proposal)
        if not isinstance(proposal, SelectionProposal):
            return None
        if action == "event":
            return self.new_event(proposal)
        return self.add_citation(proposal)

    def new_event(self, proposal: SelectionProposal) -> int | None:
        """Open the prefilled event form; the saved event's id, or None."""
        editing = self.editing
        if editing.editor is None or editing.window.case is None:
            return None
        form = editing._form(None)  # noqa: SLF001 - the window's own form factory
        prefill(form, proposal)
        if form.exec():
            return editing.save_draft(form.draft(), None)
        return None

    def add_citation(self, proposal: SelectionProposal) -> int | None:
        """Attach the selection to the selected event as one undo step; the citation id."""
        editing = self.editing
        event_id = editing._selected()  # noqa: SLF001
        if editing.editor is None or editing.window.case is None:
            return None
        if event_id is None:
            show_message(
                editing.window,
                "No event selected",
                "Select the event the passage supports, then choose Add Citation from "
                "Selection again.",
            )
            return None
        citation_id = editing.editor.add_citation(
            event_id=event_id,
            source_id=proposal.source_id,
            pinpoint=proposal.pinpoint,
            quote=proposal.quote,
            stance="supports",
        )
        editing.window.show_details(event_id)
        return citation_id

    def add_attachment(self, request: AttachmentRequest) -> int | None:
        """Make an email's attachment a source of its own (one undo step) and show it."""
        editing = self.editing
        case = editing.window.case
        if case is None:
            return None
        if editing.editor is None:
            show_message(
                editing.window,
                "Open for review",
                "This case is open for review (read-only): an attachment cannot be added.",
            )
            return None
        source_id = add_attachment_source(case, editing.editor, request, editing.window)
        if source_id is not None:
            editing.window.sources.select_source(source_id)
        return source_id
