"""The source viewer's toolbar and keys: pages, zoom, find, copy citation, citation stepping.

``ViewerToolbar`` is added to a ``SourceViewerWindow``: page N of M with a box to go to a
page; zoom out, zoom in, fit width, fit page; find in the document with its match count and
next/previous; copy the citation; previous/next citation of the same source. The keys are
the usual PDF reader's: PgUp/PgDn, Home/End, Ctrl+F, F3/Shift+F3 (Enter/Shift+Enter in the
find box), Ctrl+plus/minus, Ctrl+0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QTextCursor
from PySide6.QtWidgets import QLabel, QLineEdit, QSpinBox, QToolBar, QWidget

from app.domain.citations import Pinpoint
from app.domain.quote_place import find_all
from app.ui.shortcuts import window_shortcuts

if TYPE_CHECKING:
    from app.ui.source_viewer import SourceViewer, SourceViewerWindow


@dataclass(frozen=True)
class CitedPlace:
    """One citation of the shown source: its text for the clipboard and where it opens."""

    citation_id: int
    text: str  # "Title, p. 3: “quote”"
    pinpoint: Pinpoint | None
    quote: str


class Finder:
    """Find in the document: every match, the current one marked and scrolled to."""

    def __init__(self, viewer: SourceViewer) -> None:
        self.viewer = viewer
        self.needle = ""
        self.matches: list[tuple[int, int, int]] = []  # (page, start, end)
        self.index = -1

    def find(self, needle: str) -> int:
        """Find ``needle`` (case and whitespace aside); the number of matches."""
        self.needle = needle
        texts = self.viewer.quote_texts() if needle.strip() else []
        self.matches = [
            (page, start, end)
            for page in range(len(texts))
            for start, end in find_all(texts[page], needle)
        ]
        self.index = -1
        if self.matches:
            self.step(+1)
        else:
            self.viewer.pdf_view.set_find(None, [])
        return len(self.matches)

    def step(self, direction: int) -> None:
        if not self.matches:
            return
        self.index = (self.index + direction) % len(self.matches)
        page, start, end = self.matches[self.index]
        viewer = self.viewer
        if viewer.kind == "pdf":
            selection = viewer.pdf_document.getSelectionAtIndex(page, start, end - start)
            viewer.pdf_view.set_find(page, list(selection.bounds()))
            viewer.go_to_page(page)
            viewer.pdf_view.scroll_to(viewer.pdf_view.finds)
        elif viewer.kind == "text":
            cursor = QTextCursor(viewer.text_view.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            viewer.text_view.setTextCursor(cursor)
            viewer.text_view.centerCursor()

    def status(self) -> str:
        if not self.needle.strip():
            return ""
        if not self.matches:
            return "no matches"
        return f"{self.index + 1} of {len(self.matches)}"


class ViewerToolbar(QToolBar):
    """The toolbar of a source viewer window."""

    def __init__(self, window: SourceViewerWindow) -> None:
        super().__init__("Viewer", window)
        self.setObjectName("viewerToolbar")
        self.setMovable(False)
        viewer = window.viewer
        self.viewer = viewer
        self.finder = Finder(viewer)
        self.places: list[CitedPlace] = []
        self.place_index = -1
        self.show_place: Callable[[CitedPlace], None] | None = None
        self.page_box = QSpinBox(self)
        self.page_box.setAccessibleName("Page")
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(lambda n: viewer.go_to_page(n - 1))
        self.page_count = QLabel(self)
        self.page_actions = [
            self.addWidget(QLabel(" Page ", self)),
            self.addWidget(self.page_box),
            self.addWidget(self.page_count),
            self.addSeparator(),
        ]
        self.zoom_out = self.addAction("\u2212", viewer.zoom_out)
        self.zoom_out.setToolTip("Zoom out (Ctrl+-)")
        self.zoom_in = self.addAction("+", viewer.zoom_in)
        self.zoom_in.setToolTip("Zoom in (Ctrl++)")
        self.fit_width = self.addAction("Fit width", viewer.fit_width)
        self.fit_page = self.addAction("Fit page", viewer.fit_page)
        self.actual_size = self.addAction("100%", viewer.actual_size)
        self.actual_size.setToolTip("Actual size (Ctrl+0)")
        self.addSeparator()
        self.find_box = QLineEdit(self)
        self.find_box.setPlaceholderText("Find (Ctrl+F)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMinimumWidth(130)
        self.find_box.setMaximumWidth(220)
        self.find_box.returnPressed.connect(self._find_or_next)
        self.find_box.textChanged.connect(lambda _text: self._find())
        self.addWidget(self.find_box)
        self.find_previous = self.addAction("\u25b2", lambda: self.step_find(-1))
        self.find_previous.setToolTip("Previous match (Shift+F3)")
        self.find_next = self.addAction("\u25bc", lambda: self.step_find(+1))
        self.find_next.setToolTip("Next match (F3)")
        self.find_status = QLabel(self)
        self.addWidget(self.find_status)
        self.addSeparator()
        self.copy_citation = self.addAction("Copy citation", self.copy)
        self.previous_citation = self.addAction("\u25c0 Citation", lambda: self.step_place(-1))
        self.previous_citation.setToolTip("Previous citation of this source")
        self.next_citation = self.addAction("Citation \u25b6", lambda: self.step_place(+1))
        self.next_citation.setToolTip("Next citation of this source")
        self._add_keys(window)
        viewer.pageChanged.connect(lambda _page: self.refresh())
        self.refresh()

    def _add_keys(self, window: QWidget) -> None:
        viewer = self.viewer
        keys: tuple[tuple[QKeySequence, Callable[[], object]], ...] = (
            (QKeySequence(Qt.Key.Key_Home), lambda: viewer.go_to_page(0)),
            (QKeySequence(Qt.Key.Key_End), lambda: viewer.go_to_page(viewer.page_count() - 1)),
            (QKeySequence("Ctrl+F"), self.focus_find),
            (QKeySequence(Qt.Key.Key_F3), lambda: self.step_find(+1)),
            (QKeySequence("Shift+F3"), lambda: self.step_find(-1)),
            (QKeySequence("Ctrl+0"), viewer.actual_size),
        )
        self.shortcuts = window_shortcuts(window, keys)

    # ---- pages

    def refresh(self) -> None:
        """Show the current page, the find status and which buttons do something."""
        count = self.viewer.page_count()
        self.page_box.blockSignals(True)
        self.page_box.setRange(1 if count else 0, max(count, 0))
        self.page_box.setValue(self.viewer.current_page() + 1 if count else 0)
        self.page_box.blockSignals(False)
        self.page_box.setEnabled(count > 0)
        for action in self.page_actions:  # pages and fitting are for PDFs (and images)
            action.setVisible(self.viewer.kind == "pdf")
        self.fit_width.setVisible(self.viewer.kind != "text")
        self.fit_page.setVisible(self.viewer.kind != "text")
        self.actual_size.setVisible(self.viewer.kind != "text")
        self.page_count.setText(f" of {count} " if count else " \u2014 ")
        self.find_status.setText(f" {self.finder.status()} ")
        has_matches = len(self.finder.matches) > 0
        self.find_previous.setEnabled(has_matches)
        self.find_next.setEnabled(has_matches)
        self.copy_citation.setEnabled(bool(self.places))
        self.previous_citation.setEnabled(self.place_index > 0)
        self.next_citation.setEnabled(0 <= self.place_index < len(self.places) - 1)

    # ---- find

    def focus_find(self) -> None:
        self.find_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_box.selectAll()

    def _find(self) -> None:
        self.finder.find(self.find_box.text())
        self.refresh()

    def _find_or_next(self) -> None:
        modifiers = QGuiApplication.keyboardModifiers()
        self.step_find(-1 if modifiers & Qt.KeyboardModifier.ShiftModifier else +1)

    def step_find(self, direction: int) -> None:
        if self.finder.needle != self.find_box.text():
            self._find()
            return
        self.finder.step(direction)
        self.refresh()

    # ---- citations of this source

    def set_places(
        self, places: list[CitedPlace], index: int, show: Callable[[CitedPlace], None]
    ) -> None:
        """The citations of the shown source (in event order) and the one shown."""
        self.places, self.place_index, self.show_place = places, index, show
        self.refresh()

    def step_place(self, direction: int) -> None:
        index = self.place_index + direction
        if not 0 <= index < len(self.places) or self.show_place is None:
            return
        self.place_index = index
        self.show_place(self.places[index])
        self.refresh()

    def copy(self) -> None:
        """Put the shown citation on the clipboard as plain text."""
        if 0 <= self.place_index < len(self.places):
            QGuiApplication.clipboard().setText(self.places[self.place_index].text)
