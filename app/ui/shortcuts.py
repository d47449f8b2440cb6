"""Key sequences the window binds, the check that no two enabled actions share one, and
shortcuts bound to a window's keys without an action.

Qt's standard keys differ per platform (under X11 ``Redo`` is Ctrl+Shift+Z, under Windows
Ctrl+Y and Ctrl+Shift+Z, on macOS Cmd+Shift+Z); binding one sequence twice, even on one
action, makes Qt answer "Ambiguous shortcut overload" and do nothing.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def window_shortcuts(
    window: QWidget, keys: Iterable[tuple[QKeySequence, Callable[[], object]]]
) -> list[QShortcut]:
    """One shortcut anywhere in ``window`` per (sequence, slot) of ``keys``."""
    shortcuts = []
    for sequence, slot in keys:
        shortcut = QShortcut(sequence, window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        shortcuts.append(shortcut)
    return shortcuts


def unique(keys: list[QKeySequence]) -> list[QKeySequence]:
    """``keys`` without empty or repeated sequences, in order."""
    seen: set[str] = set()
    kept = []
    for key in keys:
        text = key.toString(QKeySequence.SequenceFormat.PortableText)
        if text and text not in seen:
            seen.add(text)
            kept.append(key)
    return kept


def redo_keys() -> list[QKeySequence]:
    """Redo: the platform's own keys, plus Ctrl+Shift+Z and Ctrl+Y outside macOS."""
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    if sys.platform != "darwin":
        keys = [*keys, QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
    return unique(keys)


def _scope(action: QAction) -> object:
    """Where an action's shortcut answers: its window, or (widget context) its widget."""
    context = action.shortcutContext()
    parent = action.parent()
    if context == Qt.ShortcutContext.ApplicationShortcut:
        return "application"
    if isinstance(parent, QWidget):
        return parent if context != Qt.ShortcutContext.WindowShortcut else parent.window()
    return "window"


def clashes(root: QWidget) -> list[str]:
    """Key sequences that more than one enabled action under ``root`` answers in one scope
    (an action listing a sequence twice counts too), as "Ctrl+Y: Redo, Other"."""
    owners: dict[tuple[object, str], list[str]] = defaultdict(list)
    for action in root.findChildren(QAction):
        if not action.isEnabled():
            continue
        name = action.text().replace("&", "") or action.objectName() or repr(action)
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            if text:
                owners[(_scope(action), text)].append(name)
    return [
        f"{key}: {', '.join(names)}" for (_scope_, key), names in owners.items() if len(names) > 1
    ]
