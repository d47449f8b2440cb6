"""Stories in the case: list, read, create, change and delete, each one audited transaction
(the ``stories`` table is fingerprinted like saved views, so ``check`` names a story row
changed behind the program's back).

A step names an event by id; a story whose event has since been deleted keeps the step,
and readers (publish, present) leave it out. Reach it with :func:`stories_of`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from app.domain.records import ChangeSet
from app.domain.stories import (
    MAX_NAME,
    MAX_TEXT,
    StoryRecord,
    StoryStep,
    steps_from_json,
    steps_to_json,
)
from app.store.errors import NotFoundError, ValidationError
from app.store.tables import events_t, stories_t
from app.store.unit_of_work import UnitsOfWork, Writer


def stories_of(case: Any) -> Stories:
    """The stories of an open :class:`~app.store.case.Case` (read through an output's
    policy when ``case`` is one: :func:`app.interchange.output_policy.output_case`)."""
    stories = Stories(case._units)  # noqa: SLF001 - the Case's own units of work
    wrap = getattr(case, "wrap_output", None)
    return wrap(stories) if wrap is not None else stories


def _has_table(conn: Any) -> bool:
    """Whether the case has stories at all (a case older than schema 5 opened for review)."""
    from sqlalchemy import inspect

    return bool(inspect(conn).has_table("stories"))


def _record(row: Any) -> StoryRecord:
    return StoryRecord(
        int(row.id),
        row.name,
        row.introduction,
        steps_from_json(row.steps_json),
        bool(row.pseudonyms),
    )


class Stories:
    def __init__(self, units: UnitsOfWork) -> None:
        self._units = units

    def all(self) -> list[StoryRecord]:
        """Every story by name (none in a case older than schema 5 read for review)."""
        with self._units.read() as conn:
            if not _has_table(conn):
                return []
            rows = conn.execute(select(stories_t).order_by(stories_t.c.name)).all()
        return [_record(r) for r in rows]

    def get(self, story_id: int) -> StoryRecord:
        with self._units.read() as conn:
            row = conn.execute(select(stories_t).where(stories_t.c.id == story_id)).first()
        if row is None:
            raise NotFoundError(f"there is no story {story_id}")
        return _record(row)

    def find(self, name: str) -> StoryRecord | None:
        """The story called ``name`` (case-insensitive, spaces collapsed), if any."""
        wanted = " ".join(name.split()).casefold()
        return next((s for s in self.all() if s.name.casefold() == wanted), None)

    def create(
        self,
        *,
        name: str,
        introduction: str = "",
        steps: Sequence[StoryStep] = (),
        story_id: int | None = None,
        pseudonyms: bool = False,
    ) -> ChangeSet:
        with self._units.write() as w:
            values = self._values(w, None, name, introduction, steps)
            values["pseudonyms"] = bool(pseudonyms)
            if story_id is not None:
                values["id"] = story_id
            w.insert(stories_t, values, kind="story")
            return w.changes

    def update(
        self,
        story_id: int,
        *,
        name: str | None = None,
        introduction: str | None = None,
        steps: Sequence[StoryStep] | None = None,
        pseudonyms: bool | None = None,
    ) -> ChangeSet:
        current = self.get(story_id)
        with self._units.write() as w:
            values = self._values(
                w,
                story_id,
                current.name if name is None else name,
                current.introduction if introduction is None else introduction,
                current.steps if steps is None else steps,
            )
            values["pseudonyms"] = current.pseudonyms if pseudonyms is None else bool(pseudonyms)
            return w.update(stories_t, story_id, values, kind="story")

    def delete(self, story_id: int) -> ChangeSet:
        with self._units.write() as w:
            w.delete(stories_t, story_id, kind="story")
            return w.changes

    def put(self, story_id: int, record: StoryRecord | None) -> ChangeSet:
        """Make story ``story_id`` exactly ``record`` (None: no such story): undo's one
        mutation, whatever the story's state now."""
        with self._units.read() as conn:
            exists = conn.execute(select(stories_t.c.id).where(stories_t.c.id == story_id)).first()
        if record is None:
            return self.delete(story_id) if exists else ChangeSet()
        if exists:
            return self.update(
                story_id,
                name=record.name,
                introduction=record.introduction,
                steps=record.steps,
                pseudonyms=record.pseudonyms,
            )
        return self.create(
            story_id=story_id,
            name=record.name,
            introduction=record.introduction,
            steps=record.steps,
            pseudonyms=record.pseudonyms,
        )

    @staticmethod
    def _values(
        w: Writer, story_id: int | None, name: str, introduction: str, steps: Sequence[StoryStep]
    ) -> dict[str, Any]:
        name = " ".join(name.split())
        if not name:
            raise ValidationError("a story needs a name")
        if len(name) > MAX_NAME:
            raise ValidationError(f"a story's name is at most {MAX_NAME} characters")
        if len(introduction) > MAX_TEXT or any(len(s.commentary) > MAX_TEXT for s in steps):
            raise ValidationError(f"a story's texts are at most {MAX_TEXT} characters each")
        for row in w.conn.execute(select(stories_t.c.id, stories_t.c.name)):
            if row.id != story_id and row.name.casefold() == name.casefold():
                raise ValidationError(f"there is already a story named {row.name!r}")
        ids = [s.event_id for s in steps]
        if len(set(ids)) != len(ids):
            raise ValidationError("a story shows each event once")
        known = set(w.conn.execute(select(events_t.c.id).where(events_t.c.id.in_(ids))).scalars())
        missing = [i for i in ids if i not in known]
        if missing:
            raise ValidationError(f"the case has no event {missing[0]}; the story was not saved")
        return {"name": name, "introduction": introduction, "steps_json": steps_to_json(steps)}
