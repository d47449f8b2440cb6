"""The search box holds background checks off from the first key until its matches are
marked, and a moment after (the repaint, the next key), by a lease that runs out by itself."""

from __future__ import annotations

from app.store.interactive import INTERACTIVE
from app.ui.interactive_spell import InteractiveSpell
from app.ui.main_window import MainWindow


def test_a_spell_holds_until_a_moment_after_it_ends(qtbot) -> None:  # type: ignore[no-untyped-def]
    spell = InteractiveSpell(hold=60.0, grace=0.02)
    assert not INTERACTIVE.busy
    spell.begin()
    spell.begin()
    assert INTERACTIVE.busy and spell.held
    spell.end()
    assert not spell.held
    qtbot.waitUntil(lambda: not INTERACTIVE.busy)  # the grace ran out
    spell.begin()
    spell.release()  # at once
    assert not INTERACTIVE.busy and not spell.held


def test_a_spell_that_never_ends_runs_out(qtbot) -> None:  # type: ignore[no-untyped-def]
    spell = InteractiveSpell(hold=0.05)
    spell.begin()  # and its search box goes away without ending it
    assert INTERACTIVE.busy
    qtbot.waitUntil(lambda: not INTERACTIVE.busy)
    assert INTERACTIVE.give_way() is False


def test_typing_holds_checks_off_until_the_matches_are_marked(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    finder = window.finder
    window.search.setText("salesforce")
    assert finder.spell.held and INTERACTIVE.busy  # from the first key
    qtbot.waitUntil(lambda: finder._job is None and len(finder.matches) == 8)
    assert not finder.spell.held
    qtbot.waitUntil(lambda: not INTERACTIVE.busy)


def test_closing_the_case_lets_go_at_once(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.search.setText("salesforce")
    assert INTERACTIVE.busy
    window.close()
    assert not INTERACTIVE.busy and not window.finder.spell.held
