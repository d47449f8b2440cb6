"""The status bar's word on a sealed case: who sealed it, when, and whether the audit log
has moved since ("Sealed by ab12cd34 on 2026-11-30; unchanged").

Kept cheap on purpose: it checks the seal's signature and counts the audit rows after the
seal (an indexed range), never the data fingerprint, which at a million events takes
seconds; the tooltip says so and points to ``casetrail verify``. Hidden for a case that
was never sealed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from app.interchange.sealing import SealError, check_signature
from app.store.case import Case
from app.store.seals import seals

TOOLTIP = (
    "The seal signs the case's audit head and its data fingerprint with the sealer's key. "
    "This compares the audit head only (changes recorded since the seal); "
    "`casetrail verify CASE` also compares every row and stored file."
)


def seal_text(case: Case) -> str | None:
    """The status text for ``case``, or None when it was never sealed."""
    row = seals(case).last()
    if row is None:
        return None
    seal = row.seal
    try:
        check_signature(seal)
    except (SealError, KeyError, TypeError, AttributeError):
        return "Seal not valid (see casetrail verify)"
    since = seals(case).count_after(row.audit_id)
    when = str(seal.get("sealed_at", ""))[:10]
    state = "unchanged" if since == 0 else f"changed since ({since} recorded change(s))"
    return f"Sealed by {seal['key_id'][:8]} on {when}; {state}"


class SealStatus(QLabel):
    """A permanent status-bar label that follows ``window``'s case and its changes."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setToolTip(TOOLTIP)
        self.hide()
        self._window = window
        self._sealed = False
        window.statusBar().addPermanentWidget(self)
        window.caseChanged.connect(self._follow)  # type: ignore[attr-defined]

    def _follow(self) -> None:
        session: Any = getattr(self._window, "session", None)
        if session is not None:
            session.changed.connect(self._changed)
        self.refresh()

    def _changed(self, *_args: object) -> None:
        if self._sealed:  # an unsealed case is not sealed by an edit in this window
            self.refresh()

    def refresh(self) -> None:
        case = getattr(self._window, "case", None)
        try:
            text = None if case is None else seal_text(case)
        except Exception:  # a closed or vanished case: nothing to say
            text = None
        self._sealed = text is not None
        self.setText(text or "")
        self.setVisible(text is not None)
