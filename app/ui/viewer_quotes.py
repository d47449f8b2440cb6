"""The cited quote in the source viewer: marked where it is, or the nearest match offered.

``QuoteBar`` sits under the viewer's hash banner. ``mark_quote`` looks for the quote at
the cited place (the cited PDF pages, read from the PDF's text layer; the cited paragraph
of a text), marks it and scrolls to it. When it is not there the bar says so and, if the
document holds the quote elsewhere or something close to it, offers to show that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextEdit, QWidget

from app.domain.citations import Pinpoint
from app.domain.document_text import paragraph_starts
from app.domain.quote_place import QuoteHit, locate_quote

if TYPE_CHECKING:
    from app.ui.source_viewer import SourceViewer

QUOTE_TEXT = QColor(255, 214, 0)
_FOUND_STYLE = "background:#fff6cc; color:#3d2e00;"
_MISSING_STYLE = "background:#fde7e4; color:#5c1410;"


class PdfPages(Sequence[str]):
    """The text of each page of a loaded PDF, read from its text layer when first asked."""

    def __init__(self, document: QPdfDocument) -> None:
        self.document = document
        self._texts: dict[int, str] = {}

    def __len__(self) -> int:
        return self.document.pageCount()

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index not in self._texts:
            self._texts[index] = self.document.getAllText(index).text()
        return self._texts[index]


@dataclass(frozen=True)
class QuoteResult:
    """What became of the quote: ``at_pinpoint`` when it was marked at the cited place;
    ``hit`` is where it (or its nearest match) is, if anywhere."""

    quote: str
    at_pinpoint: bool
    hit: QuoteHit | None
    place: str  # "p. 3", "¶ 7": the cited place, for the bar's sentence


class QuoteBar(QWidget):
    """One line under the banner: where the quote is, and a button to show the nearest match."""

    def __init__(self, viewer: SourceViewer) -> None:
        super().__init__(viewer)
        self.viewer = viewer
        self.result: QuoteResult | None = None
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setObjectName("quoteNote")
        self.label.setMargin(4)
        self.nearest = QPushButton("Show nearest match", self)
        self.nearest.clicked.connect(self.show_nearest)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.nearest)
        self.hide()

    def show_result(self, result: QuoteResult | None) -> None:
        self.result = result
        if result is None:
            self.hide()
            return
        where = f" at {result.place}" if result.place else ""
        if result.at_pinpoint:
            text, style = f"Quote found{where} and marked.", _FOUND_STYLE
        else:
            text, style = f"The quote is not{where} in this copy.", _MISSING_STYLE
            if result.hit is not None:
                kind = "The quote" if result.hit.exact else "The nearest match"
                page = f" on p. {result.hit.page + 1}" if self.viewer.kind == "pdf" else ""
                text += f" {kind} is{page}: \u201c{self._excerpt(result.hit)}\u201d"
            else:
                text += " Nothing like it was found in the document."
        self.label.setText(text)
        self.label.setStyleSheet(f"QLabel#quoteNote {{ {style} }}")
        self.nearest.setVisible(not result.at_pinpoint and result.hit is not None)
        self.show()

    def _excerpt(self, hit: QuoteHit) -> str:
        texts = self.viewer.quote_texts()
        text = texts[hit.page] if 0 <= hit.page < len(texts) else ""
        shown = " ".join(text[hit.start : hit.end].split())
        return shown if len(shown) <= 90 else shown[:87] + "..."

    def show_nearest(self) -> None:
        """Mark the nearest match (or the quote where it is) and scroll to it."""
        if self.result is not None and self.result.hit is not None:
            mark_hit(self.viewer, self.result.hit)


def cited_pages(pinpoint: Pinpoint | None) -> list[int]:
    """The 0-based pages a pinpoint names (a page range, a transcript page)."""
    if pinpoint is None or pinpoint.page is None:
        return []
    last = pinpoint.last_page or pinpoint.page
    return list(range(pinpoint.page - 1, min(last, pinpoint.page + 500)))


def mark_quote(viewer: SourceViewer, quote: str, pinpoint: Pinpoint | None) -> QuoteResult | None:
    """Mark ``quote`` at the cited place of what ``viewer`` shows; None if there is no quote
    or nothing to search (an image, a PDF without text)."""
    if not quote.strip() or viewer.kind not in ("pdf", "text"):
        return None
    texts = viewer.quote_texts()
    from app.domain.citations import format_pinpoint

    place = format_pinpoint(pinpoint) if pinpoint is not None else ""
    if viewer.kind == "pdf":
        hit, at_pinpoint = locate_quote(texts, quote, cited_pages(pinpoint))
    else:
        hit, _ = locate_quote(texts, quote)
        at_pinpoint = hit is not None and hit.exact and _in_paragraph(texts[0], hit, pinpoint)
    if hit is not None and at_pinpoint:
        mark_hit(viewer, hit)
    return QuoteResult(quote, at_pinpoint, hit, place)


def _in_paragraph(text: str, hit: QuoteHit, pinpoint: Pinpoint | None) -> bool:
    if pinpoint is None or pinpoint.kind != "paragraph" or pinpoint.paragraph is None:
        return True
    starts = paragraph_starts(text)
    first = pinpoint.paragraph
    last = pinpoint.last_paragraph or first
    if first > len(starts):
        return False
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    begin = offsets[starts[first - 1]]
    end = offsets[starts[last]] if last < len(starts) else len(text)
    return begin <= hit.start and hit.end <= end


def mark_hit(viewer: SourceViewer, hit: QuoteHit) -> None:
    """Mark characters ``hit.start`` to ``hit.end`` of the hit's page and scroll to them."""
    if viewer.kind == "pdf":
        document = viewer.pdf_document
        selection = document.getSelectionAtIndex(hit.page, hit.start, hit.end - hit.start)
        viewer.pdf_view.set_marks(hit.page, list(selection.bounds()))
        viewer.go_to_page(hit.page)
        viewer.pdf_view.scroll_to_mark()
        return
    view = viewer.text_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(hit.start)
    cursor.setPosition(hit.end, QTextCursor.MoveMode.KeepAnchor)
    mark = QTextEdit.ExtraSelection()
    mark.cursor = cursor
    mark.format.setBackground(QUOTE_TEXT)
    paragraph = view.extraSelections()[:1] if viewer.paragraph_line is not None else []
    view.setExtraSelections([*paragraph, mark])
    viewer.quote_span = (hit.start, hit.end)
    place = QTextCursor(view.document())
    place.setPosition(hit.start)
    view.setTextCursor(place)
    view.centerCursor()
