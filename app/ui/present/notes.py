"""Presenter notes: when a second screen is connected, the presenter's screen shows the
step being shown (number, date, title, standing), its commentary, and what comes next,
while the audience's screen shows the presentation. It follows the presentation's steps
and closes with it; keys pressed in it drive the presentation.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.interchange.output_policy import NOTE_LABEL, PRIVILEGED
from app.ui.present.window import PresentWindow


class PresenterNotes(QWidget):
    def __init__(self, presentation: PresentWindow) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.presentation = presentation
        self.setWindowTitle("Presenter notes")
        self.setStyleSheet("QWidget { background: #111; color: #eee; font-size: 18pt; }")
        self.now = QLabel(self)
        self.notes = QLabel(self)
        self.upcoming = QLabel(self)
        for label in (self.now, self.notes, self.upcoming):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        self.upcoming.setStyleSheet("color: #9fe3ff;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.now)
        layout.addWidget(self.notes, 1)
        layout.addWidget(self.upcoming)
        presentation.stepChanged.connect(self.follow)
        presentation.destroyed.connect(self.close)
        self.follow(presentation.index)

    def follow(self, index: int) -> None:
        deck, steps = self.presentation.deck, self.presentation.deck.steps
        if 0 <= index < len(steps):
            step = steps[index]
            mark = "  [ALLEGATION]" if step.status == "alleged" else ""
            self.now.setText(
                f"Step {index + 1} of {len(steps)}: {step.date or 'Undated'} \u2014 "
                f"{step.title}{mark}\nStanding: {step.standing}"
            )
            notes = deck.commentary.get(step.event_id, "") or "(no commentary)"
            if step.privileged_note:  # only when the presentation was asked to include them
                notes += f"\n\n{PRIVILEGED}\n{NOTE_LABEL}: {step.privileged_note}"
            self.notes.setText(notes)
        else:
            self.now.setText(f"Introduction: {deck.title}")
            self.notes.setText(deck.introduction)
        following = steps[index + 1] if index + 1 < len(steps) else None
        self.upcoming.setText(
            f"Next: {following.date or 'Undated'} \u2014 {following.title}"
            if following is not None
            else "Next: the end"
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        self.presentation.keyPressEvent(event)


def presenter_screen(audience: QScreen | None) -> QScreen | None:
    """A screen other than the audience's, when one is connected."""
    others = [s for s in QGuiApplication.screens() if s is not audience]
    return others[0] if others else None


def open_notes(presentation: PresentWindow) -> PresenterNotes | None:
    """Show presenter notes on a second screen, if there is one."""
    screen = presenter_screen(presentation.screen())
    if screen is None:
        return None
    notes = PresenterNotes(presentation)
    notes.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    notes.setGeometry(screen.availableGeometry())
    notes.show()
    return notes
