"""The full-screen presentation: one step at a time, large type, high contrast.

Each step shows the event's date as written, its title, its status and its standing (an
allegation always carries an ALLEGATION mark), its description and citations (source,
pinpoint, quoted passage, stance), the cited page beside it with the quoted passage
highlighted where the file's text holds it, and a timeline strip below that glides to the
event (``glide``). Keys a presenter's clicker sends: Right, PageDown, Space and Down go
forward; Left, PageUp, Backspace and Up go back; Home and End go to the first and last step;
B (or .) blacks the screen and any key brings it back; Esc leaves. Nothing here edits the
case.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtPdf import QPdfSearchModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.known_bounds import known_at
from app.domain.standing import STANDING_DESCRIPTIONS
from app.interchange.chronology import Entry, Footnote
from app.store.case import Case
from app.timeline.scale import YEAR_SECONDS
from app.ui.canvas import TimelineCanvas
from app.ui.present.deck import CitedFile, Deck, cited_file
from app.ui.present.glide import TimelineGlide
from app.ui.present.masking import masked
from app.ui.source_viewer import SourceViewer

FORWARD = {Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Down}
BACK = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace, Qt.Key.Key_Up}
BLACK = {Qt.Key.Key_B, Qt.Key.Key_Period}

_STYLE = """
QWidget#presentation { background: #000; }
QWidget#presentation QLabel { color: #fff; background: transparent; }
QWidget#presentation QLabel#count { color: #bbb; font-size: 18pt; }
QWidget#presentation QLabel#date { color: #ffd54a; font-size: 30pt; font-weight: bold; }
QWidget#presentation QLabel#title { font-size: 40pt; font-weight: bold; }
QWidget#presentation QLabel#allegation { color: #000; background: #ffd54a; font-size: 22pt;
  font-weight: bold; padding: 4px 14px; border: 3px solid #fff; }
QWidget#presentation QLabel#standing { font-size: 20pt; }
QWidget#presentation QLabel#description { font-size: 22pt; }
QWidget#presentation QLabel#commentary { font-size: 24pt; color: #9fe3ff; }
QWidget#presentation QLabel#citations { font-size: 18pt; }
QWidget#presentation QLabel#nopage { color: #bbb; font-size: 20pt; }
QScrollArea { background: #000; border: none; }
QWidget#blackout { background: #000; }
"""


def _quiet(widget: QWidget) -> None:
    """Leave the keys to the presentation: no child takes the keyboard focus."""
    for child in [widget, *widget.findChildren(QWidget)]:
        child.setFocusPolicy(Qt.FocusPolicy.NoFocus)


class PresentWindow(QWidget):
    """Steps through ``deck`` over ``case``; ``stepChanged(index)`` after each move."""

    stepChanged = Signal(int)

    def __init__(self, case: Case, deck: Deck, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.case, self.deck = case, deck
        self.index = -2  # nothing shown yet; -1 is a story's introduction
        self.shown: Footnote | None = None  # the citation whose page is beside the step
        self.notes: QWidget | None = None  # presenter notes on a second screen, if any
        self.setObjectName("presentation")
        self.setWindowTitle(f"Presenting \u2014 {deck.title}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        def label(name: str, wrap: bool = True) -> QLabel:
            widget = QLabel(self)
            widget.setObjectName(name)
            widget.setTextFormat(Qt.TextFormat.PlainText)  # case text is never markup
            widget.setWordWrap(wrap)
            return widget

        self.count = label("count")
        self.date = label("date", wrap=False)
        self.allegation = label("allegation", wrap=False)
        self.allegation.setText("ALLEGATION")
        self.title = label("title")
        self.standing = label("standing")
        self.commentary = label("commentary")
        self.description = label("description")
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.citations = label("citations")
        self.citations.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.no_page = label("nopage")
        self.no_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.viewer = SourceViewer(self)
        font = self.viewer.text_view.font()
        font.setPointSize(16)
        self.viewer.text_view.setFont(font)
        self.page_stack = QStackedWidget(self)
        self.page_stack.addWidget(self.no_page)
        self.page_stack.addWidget(self.viewer)
        self._search = QPdfSearchModel(self)
        self._search.setDocument(self.viewer.pdf_document)
        self.viewer.pdf_view.setSearchModel(self._search)
        self.canvas = TimelineCanvas(self)
        self.canvas.setMinimumHeight(150)
        self.canvas.setMaximumHeight(220)
        self.canvas.set_data(case.timeline_columns(), None, case.eras(), fit=False)
        self.canvas.set_visible_ids({s.event_id for s in deck.steps})
        self.glide = TimelineGlide(self.canvas)  # each step glides the timeline there

        text = QWidget(self)
        column = QVBoxLayout(text)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.commentary)
        column.addWidget(self.description)
        column.addWidget(self.citations, 1)
        scroll = QScrollArea(self)
        scroll.setWidget(text)
        scroll.setWidgetResizable(True)
        text.setStyleSheet("background: #000;")

        heading = QHBoxLayout()
        heading.addWidget(self.date)
        heading.addStretch(1)
        heading.addWidget(self.allegation)
        heading.addWidget(self.count)
        body = QHBoxLayout()
        body.addWidget(scroll, 2)
        body.addWidget(self.page_stack, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 24, 36, 18)
        layout.addLayout(heading)
        layout.addWidget(self.title)
        layout.addWidget(self.standing)
        layout.addLayout(body, 1)
        layout.addWidget(self.canvas)

        self.blackout = QWidget(self)
        self.blackout.setObjectName("blackout")
        self.blackout.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.blackout.hide()
        _quiet(self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.go(self.first)

    # ---- moving

    @property
    def first(self) -> int:
        """-1 when a story's introduction comes before its first step, else 0."""
        return -1 if self.deck.introduction.strip() else 0

    @property
    def step(self) -> Entry | None:
        steps = self.deck.steps
        return steps[self.index] if 0 <= self.index < len(steps) else None

    @property
    def black(self) -> bool:
        return self.blackout.isVisible()

    def go(self, index: int) -> None:
        """Show step ``index`` (kept within the steps; -1: the introduction)."""
        steps = self.deck.steps
        if not steps and not self.first:
            self._show_nothing()
            return
        index = max(self.first, min(len(steps) - 1, index))
        if index == self.index:
            return
        self.index = index
        if index < 0:
            self._show_introduction()
        else:
            self._show(steps[index])
        self.stepChanged.emit(index)

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def toggle_black(self) -> None:
        self.blackout.setVisible(not self.blackout.isVisible())
        self.blackout.setGeometry(self.rect())
        self.blackout.raise_()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = Qt.Key(event.key())
        if key == Qt.Key.Key_Escape:
            if self.notes is not None:
                self.notes.close()
            self.close()
        elif self.black:
            self.toggle_black()  # any key brings the picture back
        elif key in BLACK:
            self.toggle_black()
        elif key in FORWARD:
            self.next()
        elif key in BACK:
            self.previous()
        elif key == Qt.Key.Key_Home:
            self.go(self.first)
        elif key == Qt.Key.Key_End:
            self.go(len(self.deck.steps) - 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        self.blackout.setGeometry(self.rect())
        super().resizeEvent(event)  # type: ignore[arg-type]

    # ---- what a step shows

    def _show_nothing(self) -> None:
        self.count.setText("")
        self.date.setText("")
        self.allegation.hide()
        self.title.setText("No events to present")
        self.standing.setText("The view shows no events.")
        self.description.setText("")
        self.citations.setText("")
        self.no_page.setText("")
        self.page_stack.setCurrentWidget(self.no_page)

    def _show_introduction(self) -> None:
        self.shown = None
        self.count.setText(f"{len(self.deck.steps)} steps")
        self.date.setText("Introduction")
        self.allegation.hide()
        self.title.setText(self.deck.title)
        self.standing.setText("")
        self.commentary.setText(self.deck.introduction)
        self.commentary.show()
        self.description.setText("")
        self.citations.setText("")
        self.no_page.setText("")
        self.page_stack.setCurrentWidget(self.no_page)

    def _show(self, step: Entry) -> None:
        self.count.setText(f"{self.index + 1} / {len(self.deck.steps)}")
        self.date.setText(step.date or "Undated")
        self.allegation.setVisible(step.status == "alleged")
        self.title.setText(step.title)
        standing = STANDING_DESCRIPTIONS.get(step.standing, step.standing)
        status = "alleged: an allegation, not an established fact"
        self.standing.setText(
            f"Status: {status if step.status == 'alleged' else step.status}"
            f"   \u2022   Standing: {standing}"
            + (f"\nDate: {step.precision_note}" if step.precision_note else "")
            + "".join(f"\n\u26a0 {warning}" for warning in step.warnings)
        )
        commentary = self.deck.commentary.get(step.event_id, "")
        self.commentary.setText(commentary)
        self.commentary.setVisible(bool(commentary))
        self.description.setText(step.description)
        self.citations.setText(self._citations_text(step))
        self._show_page(step)
        self._move_timeline(step)

    def _citations_text(self, step: Entry) -> str:
        notes = self.deck.citations(step)
        if not notes:
            return "No source cited."
        lines = []
        for note in notes:
            head = f"[{note.stance}] {note.source_title}"
            if note.pinpoint:
                head += f", {note.pinpoint}"
            lines.append(head + (f"\n    \u201c{note.quote}\u201d" if note.quote else ""))
        return "\n\n".join(lines)

    def _show_page(self, step: Entry) -> None:
        note = self.deck.shown_citation(step)
        self.shown = note
        found = cited_file(self.case, note) if note is not None else "No source cited."
        found = masked(found, getattr(self.case, "output_policy", None))
        if isinstance(found, str):
            self.no_page.setText(found)
            self.page_stack.setCurrentWidget(self.no_page)
            return
        shown = self.viewer.show_document(
            found.data, name=found.name, state=found.state, where=found.where, pinpoint=found.place
        )  # type: ignore[arg-type]
        if not shown:
            self.no_page.setText("The cited file cannot be shown.")
            self.page_stack.setCurrentWidget(self.no_page)
            return
        self.page_stack.setCurrentWidget(self.viewer)
        self._highlight(found)
        _quiet(self.viewer)

    def _highlight(self, found: CitedFile) -> None:
        """Mark the quoted passage in the page shown, where the file's text holds it."""
        quote = " ".join(found.quote.split())
        self._search.setSearchString("")
        if not quote:
            return
        if self.viewer.kind == "pdf":
            self._search.setSearchString(quote)
            return
        if self.viewer.kind == "text":
            view = self.viewer.text_view
            cursor = view.document().find(quote, 0, QTextDocument.FindFlag(0))
            if cursor.isNull():
                return
            mark = QTextEdit.ExtraSelection()
            mark.cursor = cursor
            mark.format.setBackground(QColor("#ffd54a"))
            mark.format.setForeground(QColor("#000"))
            view.setExtraSelections([*view.extraSelections(), mark])
            plain = QTextCursor(cursor)
            plain.clearSelection()
            view.setTextCursor(plain)
            view.centerCursor()

    @property
    def quote_highlighted(self) -> bool:
        """Whether the page shown marks the step's quoted passage."""
        if self.page_stack.currentWidget() is not self.viewer:
            return False
        if self.viewer.kind == "pdf":
            return self._search.rowCount() > 0
        marks = self.viewer.text_view.extraSelections()
        return any(m.format.background().color() == QColor("#ffd54a") for m in marks)

    def _move_timeline(self, step: Entry) -> None:
        canvas = self.canvas
        canvas.select(step.event_id, scroll=False, emit=False)
        cols = canvas.cols
        i = None if cols is None else cols.position(step.event_id)
        if cols is None or i is None:
            return
        lo, hi = (float(t) for t in known_at(cols, i))
        pad = max((hi - lo) * 2, YEAR_SECONDS)
        self.glide.to(lo - pad, hi + pad, animate=self.isVisible())
