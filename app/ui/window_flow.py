"""What the File-menu flows (Import, Export, Export Exhibits, Print) share: they know the
window only through what their constructor is given, show a failure in one plain message
and keep it in ``last_error``, and (all but printing) run their work as jobs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.store.case import Case
from app.ui.jobs import JobRunner
from app.ui.text import show_message

__all__ = ["JobFlow", "WindowFlow"]


class WindowFlow(QObject):
    """One File-menu flow for one window.

    ``parent`` is the widget dialogs are shown over, ``case()`` the case shown (or None),
    ``show_status(text)`` puts a message in the status bar. A failure is shown in a
    message titled :attr:`failure_title` and kept in :attr:`last_error`.
    """

    failure_title = ""

    def __init__(
        self,
        parent: QWidget,
        case: Callable[[], Case | None],
        show_status: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._case = case
        self._status = show_status
        self.last_error = ""

    def _fail(self, text: str) -> None:
        self.last_error = text
        show_message(self._parent, self.failure_title, text)


class JobFlow(WindowFlow):
    """A flow whose work runs as jobs off the interface thread, one at a time."""

    def __init__(
        self,
        parent: QWidget,
        case: Callable[[], Case | None],
        show_status: Callable[[str], None],
    ) -> None:
        super().__init__(parent, case, show_status)
        self.runner = JobRunner(parent)

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def wait(self, msecs: int = 60000) -> bool:
        """Wait for the flow's jobs to end (closing down; tests)."""
        return self.runner.wait(msecs)
