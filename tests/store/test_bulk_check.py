"""The bulk insert's column-at-a-time check never lets a row through that the row check
(one event's rules) refuses."""

from __future__ import annotations

import random

from app.domain.dates import FuzzyDate
from app.store.bulk import EVENT_COLUMNS
from app.store.bulk_check import may_be_refused
from app.store.values import date_columns, event_problem, text_problem

DATES = [None, *(FuzzyDate.parse(t) for t in ("2001", "2001-05-02", "1999", "2003-01", "c. 2002"))]
TITLES = ["a title", "  ", "", "x\x00y", "bad \udc80", " padded "]
TEXTS = ["", "plain", "with\x00nul", "lone \ud800", "ünïcode"]
STATUSES = ["alleged", "disputed", "rumoured"]


def _row(rng: random.Random, n: int, bad: bool) -> tuple[object, ...]:
    def pick(good: list[object], pool: list[object]) -> object:
        return rng.choice(pool if bad and rng.random() < 0.3 else good)

    start = rng.choice(DATES)
    end = pick([None], DATES)
    return (
        n,
        pick(["a title"], TITLES),
        pick(["", "plain"], TEXTS),
        *date_columns("s", start).values(),
        *date_columns("e", end).values(),
        pick(["alleged"], STATUSES),
        False,
        pick([None, "Lane"], [None, *TEXTS]),
        1,
    )


def _refused(row: tuple[object, ...]) -> bool:
    at = dict(zip(EVENT_COLUMNS, row, strict=True))
    start = None if at["start_text"] is None else (at["start_text"], at["start_earliest"])
    end = None if at["end_text"] is None else (at["end_text"], at["end_latest"])
    if event_problem(at["title"], at["status"], start, end):
        return True
    return any(text_problem(at[c], c) for c in ("description", "lane", "start_text", "end_text"))


def test_no_refused_row_slips_through() -> None:
    rng = random.Random(15)
    caught = 0
    for trial in range(3000):
        rows = [_row(rng, n, bad=trial % 2 == 0 and n == 7) for n in range(1, 12)]
        refused = any(map(_refused, rows))
        flagged = may_be_refused(EVENT_COLUMNS, rows)
        assert flagged or not refused, rows
        caught += refused
    assert caught > 300


def test_good_rows_pass() -> None:
    good = FuzzyDate.parse("2001-05-02")
    row = (1, "t", "", *date_columns("s", good).values(), *date_columns("e", None).values(),
           "alleged", False, None, 1)  # fmt: skip
    assert not may_be_refused(EVENT_COLUMNS, [row] * 50)
    assert not may_be_refused(EVENT_COLUMNS, [])
