"""New Event from Selection and Add Citation from Selection, in the source viewer.

``SelectionActions`` gives a ``SourceViewerWindow`` the two actions (Selection menu, the
context menu of the page or text, Ctrl+Shift+E and Ctrl+Shift+A). Each turns what is
selected into a :class:`~app.domain.selection_draft.SelectionProposal` (quote, pinpoint of
the page, Bates number or paragraph, proposed title and date) and emits ``proposed`` with
"event" or "citation"; the main window turns it into a prefilled form or one undoable
citation (``app.ui.selection_editing``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

from app.domain.document_text import paragraph_starts
from app.domain.selection_draft import SelectionProposal, propose

if TYPE_CHECKING:
    from app.ui.source_viewer import SourceViewer, SourceViewerWindow

NEW_EVENT = "New Event from Selection"
ADD_CITATION = "Add Citation from Selection"


def selected_passage(viewer: SourceViewer) -> tuple[str, int | None, int | None]:
    """(selected text, 1-based PDF page, 1-based paragraph of a text); empty text when
    nothing is selected."""
    if viewer.kind == "pdf":
        view = viewer.pdf_view
        if view.selected_page is None:
            return "", None, None
        return view.selected_text, view.selected_page + 1, None
    if viewer.kind == "text":
        cursor = viewer.text_view.textCursor()
        if not cursor.hasSelection():
            return "", None, None
        document = viewer.text_view.document()
        line = document.findBlock(cursor.selectionStart()).blockNumber()
        starts = paragraph_starts(viewer.text_view.toPlainText())
        paragraph = sum(1 for start in starts if start <= line) or None
        return cursor.selectedText(), None, paragraph
    return "", None, None


class SelectionActions(QObject):
    """The two selection actions of one viewer window."""

    proposed = Signal(str, object)  # "event" or "citation", SelectionProposal

    def __init__(self, window: SourceViewerWindow) -> None:
        super().__init__(window)
        self.viewer = window.viewer
        self.source_id: int | None = None  # set by the opener: selections cite this source
        self.bates_start = ""
        self.day_first = False
        self.new_event = QAction(NEW_EVENT, window)
        self.new_event.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.new_event.triggered.connect(lambda: self.propose("event"))
        self.add_citation = QAction(ADD_CITATION, window)
        self.add_citation.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.add_citation.triggered.connect(lambda: self.propose("citation"))
        for action in (self.new_event, self.add_citation):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)
        menu = window.menuBar().addMenu("&Selection")
        menu.addAction(self.new_event)
        menu.addAction(self.add_citation)
        viewer = self.viewer
        for view in (viewer.text_view, viewer.pdf_view):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        viewer.text_view.customContextMenuRequested.connect(self._text_menu)
        viewer.pdf_view.customContextMenuRequested.connect(self._pdf_menu)
        viewer.text_view.selectionChanged.connect(self.refresh)
        viewer.pdf_view.selectionChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """The actions do something only when text is selected and Casetrail can save."""
        text, _page, _paragraph = selected_passage(self.viewer)
        usable = bool(text.strip()) and self.source_id is not None
        self.new_event.setEnabled(usable)
        self.add_citation.setEnabled(usable)

    def proposal(self) -> SelectionProposal | None:
        if self.source_id is None:
            return None
        text, page, paragraph = selected_passage(self.viewer)
        return propose(
            self.source_id,
            text,
            page=page,
            paragraph=paragraph,
            bates_start=self.bates_start,
            day_first=self.day_first,
        )

    def propose(self, action: str) -> None:
        proposal = self.proposal()
        if proposal is not None:
            self.proposed.emit(action, proposal)

    def _text_menu(self, position: QPoint) -> None:
        view = self.viewer.text_view
        menu = view.createStandardContextMenu(position)
        self._finish_menu(menu, view.mapToGlobal(position))

    def _pdf_menu(self, position: QPoint) -> None:
        view = self.viewer.pdf_view
        menu = QMenu(view)
        copy = menu.addAction("Copy")
        copy.setEnabled(bool(view.selected_text.strip()))
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(view.selected_text))
        self._finish_menu(menu, view.viewport().mapToGlobal(position))

    def _finish_menu(self, menu: QMenu, where: QPoint) -> None:
        self.refresh()
        menu.addSeparator()
        menu.addAction(self.new_event)
        menu.addAction(self.add_citation)
        menu.popup(where)
