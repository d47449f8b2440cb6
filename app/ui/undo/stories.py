"""Undo commands for stories: every change to a story (create, rename, introduction,
steps added, removed or reordered, a step's commentary, delete) is one undo step. Undo and
redo put the whole story back to its state before / after (``Stories.put``): one mutation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.domain.records import ChangeSet
from app.domain.stories import StoryRecord, StoryStep
from app.store.stories import stories_of
from app.ui.undo.base import CaseCommand

if TYPE_CHECKING:
    from app.ui.undo.controller import UndoController


class StoryCommand(CaseCommand):
    """Make a story ``after`` (None: delete it); ``story_id`` None creates one."""

    def __init__(
        self,
        controller: UndoController,
        text: str,
        story_id: int | None,
        after: StoryRecord | None,
    ) -> None:
        super().__init__(controller, text)
        self.story_id = story_id
        self._after = after
        self._before: StoryRecord | None = None

    def _do(self) -> ChangeSet:
        stories = stories_of(self.case)
        if self.story_id is None:
            assert self._after is not None
            after = self._after
            changes = stories.create(
                name=after.name,
                introduction=after.introduction,
                steps=after.steps,
                pseudonyms=after.pseudonyms,
            )
            self.story_id = changes.created("story")
        else:
            self._before = stories.get(self.story_id)
            changes = stories.put(self.story_id, self._after)
        if self._after is not None:
            self._after = stories.get(self.story_id)
        return changes

    def _undo(self) -> ChangeSet:
        assert self.story_id is not None
        return stories_of(self.case).put(self.story_id, self._before)

    def _redo(self) -> ChangeSet:
        assert self.story_id is not None
        return stories_of(self.case).put(self.story_id, self._after)


def new_story(controller: UndoController, name: str) -> int:
    """Create an empty story called ``name``; its id."""
    command = StoryCommand(controller, f"New Story \u201c{name}\u201d", None, StoryRecord(0, name))
    controller.push(command)
    assert command.story_id is not None
    return command.story_id


def change_story(
    controller: UndoController,
    story: StoryRecord,
    text: str,
    *,
    name: str | None = None,
    introduction: str | None = None,
    steps: Sequence[StoryStep] | None = None,
    pseudonyms: bool | None = None,
) -> ChangeSet:
    """One undo step named ``text`` that changes some of ``story``'s fields."""
    after = StoryRecord(
        story.id,
        story.name if name is None else name,
        story.introduction if introduction is None else introduction,
        story.steps if steps is None else tuple(steps),
        story.pseudonyms if pseudonyms is None else pseudonyms,
    )
    return controller.push(StoryCommand(controller, text, story.id, after))


def delete_story(controller: UndoController, story: StoryRecord) -> ChangeSet:
    text = f"Delete Story \u201c{story.name}\u201d"
    return controller.push(StoryCommand(controller, text, story.id, None))
