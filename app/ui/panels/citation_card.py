"""A citation card in the detail panel: the source, pinpoint, stance and quote, and one
button that says what it does ("Open p. 2", "Open ¶ 3", "Show address") or, for a source
with no copy in the case, offers to attach one. A button is never enabled only to answer
with an apology: what it would do is worked out first by ``app.domain.citation_open``."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.citation_open import CopyState, OpenPlan, has_copy, plan_open
from app.domain.citations import format_pinpoint, parse_pinpoint
from app.domain.records import CitationRecord, SourceRecord
from app.store import files
from app.store.case import Case, NotFoundError
from app.ui.panels.privileged_note import PrivilegedNote

STANCE_TEXT = {"supports": "supports", "contradicts": "contradicts", "context": "context"}


def plain_label(text: str = "", *, bold: bool = False, wrap: bool = True) -> QLabel:
    """A QLabel that can only ever show ``text`` literally (never rich text or links)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setOpenExternalLinks(False)
    if wrap:  # wrapped text takes the width it is given instead of widening the panel,
        # and its height follows that width (so a long card list scrolls, never squeezes)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        label.setSizePolicy(policy)
    label.setText(text)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


def copy_state(case: Case, source: SourceRecord) -> CopyState:
    """Whether the source's copy is there, without reading it: a stored copy is taken to be
    (the health check verifies it); a linked file must exist."""
    if not has_copy(source):
        return "none"
    if source.file_stored and source.file_sha256:
        return "present"
    return "present" if files.resolve_linked(source, case.path).is_file() else "missing"


def card_plan(case: Case | None, citation: CitationRecord) -> OpenPlan:
    """What the card's button does for ``citation`` of ``case``."""
    pinpoint = parse_pinpoint(citation.pinpoint)
    if case is None:
        return OpenPlan("document", "Open")
    try:
        source = case.source(citation.source_id)
    except NotFoundError:
        return OpenPlan("none", "Source not found", enabled=False, note="the source is gone")
    return plan_open(source, pinpoint, copy=copy_state(case, source))


class CitationRow(QFrame):
    """One citation: source and kind, pinpoint, stance, quote, and the button of its plan."""

    openRequested = Signal(int)  # citation id
    attachRequested = Signal(int)  # source id

    def __init__(
        self,
        citation: CitationRecord,
        parent: QWidget | None = None,
        *,
        plan: OpenPlan | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.citation = citation
        self.plan = plan or OpenPlan("document", "Open")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        self.source_label = plain_label(
            f"{citation.source_title}  [{citation.source_kind}]", bold=True
        )
        layout.addWidget(self.source_label)
        pin = parse_pinpoint(citation.pinpoint)
        pin_text = format_pinpoint(pin) if citation.pinpoint else "no pinpoint"
        self.meta_label = plain_label(
            f"{pin_text} \u00b7 {STANCE_TEXT.get(citation.stance, citation.stance)}"
        )
        layout.addWidget(self.meta_label)
        self.quote_label = plain_label(f"\u201c{citation.quote}\u201d" if citation.quote else "")
        self.quote_label.setVisible(bool(citation.quote))
        layout.addWidget(self.quote_label)
        self.privileged = PrivilegedNote(self, what=" on this citation")
        self.privileged.show_note(citation.privileged_note)
        layout.addWidget(self.privileged)
        # "No copy in the case - Attach a copy...": the state as text, the action as the
        # button, so that the card stays as narrow as the panel
        state, _, action = self.plan.label.rpartition(" - ") if self.plan.attach else ("", "", "")
        self.state_label = plain_label(f"{state} -" if state else "")
        self.state_label.setVisible(bool(state))
        self.open_button = self._button(read_only, action or self.plan.label)
        row = QHBoxLayout()
        row.addWidget(self.state_label, 1)
        if not state:
            row.addStretch(1)
        row.addWidget(self.open_button)
        layout.addLayout(row)

    @property
    def says(self) -> str:
        """What the card offers, in words: the button's text with the state before it."""
        state = self.state_label.text()
        return f"{state} {self.open_button.text()}" if state else self.open_button.text()

    def _button(self, read_only: bool, text: str) -> QPushButton:
        plan, citation = self.plan, self.citation
        button = QPushButton(text)
        if plan.attach:
            button.setEnabled(not read_only)
            button.setToolTip(
                "The case is open for review; a copy cannot be attached"
                if read_only
                else "Choose the file, check its details and store it with this source "
                "(one undo step)"
            )
            button.setAccessibleName(f"Attach a copy of {citation.source_title}")
            button.clicked.connect(lambda: self.attachRequested.emit(citation.source_id))
            return button
        button.setEnabled(plan.enabled)
        tip = {
            "address": "Show the web address first; it opens in your browser only if you agree",
            "page": "Show the cited page inside Casetrail",
            "paragraph": "Show the cited paragraph inside Casetrail",
        }.get(plan.opens, "Show the copy inside Casetrail from its start")
        button.setToolTip(f"{tip} ({plan.note})" if plan.note else tip)
        button.setAccessibleName(f"{plan.label}: citation of {citation.source_title}")
        button.clicked.connect(lambda: self.openRequested.emit(citation.id))
        return button
