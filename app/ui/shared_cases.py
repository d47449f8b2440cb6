"""Shared cases from the window: File > Open Shared Case (a connection string or service
name, opened off the interface thread; a reviewer's case opens read-only and says so; the
recent shared cases are remembered, without passwords, which a location never holds) and
File > Push to Shared Case (a pulled case file's offline edits sent back, the conflicts
listed in a dialog with a choice per row)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QDialog, QWidget

from app.store.case import Case
from app.store.engine import Mode
from app.store.errors import CaseError, CaseFileError, ReadOnlyCaseError
from app.store.postgresql.connect import Location, redact
from app.ui.dialogs.conflicts import ConflictDialog
from app.ui.dialogs.open_shared import OpenSharedDialog
from app.ui.jobs import JobRunner
from app.ui.text import show_message

MAX_RECENT = 8
REVIEWER = (
    "Your role in this shared case is reviewer: it is open read-only, and the server refuses "
    "every change."
)
STANDBY = (
    "This server is a read-only standby (a copy kept up to date from the main server): the "
    "case is open read-only. Changes made on the main server appear when it is opened again."
)
TITLE = "Open Shared Case"


def _opened(conninfo: str, review: bool) -> tuple[Case, str]:
    if review:
        return Case.open(conninfo, Mode.REVIEW), ""
    try:
        return Case.open(conninfo, Mode.OPEN), ""
    except ReadOnlyCaseError as error:  # a reviewer, or a standby: reading only
        return Case.open(conninfo, Mode.REVIEW), STANDBY if "standby" in str(error) else REVIEWER


def _why(error: object) -> str:
    if isinstance(error, CaseError | CaseFileError):
        return str(error)
    return f"the case could not be opened ({type(error).__name__}: {error})"


class SharedCases(QObject):
    """Opens shared cases for ``window`` (shown with ``set_case``) and pushes its pulled
    case file back."""

    def __init__(
        self,
        window: QWidget,
        set_case: Callable[[Case | None], Any],
        case: Callable[[], Case | None],
        status: Callable[[str], Any],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.set_case = set_case
        self.case = case
        self.status = status
        self.settings = QSettings()
        self.runner = JobRunner(window)

    # ---- opening

    def recent(self) -> list[str]:
        value = self.settings.value("recent_shared", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def remember(self, conninfo: str) -> None:
        entry = redact(conninfo)  # never a password (a location cannot hold one anyway)
        entries = [entry] + [e for e in self.recent() if e != entry]
        self.settings.setValue("recent_shared", entries[:MAX_RECENT])

    def open_dialog(self) -> None:
        dialog = OpenSharedDialog(self.window, self.recent())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.open(dialog.location(), review=dialog.review())

    def open(self, conninfo: str, *, review: bool = False) -> None:
        """Connect off the interface thread; the case is shown when it is open."""
        try:
            shown = str(Location(conninfo))
        except CaseFileError as error:
            show_message(self.window, TITLE, str(error))
            return
        self.runner.start(
            lambda _r: _opened(conninfo, review),
            title=TITLE,
            label=f"Connecting to {shown}\u2026",
            cancellable=False,
            on_finished=lambda result: self._show(conninfo, result),
            on_failed=lambda error: show_message(self.window, TITLE, _why(error)),
        )

    def _show(self, conninfo: str, result: tuple[Case, str]) -> None:
        case, note = result
        self.set_case(case)
        self.remember(conninfo)
        if note:
            self.status(note)
            show_message(self.window, TITLE, note, kind="information")

    # ---- pushing a pulled case file back

    def push(self) -> None:
        from app.store.shared_copy import origin

        case = self.case()
        if case is None or isinstance(case.path, Location):
            show_message(self.window, "Push", "Open a case file pulled from a shared case first.")
            return
        pulled = origin(case)
        if pulled is None:
            show_message(
                self.window,
                "Push",
                f"{case.path.name} was not pulled from a shared case (casetrail pull makes "
                "such a copy; casetrail push shares a case file).",
            )
            return
        path = Path(case.path)
        self.runner.start(
            lambda _r: _conflicts(path, pulled),
            title="Push to Shared Case",
            label=f"Comparing with {pulled.location}\u2026",
            cancellable=False,
            on_finished=lambda found: self._choose(path, pulled.location, found),
            on_failed=lambda error: show_message(self.window, "Push", _why(error)),
        )

    def _choose(self, path: Path, location: str, found: list[Any]) -> None:
        from app.store.merge import Choices

        choices = Choices()
        if found:
            dialog = ConflictDialog(self.window, found, location)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                self.status("Nothing was pushed.")
                return
            choices = dialog.choices()
        self.runner.start(
            lambda _r: _push(path, location, choices),
            title="Push to Shared Case",
            label=f"Sending the edits to {location}\u2026",
            cancellable=False,
            on_finished=lambda text: self._pushed(path, text),
            on_failed=lambda error: show_message(self.window, "Push", _why(error)),
        )

    def _pushed(self, path: Path, text: str) -> None:
        self.set_case(Case.open(path))  # the file now holds the shared case's rows too
        self.status(text)


def _conflicts(path: Path, pulled: Any) -> list[Any]:
    from app.store.check_in import conflicts

    with Case.open(path, Mode.REVIEW) as source:
        return conflicts(source, pulled, Location(pulled.location))


def _push(path: Path, location: str, choices: Any) -> str:
    from app.store.shared_copy import push

    done = push(path, location, choices)
    sent = getattr(done, "sent", done.rows)
    return f"Pushed {sent} row(s) to {location}; history position {done.audit_rows}"
