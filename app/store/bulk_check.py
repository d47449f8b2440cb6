"""The bulk insert's checks a column at a time: whether any of many event rows may be one
a single insert refuses (:func:`app.store.values.event_problem` and
:func:`~app.store.values.text_problem`), found without Python code per row.

:func:`may_be_refused` errs one way only: when it says no, no row is refused; when it says
yes, :func:`app.store.bulk._check_rows` goes through the rows to name the first refused one
with its message (or finds none).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from itertools import compress, repeat
from operator import itemgetter
from typing import Any

from app.domain.records import EVENT_STATUSES

_TEXTS = ("title", "description", "lane", "start_text", "end_text", "privileged_note")


def texts_fine(column: tuple[Any, ...]) -> bool:
    """No NUL and no lone surrogate in the column's texts (None allowed; other values are
    left to the row check)."""
    try:
        joined = "".join(filter(None, column))
        joined.encode("utf-8")
    except (TypeError, UnicodeEncodeError):
        return False
    return "\x00" not in joined


def may_be_refused(names: Sequence[str], values: Sequence[Sequence[Any]]) -> bool:
    """Whether some row of ``values`` (in ``names`` order) may break an event's rules."""
    if not values:
        return False
    at = {name: i for i, name in enumerate(names)}
    wanted = (*_TEXTS, "status", "start_earliest", "end_latest")
    columns = {name: tuple(map(itemgetter(at[name]), values)) for name in wanted if name in at}
    none = tuple(repeat(None, len(values)))
    titles = columns.get("title", none)
    if set(map(type, titles)) != {str} or not all(map(str.strip, titles)):
        return True
    if "status" in columns and not set(columns["status"]) <= set(EVENT_STATUSES):
        return True
    if not all(texts_fine(columns[name]) for name in _TEXTS if name in columns):
        return True
    ends = columns.get("end_text", none)
    dated = [e is not None for e in ends]
    if not any(dated):
        return False
    starts = columns.get("start_text", none)
    if any(s is None for s in compress(starts, dated)):
        return True  # an end with no start
    earliest = compress(columns.get("start_earliest", none), dated)
    latest = compress(columns.get("end_latest", none), dated)
    try:
        return any(map(operator.le, latest, earliest))
    except TypeError:  # a missing bound: the row check words it
        return True
