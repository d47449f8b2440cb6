"""Presentation mode: stepping, the clicker's keys, the black screen, allegations marked,
the timeline moved to each event, the cited page with its quote, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.records import EventFilter
from app.store.case import Case
from app.ui.present.deck import build_deck
from app.ui.present.launch import run_present
from app.ui.present.window import PresentWindow


@pytest.fixture
def shown(qtbot, demo_case: Case) -> PresentWindow:  # type: ignore[no-untyped-def]
    window = PresentWindow(demo_case, build_deck(demo_case))
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_keys_step_forward_and_back(qtbot, shown: PresentWindow) -> None:  # type: ignore[no-untyped-def]
    steps = shown.deck.steps
    assert shown.index == 0 and len(steps) == 8
    with qtbot.waitSignal(shown.stepChanged) as moved:
        qtbot.keyClick(shown, Qt.Key.Key_Right)
    assert moved.args == [1] and shown.title.text() == steps[1].title
    for key, expected in (
        (Qt.Key.Key_PageDown, 2),
        (Qt.Key.Key_Space, 3),
        (Qt.Key.Key_Left, 2),
        (Qt.Key.Key_PageUp, 1),
        (Qt.Key.Key_End, 7),
        (Qt.Key.Key_Right, 7),  # the last step stays the last
        (Qt.Key.Key_Home, 0),
        (Qt.Key.Key_Left, 0),
    ):
        qtbot.keyClick(shown, key)
        assert shown.index == expected, key
    assert shown.count.text() == "1 / 8"


def test_b_blacks_the_screen_and_any_key_brings_it_back(qtbot, shown: PresentWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(shown, Qt.Key.Key_B)
    assert shown.black and shown.blackout.geometry() == shown.rect()
    image = shown.grab().toImage()
    assert image.pixelColor(image.width() // 2, image.height() // 2).name() == "#000000"
    qtbot.keyClick(shown, Qt.Key.Key_Right)  # brings the picture back; does not move on
    assert not shown.black and shown.index == 0
    qtbot.keyClick(shown, Qt.Key.Key_Escape)
    assert not shown.isVisible()


def test_every_allegation_is_marked(shown: PresentWindow) -> None:
    statuses = set()
    for index, step in enumerate(shown.deck.steps):
        shown.go(index)
        statuses.add(step.status)
        alleged = step.status == "alleged"
        assert shown.allegation.isVisible() is alleged, step.title
        assert ("an allegation" in shown.standing.text()) is alleged
        assert "Standing:" in shown.standing.text()
        assert shown.date.text() == (step.date or "Undated")
    assert {"alleged", "established"} <= statuses


def test_each_step_moves_the_timeline_and_shows_the_quoted_page(
    qtbot, shown: PresentWindow
) -> None:  # type: ignore[no-untyped-def]
    canvas = shown.canvas
    for index, step in enumerate(shown.deck.steps[:-1]):  # the last one is undated
        shown.go(index)
        qtbot.waitUntil(lambda: not shown.glide.running)
        assert canvas.selected_id == step.event_id
        i = canvas.cols.position(step.event_id)
        from app.domain.known_bounds import known_at

        lo, hi = known_at(canvas.cols, i)
        assert canvas.scale.x_of(lo) >= 0 and canvas.scale.x_of(hi) <= canvas.width()
        note = shown.shown
        assert note is not None and note.stance == "supports"
        assert shown.page_stack.currentWidget() is shown.viewer
        assert shown.quote_highlighted, step.title
        assert note.quote in shown.citations.text()


def test_untrusted_text_is_plain_and_an_uncited_step_says_so(qtbot, new_case: Case) -> None:  # type: ignore[no-untyped-def]
    new_case.create_event(title="<b>bold</b> & <img src=x>", status="alleged")
    window = PresentWindow(new_case, build_deck(new_case))
    qtbot.addWidget(window)
    assert window.title.text() == "<b>bold</b> & <img src=x>"
    assert window.title.textFormat() == Qt.TextFormat.PlainText
    assert window.page_stack.currentWidget() is window.no_page
    assert "No source cited" in window.citations.text()
    assert window.allegation.isVisibleTo(window)


def test_a_saved_view_is_presented_and_nothing_is_written(qtbot, demo_case: Case) -> None:  # type: ignore[no-untyped-def]
    before = len(demo_case.audit_log())
    flt = EventFilter(key_only=True)
    window = PresentWindow(demo_case, build_deck(demo_case, flt, "Key"))
    qtbot.addWidget(window)
    keys = [e.id for e in demo_case.events(flt)]
    assert [s.event_id for s in window.deck.steps] == keys and "Key" in window.windowTitle()
    for _ in keys:
        qtbot.keyClick(window, Qt.Key.Key_Right)
    assert len(demo_case.audit_log()) == before


def test_f5_presents_what_the_window_shows(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.filters.key_only_box.setChecked(True)  # F5 flushes the panel's pending edit
    action = next(a for a in window.view_menu.actions() if a.shortcut().toString() == "F5")
    action.trigger()
    shown = window.presentation
    qtbot.waitExposed(shown)
    assert shown.isFullScreen()
    ids = [s.event_id for s in shown.deck.steps]
    assert window.current_filter.key_only
    assert ids and set(ids) == set(window.case.event_ids(window.current_filter))
    assert len(ids) < len(window.case.events())
    qtbot.keyClick(shown, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not shown.isVisible())


def test_present_from_the_command_line_is_read_only(
    monkeypatch: pytest.MonkeyPatch, demo_case_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[bool, int]] = []

    def fake_exec(_app: object) -> int:
        window = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, PresentWindow) and w.isVisible()
        )
        seen.append((window.case.read_only, len(window.deck.steps)))
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert run_present(demo_case_path, None) == 0
    assert seen == [(True, 8)]
    assert run_present(demo_case_path, "no such view") == 2


def test_a_story_is_presented_in_its_order_with_commentary(qtbot, demo_case: Case) -> None:  # type: ignore[no-untyped-def]
    from app.domain.stories import StoryStep
    from app.store.stories import stories_of

    events = demo_case.events()
    stories_of(demo_case).create(
        name="Opening",
        steps=[StoryStep(events[4].id, "Begin at the end."), StoryStep(events[1].id, "")],
    )
    story = stories_of(demo_case).find("opening")
    window = PresentWindow(demo_case, build_deck(demo_case, story=story))
    qtbot.addWidget(window)
    window.show()
    assert [s.event_id for s in window.deck.steps] == [events[4].id, events[1].id]
    assert window.commentary.text() == "Begin at the end." and window.commentary.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.title.text() == events[1].title and not window.commentary.isVisible()


def test_a_story_opens_on_its_introduction(qtbot, demo_case: Case) -> None:  # type: ignore[no-untyped-def]
    from app.domain.stories import StoryStep
    from app.store.stories import stories_of

    events = demo_case.events()
    stories_of(demo_case).create(
        name="Told", introduction="What the jury will hear.", steps=[StoryStep(events[2].id)]
    )
    window = PresentWindow(
        demo_case, build_deck(demo_case, story=stories_of(demo_case).find("told"))
    )
    qtbot.addWidget(window)
    window.show()
    assert window.index == -1 and window.title.text() == "Told"
    assert window.commentary.text() == "What the jury will hear."
    assert window.page_stack.currentWidget() is window.no_page
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.index == 0 and window.title.text() == events[2].title
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert window.index == -1
    qtbot.keyClick(window, Qt.Key.Key_Left)  # the introduction is the first screen
    assert window.index == -1
    qtbot.keyClick(window, Qt.Key.Key_End)
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert window.index == -1


def test_presenter_notes_follow_the_steps(qtbot, demo_case: Case) -> None:  # type: ignore[no-untyped-def]
    from app.domain.stories import StoryStep
    from app.store.stories import stories_of
    from app.ui.present.notes import PresenterNotes, presenter_screen

    events = demo_case.events()
    stories_of(demo_case).create(
        name="Notes", steps=[StoryStep(events[1].id, "Pause here."), StoryStep(events[0].id)]
    )
    story = stories_of(demo_case).find("notes")
    window = PresentWindow(demo_case, build_deck(demo_case, story=story))
    qtbot.addWidget(window)
    notes = PresenterNotes(window)
    qtbot.addWidget(notes)
    assert "Step 1 of 2" in notes.now.text() and "[ALLEGATION]" in notes.now.text()
    assert notes.notes.text() == "Pause here." and events[0].title in notes.upcoming.text()
    qtbot.keyClick(notes, Qt.Key.Key_Right)  # the presenter's keys drive the presentation
    assert window.index == 1 and "Step 2 of 2" in notes.now.text()
    assert notes.upcoming.text() == "Next: the end"
    assert presenter_screen(window.screen()) is None  # one screen here: no notes window


def _target_of(shown: PresentWindow, index: int) -> tuple[float, float]:
    """Where the timeline comes to rest for step ``index``: what a jump there shows."""
    from app.domain.known_bounds import known_at
    from app.timeline.scale import YEAR_SECONDS, TimeScale

    cols = shown.canvas.cols
    lo, hi = (float(t) for t in known_at(cols, cols.position(shown.deck.steps[index].event_id)))
    pad = max((hi - lo) * 2, YEAR_SECONDS)
    goal = TimeScale.fit(lo - pad, hi + pad, shown.canvas.scale.width)
    return goal.start, goal.end


def test_a_step_glides_the_timeline_to_the_event(qtbot, shown: PresentWindow) -> None:  # type: ignore[no-untyped-def]
    from app.ui.present.glide import DURATION_MS

    qtbot.waitUntil(lambda: not shown.glide.running)
    canvas = shown.canvas
    before = (canvas.scale.start, canvas.scale.end)
    target = _target_of(shown, 3)
    assert target != before
    shown.go(3)
    assert shown.glide.running and shown.glide.animation.duration() == DURATION_MS
    assert (
        shown.glide.animation.easingCurve().type()
        != shown.glide.animation.easingCurve().Type.Linear
    )
    # half-way it is between the two places, not at either (driven, not timed)
    shown.glide.animation.pause()
    shown.glide.animation.setCurrentTime(DURATION_MS // 2)
    middle = (canvas.scale.start + canvas.scale.end) / 2
    ends = sorted([sum(before) / 2, sum(target) / 2])
    assert ends[0] < middle < ends[1]
    shown.glide.animation.resume()
    qtbot.waitUntil(lambda: not shown.glide.running)
    assert (canvas.scale.start, canvas.scale.end) == pytest.approx(target)


def test_rapid_steps_come_to_rest_on_the_last_event(qtbot, shown: PresentWindow) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        qtbot.keyClick(shown, Qt.Key.Key_Right)
    qtbot.keyClick(shown, Qt.Key.Key_Left)
    assert shown.index == 3
    qtbot.waitUntil(lambda: not shown.glide.running)
    canvas = shown.canvas
    assert (canvas.scale.start, canvas.scale.end) == pytest.approx(_target_of(shown, 3))
    assert canvas.selected_id == shown.deck.steps[3].event_id
    # stopping a glide under way puts the timeline at its end at once
    qtbot.keyClick(shown, Qt.Key.Key_Right)
    assert shown.glide.running
    shown.glide.finish()
    assert not shown.glide.running
    assert (canvas.scale.start, canvas.scale.end) == pytest.approx(_target_of(shown, 4))
