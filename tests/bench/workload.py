"""The benchmark workload of DESIGN.md section 6, shared by the benchmark scripts.

N events between 1990-01-01 and 2025-01-01, 70 % of them inside 2008-2015, 20 % spans
lasting 1 day to 2 years (log-uniform), the rest points, 12 lanes, titles of 2-5 words, a
fixed seed: the same events in every script, so figures compare.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

WORDS = ("filing", "motion", "meeting", "email", "payment", "contract", "board", "memo",
         "call", "transfer", "report", "deposition", "invoice", "notice", "merger", "audit",
         "review", "launch", "hearing", "order")  # fmt: skip
STATUSES = ("alleged", "disputed", "undisputed", "established")
LANES = 12
FIRST, LAST = datetime(1990, 1, 1), datetime(2025, 1, 1)
DENSE_FIRST, DENSE_LAST = datetime(2008, 1, 1), datetime(2016, 1, 1)


@dataclass(frozen=True)
class SyntheticEvent:
    id: int
    day: datetime
    last: datetime | None  # the end day of a span, None for a point
    title: str
    status: str
    key_fact: bool
    lane: str


def synthetic_events(n: int, seed: int = 1234) -> Iterator[SyntheticEvent]:
    rng = random.Random(seed)
    for i in range(n):
        a, b = (DENSE_FIRST, DENSE_LAST) if rng.random() < 0.7 else (FIRST, LAST)
        day = a + timedelta(days=rng.randrange((b - a).days))
        last = None
        if rng.random() < 0.2:
            length = math.exp(rng.uniform(0, math.log(730)))
            last = min(day + timedelta(days=max(1, int(length))), LAST)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
        yield SyntheticEvent(
            i + 1, day, last, title, STATUSES[i % 4], i % 17 == 0, f"lane {i % LANES}"
        )
