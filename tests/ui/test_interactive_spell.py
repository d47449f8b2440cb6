"""The search box holds background checks off from the first key until its matches are
marked, and a moment after (the repaint, the next key)."""

from __future__ import annotations

from app.store.interactive import INTERACTIVE
from app.ui.interactive_spell import InteractiveSpell
from app.ui.main_window import MainWindow


def test_a_spell_holds_until_a_moment_after_it_ends(qtbot) -> None:  # type: ignore[no-untyped-def]
    spell = InteractiveSpell(grace_ms=20)
    assert not INTERACTIVE.busy
    spell.begin()
    spell.begin()  # (once)
    assert INTERACTIVE.busy and spell.held
    spell.end()
    assert INTERACTIVE.busy  # the grace period
    spell.begin()  # a key typed within it: still held, with no release pending
    assert INTERACTIVE.busy and not spell._timer.isActive()
    spell.end()
    qtbot.waitUntil(lambda: not INTERACTIVE.busy)
    assert not spell.held
    spell.begin()
    spell.release()  # at once
    assert not INTERACTIVE.busy and not spell.held


def test_typing_holds_checks_off_until_the_matches_are_marked(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    finder = window.finder
    window.search.setText("salesforce")
    assert finder.spell.held and INTERACTIVE.busy  # from the first key
    qtbot.waitUntil(lambda: finder._job is None and len(finder.matches) == 8)
    qtbot.waitUntil(lambda: not INTERACTIVE.busy)


def test_closing_the_case_lets_go_at_once(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.search.setText("salesforce")
    assert INTERACTIVE.busy
    window.close()
    assert not INTERACTIVE.busy and not window.finder.spell.held


def test_a_spell_destroyed_while_holding_lets_go(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QObject
    from shiboken6 import delete

    owner = QObject()
    spell = InteractiveSpell(owner)
    spell.begin()
    assert INTERACTIVE.busy
    delete(owner)
    assert not INTERACTIVE.busy
