"""Showing a source's file inside Casetrail: PDF, plain text or image, never another program.

``SourceViewer`` renders bytes it is given (it never reads paths itself) with a banner that
states whether the file is the one that was registered. ``SourceViewerWindow`` wraps it in a
window titled with the source and pinpoint. Which files may be shown is decided by
``app.ui.opener``; this module only displays.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QImageReader, QKeySequence, QPixmap, QTextCursor
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.citations import Pinpoint, format_pinpoint
from app.domain.document_text import (  # noqa: F401 - re-exported for the opener and tests
    TEXT_SUFFIXES,
    ContentKind,
    content_kind,
    decode_text,
    paragraph_line,
    shown_text,
)
from app.ui.pdf_marks import MarkedPdfView
from app.ui.shortcuts import window_shortcuts
from app.ui.viewer_quotes import PdfPages, QuoteBar, mark_quote
from app.ui.viewer_selection import SelectionActions
from app.ui.viewer_toolbar import ViewerToolbar
from app.ui.viewer_zoom import WheelZoom, fit_if_larger

FileState = Literal["verified", "changed", "unverified", "missing"]

STATE_TEXT: dict[str, str] = {
    "verified": "verified (SHA-256 matches)",
    "changed": "CHANGED since it was registered — the text shown may not be what was cited",
    "unverified": "NOT VERIFIED — no SHA-256 was recorded when it was registered",
    "missing": "missing",
}
_BANNER_STYLE = {
    "verified": "background:#e3f4e6; color:#12361a;",
    "changed": "background:#b3261e; color:#ffffff; font-weight:bold;",
    "unverified": "background:#fff1c2; color:#3d2e00;",
    "missing": "background:#b3261e; color:#ffffff; font-weight:bold;",
}


def banner_style(state: FileState) -> str:
    """The style sheet of a banner (object name ``sourceBanner``) stating ``state``."""
    return f"QLabel#sourceBanner {{ {_BANNER_STYLE[state]} }}"


IMAGE_FORMATS = (b"png", b"jpeg", b"jpg", b"gif", b"bmp", b"webp")
ZOOM_STEP, ZOOM_MIN, ZOOM_MAX = 1.25, 0.1, 8.0


class SourceViewer(QWidget):
    """A read-only view of one file's bytes with a banner stating its state."""

    pageChanged = Signal(int)  # 0-based page of a PDF

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind: ContentKind | None = None
        self.state: FileState | None = None
        self._bytes = QByteArray()
        self._buffer: QBuffer | None = None
        self._image = QImage()
        self._image_zoom = 1.0
        self.banner = QLabel(self)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.setObjectName("sourceBanner")
        self.banner.setMargin(6)
        self.pdf_document = QPdfDocument(self)
        self.pdf_view = MarkedPdfView(self)
        self.pdf_view.setDocument(self.pdf_document)
        self.pdf_view.pageNavigator().currentPageChanged.connect(self.pageChanged)
        self.text_view = self._make_text_view()
        self.image_label = QLabel(self)
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_area = QScrollArea(self)
        self.image_area.setWidget(self.image_label)
        self.image_area.setWidgetResizable(True)
        self.paragraph_line: int | None = None  # the 0-based line marked as the paragraph
        self.quote_span: tuple[int, int] | None = None  # the quote's characters in a text
        self._pdf_pages: PdfPages | None = None
        self.quote_bar = QuoteBar(self)
        self.stack = QStackedWidget(self)
        for page in (self.pdf_view, self.text_view, self.image_area):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.quote_bar)
        layout.addWidget(self.stack, 1)

    def _make_text_view(self) -> QPlainTextEdit:
        view = QPlainTextEdit(self)
        view.setReadOnly(True)
        view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        return view

    # ---- what is shown

    def set_state(self, state: FileState, where: str = "") -> None:
        """Show the file's state in the banner (plain text; ``where`` says which file)."""
        self.state = state
        text = STATE_TEXT[state]
        self.banner.setText(f"{where} — {text}" if where else text[:1].upper() + text[1:])
        self.banner.setStyleSheet(banner_style(state))

    def show_document(
        self,
        data: bytes,
        *,
        name: str = "",
        state: FileState = "verified",
        where: str = "",
        pinpoint: Pinpoint | None = None,
        quote: str = "",
    ) -> bool:
        """Show ``data`` (with ``quote`` marked at the pinpoint, or the bar saying where
        it is); False (and nothing shown) if it is not a PDF, text or image."""
        kind = content_kind(data, name)
        self.set_state(state, where)
        self.kind = kind
        self._bytes = QByteArray(data)  # the buffer reads these; keep them alive with us
        self.quote_span, self._pdf_pages = None, None
        self.pdf_view.set_marks(None, [])
        shown = False
        if kind == "pdf":
            shown = self._show_pdf(pinpoint)
        elif kind == "image":
            shown = self._show_image()
        elif kind == "text":
            self._show_text(shown_text(data, name), pinpoint)
            shown = True
        self.quote_bar.show_result(mark_quote(self, quote, pinpoint) if shown else None)
        return shown

    def document_bytes(self) -> QByteArray:
        """The bytes of the file shown."""
        return self._bytes

    def quote_texts(self) -> Sequence[str]:
        """The text searched for quotes: each page of a PDF, or the one text."""
        if self.kind == "pdf":
            if self._pdf_pages is None:
                self._pdf_pages = PdfPages(self.pdf_document)
            return self._pdf_pages
        return [self.text_view.toPlainText()] if self.kind == "text" else []

    def _show_pdf(self, pinpoint: Pinpoint | None) -> bool:
        self.pdf_document.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf_document.load(self._buffer)
        if self.pdf_document.status() != QPdfDocument.Status.Ready:
            self.kind = None
            return False
        self.stack.setCurrentWidget(self.pdf_view)
        page = pinpoint.page if pinpoint is not None else None
        self.go_to_page((page or 1) - 1)
        return True

    def _show_image(self) -> bool:
        buffer = QBuffer(self._bytes, self)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        reader.setDecideFormatFromContent(True)
        image = reader.read() if reader.format().toLower() in IMAGE_FORMATS else QImage()
        buffer.close()
        buffer.deleteLater()
        if image.isNull():
            self.kind = None
            return False
        self._image, self._image_zoom = image, 1.0
        self._render_image()
        self.stack.setCurrentWidget(self.image_area)
        return True

    def _render_image(self) -> None:
        size = self._image.size() * self._image_zoom
        scaled = self._image.scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.image_label.setPixmap(QPixmap.fromImage(scaled))

    def _show_text(self, text: str, pinpoint: Pinpoint | None) -> None:
        self.text_view.setPlainText(text)
        self.stack.setCurrentWidget(self.text_view)
        line = None
        if pinpoint is not None and pinpoint.kind == "paragraph" and pinpoint.paragraph:
            line = paragraph_line(text, pinpoint.paragraph)
        self._mark_line(line)

    def _mark_line(self, line: int | None) -> None:
        cursor = QTextCursor(self.text_view.document())
        self.paragraph_line = line
        self.text_view.setExtraSelections([])
        if line is not None:
            block = self.text_view.document().findBlockByNumber(line)
            cursor.setPosition(block.position())
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            mark = QTextEdit.ExtraSelection()
            mark.cursor = cursor
            mark.format.setBackground(self.palette().highlight().color().lighter(170))
            self.text_view.setExtraSelections([mark])
            cursor.clearSelection()
        self.text_view.setTextCursor(cursor)
        self.text_view.centerCursor()

    @property
    def highlighted_line(self) -> int | None:
        """The 0-based line of the text marked as the cited paragraph, if any."""
        return self.paragraph_line

    # ---- navigation and zoom

    def page_count(self) -> int:
        return self.pdf_document.pageCount() if self.kind == "pdf" else 0

    def current_page(self) -> int:
        """The 0-based page of a PDF (0 for anything else)."""
        return self.pdf_view.pageNavigator().currentPage() if self.kind == "pdf" else 0

    def go_to_page(self, page: int) -> None:
        """Jump to a 0-based page of a PDF, clamped to the document."""
        if self.kind != "pdf" or self.page_count() == 0:
            return
        page = max(0, min(page, self.page_count() - 1))
        self.pdf_view.pageNavigator().jump(page, QPointF(), 0)

    def next_page(self) -> None:
        self._step(+1)

    def previous_page(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if self.kind == "pdf":
            self.go_to_page(self.current_page() + direction)
            return
        area = self.text_view if self.kind == "text" else self.image_area
        bar = area.verticalScrollBar()
        bar.setValue(bar.value() + direction * bar.pageStep())

    def zoom_in(self) -> None:
        self._zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(1 / ZOOM_STEP)

    def _zoom(self, factor: float) -> None:
        if self.kind == "pdf":
            zoom = max(ZOOM_MIN, min(ZOOM_MAX, self.pdf_view.zoomFactor() * factor))
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.pdf_view.setZoomFactor(zoom)
        elif self.kind == "text":
            self.text_view.zoomIn(1 if factor > 1 else -1)
        elif self.kind == "image":
            self._image_zoom = max(ZOOM_MIN, min(ZOOM_MAX, self._image_zoom * factor))
            self._render_image()

    def fit_width(self) -> None:
        self._fit(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self._fit(QPdfView.ZoomMode.FitInView)

    def actual_size(self) -> None:
        """Zoom 100% (Ctrl+0)."""
        if self.kind == "pdf":
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.pdf_view.setZoomFactor(1.0)
        elif self.kind == "text":
            self.text_view.zoomOut(self.text_view.font().pointSize() - self.font().pointSize())
        elif self.kind == "image":
            self._image_zoom = 1.0
            self._render_image()

    def _fit(self, mode: QPdfView.ZoomMode) -> None:
        if self.kind == "pdf":
            self.pdf_view.setZoomMode(mode)
        elif self.kind == "image" and not self._image.isNull():
            room = self.image_area.viewport().size()
            width = room.width() / max(1, self._image.width())
            height = room.height() / max(1, self._image.height())
            fit = width if mode == QPdfView.ZoomMode.FitToWidth else min(width, height)
            self._image_zoom = max(ZOOM_MIN, min(ZOOM_MAX, fit))
            self._render_image()

    def show_place(self, pinpoint: Pinpoint | None, quote: str = "") -> None:
        """Go to another place of the document shown (a page, a paragraph) and mark its
        quote, without loading the file again."""
        self.pdf_view.set_marks(None, [])
        self.quote_span = None
        if self.kind == "pdf" and pinpoint is not None and pinpoint.page is not None:
            self.go_to_page(pinpoint.page - 1)
        elif self.kind == "text":
            line = None
            if pinpoint is not None and pinpoint.kind == "paragraph" and pinpoint.paragraph:
                line = paragraph_line(self.text_view.toPlainText(), pinpoint.paragraph)
            self._mark_line(line)
        self.quote_bar.show_result(mark_quote(self, quote, pinpoint))

    def image_size(self) -> QSize:
        """The size of the image shown, in pixels (empty when none is)."""
        return self._image.size()

    def zoom_factor(self) -> float:
        if self.kind == "pdf":
            return self.pdf_view.zoomFactor()
        return self._image_zoom


class SourceViewerWindow(QMainWindow):
    """A window showing one source's file; PgUp/PgDn, Ctrl+= / Ctrl+- and Escape work."""

    def __init__(self, source_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.source_title = " ".join(source_title.split()) or "Source"
        self.pinpoint: Pinpoint | None = None
        self.viewer = SourceViewer(self)
        self.setCentralWidget(self.viewer)
        self.viewer.pageChanged.connect(self._update_title)
        self.resize(820, 980)
        self._add_shortcuts()
        self.toolbar = ViewerToolbar(self)
        self.addToolBar(self.toolbar)
        self.selection_actions = SelectionActions(self)
        self.wheel_zoom = WheelZoom(self.viewer)
        self._update_title()

    def _add_shortcuts(self) -> None:
        keys = (
            (QKeySequence(Qt.Key.Key_PageDown), self.viewer.next_page),
            (QKeySequence(Qt.Key.Key_PageUp), self.viewer.previous_page),
            (QKeySequence("Ctrl+="), self.viewer.zoom_in),
            (QKeySequence(QKeySequence.StandardKey.ZoomIn), self.viewer.zoom_in),
            (QKeySequence("Ctrl+-"), self.viewer.zoom_out),
            (QKeySequence(Qt.Key.Key_Escape), self.close),
        )
        self.shortcuts = window_shortcuts(self, keys)

    def show_document(
        self,
        data: bytes,
        *,
        name: str = "",
        state: FileState = "verified",
        where: str = "",
        pinpoint: Pinpoint | None = None,
        quote: str = "",
    ) -> bool:
        """Show the file in the window's viewer; False if it cannot be shown."""
        self.pinpoint = pinpoint
        shown = self.viewer.show_document(
            data, name=name, state=state, where=where, pinpoint=pinpoint, quote=quote
        )
        self._update_title()
        self.toolbar.refresh()
        QTimer.singleShot(0, self, lambda: fit_if_larger(self.viewer))  # once laid out
        return shown

    def show_place(self, pinpoint: Pinpoint | None, quote: str = "") -> None:
        """Move to another citation's place in the file shown, and title the window so."""
        self.pinpoint = pinpoint
        self.viewer.show_place(pinpoint, quote)
        self._update_title()

    def _update_title(self, *_: object) -> None:
        where = ""
        if self.viewer.kind == "pdf":
            where = f"p. {self.viewer.current_page() + 1}"
        elif self.pinpoint is not None:
            where = format_pinpoint(self.pinpoint)
        self.setWindowTitle(f"{self.source_title} — {where}" if where else self.source_title)
