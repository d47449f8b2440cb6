"""Where a search matched an event: title, description, quote, pinpoint or a cited source."""

from __future__ import annotations

import pytest

from app.store.case import Case
from app.store.search_places import match_places


@pytest.mark.parametrize(
    "text, event_id, places",
    [
        ("twitter", 4, ["description"]),
        ("backpage launches", 1, ["title"]),
        ("Salesforce", 1, ["source"]),
        ("heavily customised", 3, ["description", "quote"]),
        ("nothing like this", 1, []),
    ],
)
def test_places_of_a_match(demo_case: Case, text: str, event_id: int, places: list[str]) -> None:
    assert match_places(demo_case, text, event_id) == places


def test_words_found_only_in_different_places_name_no_single_place(new_case: Case) -> None:
    event_id = new_case.create_event(title="Alpha", description="Beta").created("event")
    assert new_case.search("alpha beta") == [event_id]
    assert match_places(new_case, "alpha beta", event_id) == []
    assert match_places(new_case, "alpha", event_id) == ["title"]
