"""Stories as values: a named, ordered selection of events, each step with commentary, and
an introduction. The steps are kept as JSON (``[{"event": 3, "commentary": "..."}]``);
:func:`steps_from_json` reads them back and never fails on a damaged value (it keeps the
steps it can read). Pure values: no Qt, no SQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

MAX_NAME = 200
MAX_TEXT = 100_000


@dataclass(frozen=True)
class StoryStep:
    event_id: int
    commentary: str = ""


@dataclass(frozen=True)
class StoryRecord:
    id: int
    name: str
    introduction: str = ""
    steps: tuple[StoryStep, ...] = ()
    pseudonyms: bool = False  # presented and published with entities' pseudonyms

    @property
    def event_ids(self) -> tuple[int, ...]:
        return tuple(step.event_id for step in self.steps)


def steps_to_json(steps: Iterable[StoryStep]) -> str:
    return json.dumps(
        [{"event": s.event_id, "commentary": s.commentary} for s in steps], ensure_ascii=False
    )


def steps_from_json(text: str) -> tuple[StoryStep, ...]:
    try:
        raw = json.loads(text or "[]")
    except ValueError:
        return ()
    if not isinstance(raw, list):
        return ()
    out = []
    for item in raw:
        if isinstance(item, dict) and isinstance(item.get("event"), int):
            commentary = item.get("commentary", "")
            out.append(StoryStep(item["event"], commentary if isinstance(commentary, str) else ""))
    return tuple(out)
