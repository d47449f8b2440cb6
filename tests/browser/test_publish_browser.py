"""``casetrail publish`` pages in headless Chromium with every network request blocked: the
page asks for nothing but itself, logs no error, its keys move from step to step, its
landmarks and steps carry screen-reader labels, and allegations are marked."""

from __future__ import annotations

import re
from pathlib import Path

from app.cli import main
from app.domain.stories import StoryStep
from app.store.case import Case
from app.store.stories import stories_of
from tests.chromium import ORIGIN, Chromium, Page


def _focused(loaded: Page) -> str:
    return loaded.page.evaluate("document.activeElement && document.activeElement.id")


def _check_page(chromium: Chromium, out: Path, steps: list[tuple[str, bool]]) -> None:
    """Load ``out`` as its only file; ``steps`` is (title, alleged) of each step in order."""
    url = f"{ORIGIN}/{out.name}"
    with chromium.open({f"/{out.name}": out}, f"/{out.name}") as loaded:
        page = loaded.page
        # landmarks and labels a screen reader announces
        assert page.get_by_role("banner").count() == 1
        nav = page.get_by_role("navigation", name="Timeline of the steps")
        assert nav.get_by_role("link").count() == len(steps)
        assert page.get_by_role("main", name="Steps").count() == 1
        total = len(steps)
        for number, (title, alleged) in enumerate(steps, start=1):
            mark = "allegation: " if alleged else ""
            region = page.get_by_role("region", name=f"Step {number} of {total}: {mark}{title}")
            assert region.count() == 1, (number, title)
            link = nav.get_by_role("link").nth(number - 1)
            assert ("Allegation: " + title in link.inner_text()) == alleged
            badge = region.locator(".badge.alleged")
            assert badge.count() == (1 if alleged else 0)
            if alleged:
                assert badge.inner_text().lower() == "allegation"
                assert "an allegation, not an established fact" in region.inner_text()

        # the keys a reader (or a presenter's clicker) uses
        page.locator("body").click(position={"x": 2, "y": 2})
        seen = []
        for _ in range(total):
            page.keyboard.press("ArrowRight")
            seen.append(_focused(loaded))
        assert seen == [f"step-{n}" for n in range(1, total + 1)]
        page.keyboard.press("ArrowRight")  # past the last step: stays there
        assert _focused(loaded) == f"step-{total}"
        back = []
        for _ in range(total - 1):
            page.keyboard.press("ArrowLeft")
            back.append(_focused(loaded))
        assert back == [f"step-{n}" for n in range(total - 1, 0, -1)]
        page.keyboard.press("End")
        assert _focused(loaded) == f"step-{total}"
        page.keyboard.press("Home")
        assert _focused(loaded) == "step-1"
        page.keyboard.press("PageDown")
        assert _focused(loaded) == "step-2"
        page.keyboard.press("Space")
        assert _focused(loaded) == "step-3"
        page.keyboard.press("Shift+Space")
        assert _focused(loaded) == "step-2"
        page.keyboard.press("PageUp")
        assert _focused(loaded) == "step-1"
        # a step chosen in the overview is where the keys go on from
        nav.get_by_role("link").nth(total - 2).click()
        page.keyboard.press("ArrowRight")
        assert _focused(loaded) == f"step-{total}"
        loaded.check_clean(allowed={url})


def test_published_demo_works_offline_with_keys_and_labels(
    chromium: Chromium, demo_case_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "demo.html"
    assert main(["publish", str(demo_case_path), str(out)]) == 0
    with Case.open(demo_case_path) as case:
        from app.interchange.chronology import build_chronology

        entries = build_chronology(case).all_entries
        steps = [(e.title, e.status == "alleged") for e in entries]
    assert len(steps) == 8 and sum(alleged for _, alleged in steps) == 3
    _check_page(chromium, out, steps)


def test_published_story_works_offline_with_keys_and_labels(
    chromium: Chromium, demo_case: Case, tmp_path: Path
) -> None:
    events = demo_case.events()
    chosen = [events[6], events[1], events[0], events[3]]
    stories_of(demo_case).create(
        name="For the jury",
        introduction="Four steps: the suit, then how it began.",
        steps=[StoryStep(ev.id, f"Commentary on {ev.title}.") for ev in chosen],
    )
    out = tmp_path / "story.html"
    assert main(["publish", str(demo_case.path), str(out), "--story", "For the jury"]) == 0
    _check_page(chromium, out, [(ev.title, ev.status == "alleged") for ev in chosen])
    with chromium.open({"/story.html": out}, "/story.html") as loaded:
        text = loaded.page.get_by_role("main").inner_text()
        for ev in chosen:
            assert f"Commentary on {ev.title}." in text
        assert re.search("Four steps: the suit", loaded.page.inner_text("header"))
        loaded.check_clean(allowed={f"{ORIGIN}/story.html"})
