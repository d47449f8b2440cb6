"""The standing derived from citation stances, its warnings and its compact form."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.columns import (
    FLAG_CONTRADICTED,
    FLAG_KEY,
    FLAG_UNSOURCED,
    STATUS_CODES,
    standing_code,
    standing_codes,
    warning_mask,
    warns_at,
)
from app.domain.filter_text import active_filter_summary
from app.domain.records import EVENT_STATUSES, STANCES, CitationRecord, EventFilter, EventRecord
from app.domain.standing import (
    STANDINGS,
    WARNING_RULES,
    StanceCounts,
    standing_of,
    status_warnings,
    warns,
)

stance_lists = st.lists(st.sampled_from(STANCES), max_size=12)


def expected_standing(stances: list[str]) -> str:
    supports, contradicts = "supports" in stances, "contradicts" in stances
    if supports and not contradicts:
        return "supported"
    if supports and contradicts:
        return "contested"
    if contradicts:
        return "contradicted"
    return "unsupported"  # only context, or nothing


def event(status: str, stances: list[str]) -> EventRecord:
    cites = tuple(
        CitationRecord(i, 1, 1, "Source", "document", stance=s) for i, s in enumerate(stances)
    )
    return EventRecord(1, "E", "", None, None, status, False, None, 1, citations=cites)


@given(stance_lists, st.sampled_from(EVENT_STATUSES))
def test_standing_follows_the_definitions(stances: list[str], status: str) -> None:
    counts = StanceCounts.of(stances)
    assert counts == StanceCounts(
        stances.count("supports"), stances.count("contradicts"), stances.count("context")
    )
    assert counts.standing == expected_standing(stances)
    assert counts.unsourced == ("supports" not in stances)
    rec = event(status, stances)
    assert rec.standing == counts.standing and rec.unsourced == counts.unsourced
    # the order of the citations never matters
    assert StanceCounts.of(reversed(stances)) == counts


@given(stance_lists, st.sampled_from(EVENT_STATUSES))
def test_warnings_follow_the_rule_table(stances: list[str], status: str) -> None:
    counts = StanceCounts.of(stances)
    standing = counts.standing
    warned = {
        "established": standing != "supported",
        "undisputed": standing in ("contested", "contradicted"),
        "disputed": False,
        "alleged": False,
    }[status]
    warnings = status_warnings(status, counts)
    assert bool(warnings) == warned == warns(status, standing)
    assert event(status, stances).warnings == warnings
    if warned:
        (text,) = warnings
        assert text.startswith(f"Status '{status}' is not supported by the citations: ")
        assert f"{counts.contradicts} contradicts, {counts.supports} supports" in text


def test_the_plain_words() -> None:
    counts = StanceCounts.of(["contradicts"])
    assert status_warnings("established", counts) == (
        "Status 'established' is not supported by the citations: 1 contradicts, 0 supports",
    )
    assert status_warnings("established", StanceCounts.of(["context", "context"])) == (
        "Status 'established' is not supported by the citations: "
        "0 contradicts, 0 supports, 2 context only",
    )
    assert status_warnings("established", StanceCounts.of(["supports"])) == ()
    assert status_warnings("alleged", StanceCounts.of(["contradicts"])) == ()
    assert set(WARNING_RULES) == set(EVENT_STATUSES)


@given(stance_lists, st.sampled_from(EVENT_STATUSES), st.booleans())
def test_flags_carry_the_same_standing(stances: list[str], status: str, key: bool) -> None:
    """The timeline's flag bits (as the store sets them) give the same standing and warning."""
    flags = (FLAG_KEY if key else 0) | (0 if "supports" in stances else FLAG_UNSOURCED)
    flags |= FLAG_CONTRADICTED if "contradicts" in stances else 0
    standing = StanceCounts.of(stances).standing
    assert STANDINGS[standing_code(flags)] == standing
    assert STANDINGS[int(standing_codes(np.array([flags], dtype=np.uint8))[0])] == standing
    code = STATUS_CODES[status]
    assert warns_at(code, flags) == bool(warning_mask(code, flags)) == warns(status, standing)


def test_standing_of_covers_all_four() -> None:
    got = {standing_of(s, c) for s in (False, True) for c in (False, True)}
    assert got == set(STANDINGS)


def test_filter_round_trips_and_reads_in_words() -> None:
    flt = EventFilter(standings=("contested", "contradicted"), warnings_only=True)
    assert EventFilter.from_dict(flt.to_dict()) == flt
    assert EventFilter.from_dict({}) == EventFilter()  # views saved before standing existed
    assert active_filter_summary(flt) == (
        "standing: contested, contradicted; status not supported by the citations"
    )
    with pytest.raises(ValueError, match="unknown standing"):
        EventFilter.from_dict({"standings": ["sourced"]})
