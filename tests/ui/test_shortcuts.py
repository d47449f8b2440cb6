"""Keyboard shortcuts: no key answers two enabled actions, and Redo answers every key people
use for it."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.shortcuts import clashes, redo_keys, unique


def portable(keys: list[QKeySequence]) -> list[str]:
    return [k.toString(QKeySequence.SequenceFormat.PortableText) for k in keys]


def test_no_two_enabled_actions_share_a_key(window) -> None:  # type: ignore[no-untyped-def]
    assert clashes(window) == []


def test_a_clash_is_found_even_inside_one_action(qtbot) -> None:  # type: ignore[no-untyped-def]
    root = QWidget()
    qtbot.addWidget(root)
    twice = QAction("Twice", root)
    twice.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence("Ctrl+K")])
    root.addAction(twice)
    first, second = QAction("First", root), QAction("Second", root)
    first.setShortcut(QKeySequence("Ctrl+J"))
    second.setShortcut(QKeySequence("Ctrl+J"))
    assert sorted(clashes(root)) == ["Ctrl+J: First, Second", "Ctrl+K: Twice, Twice"]
    second.setEnabled(False)
    assert clashes(root) == ["Ctrl+K: Twice, Twice"]


def test_unique_drops_repeats_and_empty_keys() -> None:
    keys = [QKeySequence("Ctrl+Y"), QKeySequence(), QKeySequence("Ctrl+Y"), QKeySequence("F2")]
    assert portable(unique(keys)) == ["Ctrl+Y", "F2"]


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS uses its own Redo key only")
def test_redo_answers_ctrl_shift_z_and_ctrl_y(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    keys = portable(window.editing.redo_action.shortcuts())
    assert "Ctrl+Shift+Z" in keys and "Ctrl+Y" in keys
    assert len(keys) == len(set(keys))
    assert portable(redo_keys()) == keys
    editing = window.editing
    first = window.case.event_ids()[0]
    title = window.case.event(first).title
    window.select_event(first)
    editing.delete_selected()
    editing.stack.undo()
    assert window.case.event(first).title == title
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for key in ("Ctrl+Y", "Ctrl+Shift+Z"):
        assert first in window.case.event_ids()
        qtbot.keyClick(window, Qt.Key.Key_Y if key == "Ctrl+Y" else Qt.Key.Key_Z,
                       Qt.KeyboardModifier.ControlModifier
                       | (Qt.KeyboardModifier.NoModifier if key == "Ctrl+Y"
                          else Qt.KeyboardModifier.ShiftModifier))  # fmt: skip
        qtbot.waitUntil(lambda: first not in window.case.event_ids())
        editing.stack.undo()
