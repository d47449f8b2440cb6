"""Stories in the case: audited, fingerprinted, validated, read back in step order."""

from __future__ import annotations

import sqlite3

import pytest

from app.domain.stories import StoryStep, steps_from_json
from app.store.case import Case
from app.store.errors import ValidationError
from app.store.stories import stories_of


def test_create_update_delete_and_put(demo_case: Case) -> None:
    stories = stories_of(demo_case)
    ids = [e.id for e in demo_case.events()][:3]
    changes = stories.create(
        name="  Opening  statement ",
        introduction="What the jury will hear.",
        steps=[StoryStep(ids[2], "first"), StoryStep(ids[0], "")],
    )
    story_id = changes.created("story")
    story = stories.get(story_id)
    assert story.name == "Opening statement"
    assert story.event_ids == (ids[2], ids[0]) and story.steps[0].commentary == "first"
    assert stories.find("opening STATEMENT") == story
    stories.update(story_id, steps=[StoryStep(ids[0], "x"), StoryStep(ids[1], "y")])
    assert stories.get(story_id).event_ids == (ids[0], ids[1])
    assert stories.get(story_id).introduction == "What the jury will hear."
    stories.put(story_id, None)
    assert stories.all() == []
    stories.put(story_id, story)
    assert stories.get(story_id) == story
    log = [a for a in demo_case.audit_log() if a.table_name == "stories"]
    assert [a.action for a in log] == ["create", "update", "delete", "create"]


@pytest.mark.parametrize(
    ("name", "steps", "message"),
    [
        ("   ", [], "needs a name"),
        ("Dup", [], "already a story"),
        ("New", [StoryStep(999)], "no event 999"),
        ("New", [StoryStep(1), StoryStep(1)], "each event once"),
    ],
)
def test_bad_stories_are_refused(demo_case: Case, name: str, steps: list, message: str) -> None:
    stories = stories_of(demo_case)
    stories.create(name="dup")
    before = len(demo_case.audit_log())
    with pytest.raises(ValidationError, match=message):
        stories.create(name=name, steps=steps)
    assert len(demo_case.audit_log()) == before and len(stories.all()) == 1


def test_check_names_a_story_changed_behind_the_programs_back(demo_case: Case) -> None:
    from app.cli.case_args import file_checker

    stories_of(demo_case).create(name="Story", steps=[StoryStep(1, "c")])
    assert not demo_case.check(verify_file=file_checker(demo_case))
    with sqlite3.connect(demo_case.path) as conn:
        conn.execute("UPDATE stories SET steps_json = '[]'")
    problems = demo_case.check(verify_file=file_checker(demo_case))
    assert any("stories row" in p for p in problems)


def test_damaged_steps_read_as_what_can_be_read() -> None:
    assert steps_from_json("not json") == ()
    assert steps_from_json('[{"event": 2, "commentary": 5}, {"x": 1}]') == (StoryStep(2, ""),)


def test_a_case_older_than_stories_read_for_review_has_none(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.store.engine import Mode
    from tests.store.test_migrations import _schema_one_case

    path = tmp_path / "old.case"
    _schema_one_case(path)
    with Case.open(path, Mode.REVIEW) as case:
        assert stories_of(case).all() == [] and stories_of(case).find("x") is None
