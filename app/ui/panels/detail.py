"""The detail panel: everything the record says about the selected event, as plain text, with
each citation's source, pinpoint, quote and stance and a button to open the cited place."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.citations import format_pinpoint, parse_pinpoint
from app.domain.date_display import in_zone, interval_words
from app.domain.dates import DateSettings, FuzzyDate
from app.domain.records import CitationRecord, EventRecord

STANCE_TEXT = {"supports": "supports", "contradicts": "contradicts", "context": "context"}


def plain_label(text: str = "", *, bold: bool = False, wrap: bool = True) -> QLabel:
    """A QLabel that can only ever show ``text`` literally (never rich text or links)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setOpenExternalLinks(False)
    if wrap:  # wrapped text takes the width it is given instead of widening the panel
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setText(text)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


def describe_date(date: FuzzyDate, day_first: bool, zone: str | None = None) -> str:
    """'December 2016 (month precision; 1 Dec 2016 – 31 Dec 2016)'; a clock time is shown
    as written and, on a second line, in the case's time zone ``zone``."""
    span = interval_words(date)
    qualifier = "" if date.qualifier.value == "exact" else f", {date.qualifier.value}"
    ambiguous = "; ambiguous numeric date" if date.ambiguous else ""
    text = f"{date.text} ({date.precision_word} precision{qualifier}; {span}{ambiguous})"
    shown = in_zone(date, zone)
    if shown is not None:
        written = date.zone or "UTC"
        text += f"\nas written: {date.text}" + ("" if written in date.text else f" ({written})")
        text += f"\nin the case's time zone: {shown}"
    return text


class CitationRow(QFrame):
    """One citation: source and kind, pinpoint, stance, quote, and an Open button."""

    openRequested = Signal(int)  # citation id

    def __init__(self, citation: CitationRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.citation = citation
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        head = QHBoxLayout()
        self.source_label = plain_label(
            f"{citation.source_title}  [{citation.source_kind}]", bold=True
        )
        head.addWidget(self.source_label, 1)
        self.open_button = QPushButton("Open")
        self.open_button.setToolTip("Open the cited place (page, file or address)")
        self.open_button.setAccessibleName(f"Open citation of {citation.source_title}")
        self.open_button.clicked.connect(lambda: self.openRequested.emit(citation.id))
        head.addWidget(self.open_button)
        layout.addLayout(head)
        pin = parse_pinpoint(citation.pinpoint)
        pin_text = format_pinpoint(pin) if citation.pinpoint else "no pinpoint"
        self.meta_label = plain_label(
            f"{pin_text} \u00b7 {STANCE_TEXT.get(citation.stance, citation.stance)}"
        )
        layout.addWidget(self.meta_label)
        self.quote_label = plain_label(f"\u201c{citation.quote}\u201d" if citation.quote else "")
        self.quote_label.setVisible(bool(citation.quote))
        layout.addWidget(self.quote_label)


class DetailPanel(QScrollArea):
    """Shows one event. ``openCitation(citation_id)`` asks the window to open a citation."""

    openCitation = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName("Event details")
        body = QWidget()
        self.setWidget(body)
        outer = QVBoxLayout(body)
        self.title = plain_label(bold=True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        outer.addWidget(self.title)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.fields: dict[str, QLabel] = {}
        for row, name in enumerate(("Date", "End", "Status", "Key fact", "Tags", "Entities")):
            grid.addWidget(
                plain_label(name, bold=True, wrap=False), row, 0, Qt.AlignmentFlag.AlignTop
            )
            self.fields[name] = plain_label()
            grid.addWidget(self.fields[name], row, 1)
        outer.addLayout(grid)
        self.description = plain_label()
        outer.addWidget(self.description)
        self.citations_title = plain_label("Citations", bold=True)
        outer.addWidget(self.citations_title)
        self.citations_box = QVBoxLayout()
        outer.addLayout(self.citations_box)
        outer.addStretch(1)
        self.rows: list[CitationRow] = []
        self.current: EventRecord | None = None
        self.show_event(None)

    def show_event(
        self,
        event: EventRecord | None,
        *,
        day_first: bool = False,
        dates: DateSettings | None = None,
    ) -> None:
        self.current = event
        zone = None if dates is None else dates.time_zone
        day_first = day_first if dates is None else dates.day_first
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        if event is None:
            self.title.setText("No event selected")
            for label in self.fields.values():
                label.setText("")
            self.description.setText("Select an event on the timeline or in the table.")
            self.citations_title.setVisible(False)
            return
        self.title.setText(event.title)
        self.fields["Date"].setText(
            describe_date(event.start, day_first, zone) if event.start else "undated"
        )
        self.fields["End"].setText(
            describe_date(event.end, day_first, zone) if event.end else "\u2014"
        )
        self.fields["Status"].setText(event.status)
        self.fields["Key fact"].setText("yes" if event.key_fact else "no")
        self.fields["Tags"].setText(", ".join(event.tags) or "\u2014")
        self.fields["Entities"].setText(
            "; ".join(f"{e.name} ({e.role})" if e.role else e.name for e in event.entities)
            or "\u2014"
        )
        self.description.setText(event.description)
        self.citations_title.setVisible(True)
        self.citations_title.setText(
            f"Citations ({len(event.citations)})"
            if event.citations
            else "Citations: none \u2014 this event is unsourced"
        )
        for citation in event.citations:
            row = CitationRow(citation, self)
            row.openRequested.connect(self.openCitation)
            self.citations_box.addWidget(row)
            self.rows.append(row)
