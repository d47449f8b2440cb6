"""The detail panel: everything the record says about the selected event, as plain text, with
each citation's card (``app.ui.panels.citation_card``): source, pinpoint, quote, stance and
a button that says what it does."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.domain.date_display import in_zone, interval_words
from app.domain.dates import DateSettings, FuzzyDate
from app.domain.records import EventRecord
from app.store.case import Case
from app.ui.panels.citation_card import (  # noqa: F401 - re-exported
    STANCE_TEXT,
    CitationRow,
    card_plan,
    plain_label,
)
from app.ui.panels.privileged_note import PrivilegedNote

WARNING_TEXT_COLOUR = "#c0001a"


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


class DetailPanel(QScrollArea):
    """Shows one event. ``openCitation(citation_id)`` asks the window to open a citation;
    ``attachRequested(source_id)`` to attach a copy to a source that has none."""

    openCitation = Signal(int)
    attachRequested = Signal(int)

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
        names = ("Date", "End", "Status", "Standing", "Key fact", "Tags", "Entities")
        for row, name in enumerate(names):
            grid.addWidget(
                plain_label(name, bold=True, wrap=False), row, 0, Qt.AlignmentFlag.AlignTop
            )
            self.fields[name] = plain_label()
            grid.addWidget(self.fields[name], row, 1)
        outer.addLayout(grid)
        self.warning = plain_label(bold=True)  # the status the citations do not support
        self.warning.setStyleSheet(f"color: {WARNING_TEXT_COLOUR};")
        outer.addWidget(self.warning)
        self.found_in = plain_label()  # where the search matched this event, when it did
        self.found_in.setVisible(False)
        outer.addWidget(self.found_in)
        self.description = plain_label()
        outer.addWidget(self.description)
        self.privileged = PrivilegedNote(body)  # shown only when the event has a note
        outer.addWidget(self.privileged)
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
        case: Case | None = None,
    ) -> None:
        """Show ``event``; with its ``case``, each citation's button says what it does."""
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
            self.warning.setVisible(False)
            self.description.setText("Select an event on the timeline or in the table.")
            self.privileged.show_note("")
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
        counts = event.stance_counts
        self.fields["Standing"].setText(
            f"{event.standing} ({counts.supports} supports, {counts.contradicts} contradicts, "
            f"{counts.context} context)"
        )
        self.warning.setText("\n".join(f"\u26a0 {w}" for w in event.warnings))
        self.warning.setVisible(bool(event.warnings))
        self.fields["Key fact"].setText("yes" if event.key_fact else "no")
        self.fields["Tags"].setText(", ".join(event.tags) or "\u2014")
        self.fields["Entities"].setText(
            "; ".join(f"{e.name} ({e.role})" if e.role else e.name for e in event.entities)
            or "\u2014"
        )
        self.description.setText(event.description)
        self.privileged.show_note(event.privileged_note)
        self.citations_title.setVisible(True)
        self.citations_title.setText(
            "Citations: none \u2014 this event is unsourced"
            if not event.citations
            else f"Citations ({len(event.citations)}) \u2014 none supports this event"
            if event.unsourced
            else f"Citations ({len(event.citations)})"
        )
        for citation in event.citations:
            read_only = bool(case is not None and case.read_only)
            row = CitationRow(citation, self, plan=card_plan(case, citation), read_only=read_only)
            row.openRequested.connect(self.openCitation)
            row.attachRequested.connect(self.attachRequested)
            self.citations_box.addWidget(row)
            self.rows.append(row)
        self._fit_height()
        QTimer.singleShot(0, self, self._fit_height)  # again once the cards are laid out

    def set_found_in(self, text: str) -> None:
        """Show where the search matched the event shown ("" hides the line)."""
        self.found_in.setText(text)
        self.found_in.setVisible(bool(text))

    def _fit_height(self) -> None:
        """Give the body the height its wrapped text needs at the panel's width, so that a
        long list of citations scrolls instead of squeezing the cards."""
        body = self.widget()
        layout = body.layout() if body is not None else None
        if layout is None or not layout.hasHeightForWidth():
            return
        layout.activate()
        width = self.viewport().width()
        needed = layout.totalHeightForWidth(width)
        bar = self.verticalScrollBar()
        if needed > self.viewport().height() and not bar.isVisible():
            needed = layout.totalHeightForWidth(width - bar.sizeHint().width())
        body.setMinimumHeight(needed)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_height()
