"""The recently opened cases: kept in the settings, listed in File > Open Recent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu

MAX_RECENT = 8


class RecentCases:
    """The newest-first list of opened cases, and the menu that offers them."""

    def __init__(self, settings: QSettings, open_path: Callable[[str], object]) -> None:
        self.settings = settings
        self._open_path = open_path
        self.menu: QMenu | None = None

    def set_menu(self, menu: QMenu) -> None:
        self.menu = menu
        self.fill()

    def paths(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def last_folder(self) -> str:
        """Where a file dialog starts: the folder of the newest case, else home."""
        recent = self.paths()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def remember(self, path: object) -> None:
        """Put a case file first (a shared case goes to File > Open Shared Case's list)."""
        if not isinstance(path, Path):
            return
        entry = str(path.resolve())
        entries = [entry] + [p for p in self.paths() if p != entry]
        self.settings.setValue("recent", entries[:MAX_RECENT])
        self.fill()

    def fill(self) -> None:
        if self.menu is None:
            return
        self.menu.clear()
        recent = self.paths()
        for entry in recent:
            action = self.menu.addAction(entry)
            action.triggered.connect(lambda _c=False, p=entry: self._open_path(p))
        self.menu.setEnabled(bool(recent))
