"""Compact, sorted columns of every event: what the timeline needs, and nothing more.

Dated events are sorted by their start's earliest instant (then id), so that a window of time
is found by binary search. Instants are whole seconds since 1970-01-01 as int64; small codes
are uint8. Undated events are kept apart, in their own arrays, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.domain import growable
from app.domain.standing import STANDINGS, warns
from app.domain.text_column import TextColumn

PRECISION_CODES = {
    "year": 0,
    "month": 1,
    "day": 2,
    "minute": 3,
    "second": 4,
    "decade": 5,
    "century": 6,
    "quarter": 7,
    "season": 8,
    "third": 9,
}
QUALIFIER_CODES = {"exact": 0, "circa": 1, "before": 2, "after": 3, "between": 4}
STATUS_CODES = {"alleged": 0, "disputed": 1, "undisputed": 2, "established": 3}

FLAG_KEY = 1  # a key fact
FLAG_SPAN = 2  # has an end date
FLAG_UNSOURCED = 4  # no citation supports it
FLAG_AMBIGUOUS = 8  # a numeric date that could be read either way
# open-ended dates (see app.domain.known_bounds); high bits, so that new flags can take 16 on
FLAG_OPEN_START = 64  # the start is "before ...": its earliest instant is not known
FLAG_OPEN_END = 128  # the last date (the end, else the start) is "after ...": no latest
FLAG_CONTRADICTED = 16  # a citation contradicts it

# the standing (app.domain.standing) as a small code: STANDINGS[code]
STANDING_CODES = {name: k for k, name in enumerate(STANDINGS)}
STATUS_NAMES = tuple(STATUS_CODES)
# WARNS[status code, standing code]: the status claims more than the citations give
WARNS = np.array([[warns(status, standing) for standing in STANDINGS] for status in STATUS_NAMES])


def standing_codes(flags: np.ndarray | int) -> np.ndarray:
    """The standing code of each event from its flags (vectorised; an int gives a 0-d array)."""
    f = np.asarray(flags, dtype=np.int64)
    supports = (f & FLAG_UNSOURCED) == 0
    contradicts = (f & FLAG_CONTRADICTED) != 0
    # supported 0, contested 1, contradicted 2, unsupported 3 (the order of STANDINGS)
    return np.where(supports, np.where(contradicts, 1, 0), np.where(contradicts, 2, 3))


def warning_mask(status: np.ndarray | int, flags: np.ndarray | int) -> np.ndarray:
    """Which events' status the citations do not bear out (:data:`WARNS`)."""
    return WARNS[np.asarray(status, dtype=np.int64), standing_codes(flags)]


@dataclass(frozen=True)
class EventColumns:
    ids: np.ndarray  # int64, dated events in start order
    start_lo: np.ndarray  # int64 seconds: earliest instant of the start date
    start_hi: np.ndarray  # int64 seconds: latest (exclusive) instant of the start date
    end_lo: np.ndarray  # int64 seconds: for spans the end date's earliest, else = start_hi
    end_hi: np.ndarray  # int64 seconds: for spans the end date's latest, else = start_hi
    precision: np.ndarray  # uint8, PRECISION_CODES of the start
    qualifier: np.ndarray  # uint8, QUALIFIER_CODES of the start
    status: np.ndarray  # uint8, STATUS_CODES
    flags: np.ndarray  # uint8, FLAG_* bits
    titles: list[str] | TextColumn  # the dated events' titles, in the same order
    undated_ids: np.ndarray  # int64
    undated_titles: list[str]
    undated_status: np.ndarray  # uint8
    undated_flags: np.ndarray  # uint8

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        """Memory held, counting the title strings and their list slots."""
        arrays = (
            self.ids,
            self.start_lo,
            self.start_hi,
            self.end_lo,
            self.end_hi,
            self.precision,
            self.qualifier,
            self.status,
            self.flags,
            self.undated_ids,
            self.undated_status,
            self.undated_flags,
        )
        import sys

        text = sum(
            t.nbytes if isinstance(t, TextColumn) else sum(sys.getsizeof(s) + 8 for s in t)
            for t in (self.titles, self.undated_titles)
        )
        return int(sum(a.nbytes for a in arrays)) + text

    def position(self, event_id: int) -> int | None:
        """Index of a dated event in the sorted columns (None when absent or undated)."""
        at = growable.find(self.ids, event_id)
        return at if at >= 0 else None


def build_event_columns(
    dated: Sequence[Sequence[Any]], undated: Sequence[Sequence[Any]]
) -> EventColumns:
    """Build the columns from rows of (id, start_lo, start_hi, end_lo, end_hi, precision code,
    qualifier code, status code, flags, title): ``dated`` sorted by (start_lo, id), ``undated``
    with NULL instants."""
    numbers = np.array([r[:9] for r in dated], dtype=np.int64).reshape(len(dated), 9)
    loose = np.array([(r[0], r[7], r[8]) for r in undated], dtype=np.int64).reshape(len(undated), 3)
    return EventColumns(
        ids=numbers[:, 0].copy(),
        start_lo=numbers[:, 1].copy(),
        start_hi=numbers[:, 2].copy(),
        end_lo=numbers[:, 3].copy(),
        end_hi=numbers[:, 4].copy(),
        precision=numbers[:, 5].astype(np.uint8),
        qualifier=numbers[:, 6].astype(np.uint8),
        status=numbers[:, 7].astype(np.uint8),
        flags=numbers[:, 8].astype(np.uint8),
        titles=[r[9] for r in dated],
        undated_ids=loose[:, 0].copy(),
        undated_titles=[r[9] for r in undated],
        undated_status=loose[:, 1].astype(np.uint8),
        undated_flags=loose[:, 2].astype(np.uint8),
    )


def subset_columns(cols: EventColumns, keep: set[int] | frozenset[int]) -> EventColumns:
    """The columns of only the events whose ids are in ``keep`` (order preserved)."""
    ids_keep = np.fromiter(keep, np.int64, len(keep))
    dated = np.isin(cols.ids, ids_keep)
    loose = np.isin(cols.undated_ids, ids_keep)
    dated_idx = np.flatnonzero(dated)
    loose_idx = np.flatnonzero(loose)
    return EventColumns(
        ids=cols.ids[dated],
        start_lo=cols.start_lo[dated],
        start_hi=cols.start_hi[dated],
        end_lo=cols.end_lo[dated],
        end_hi=cols.end_hi[dated],
        precision=cols.precision[dated],
        qualifier=cols.qualifier[dated],
        status=cols.status[dated],
        flags=cols.flags[dated],
        titles=cols.titles.take(dated_idx)
        if isinstance(cols.titles, TextColumn)
        else [cols.titles[int(i)] for i in dated_idx],
        undated_ids=cols.undated_ids[loose],
        undated_titles=[cols.undated_titles[int(i)] for i in loose_idx],
        undated_status=cols.undated_status[loose],
        undated_flags=cols.undated_flags[loose],
    )


def mark_citations(cols: EventColumns, cited: np.ndarray) -> None:
    """Put the citation bits into ``cols``' flags, in place: ``FLAG_UNSOURCED`` unless a
    citation supports the event, ``FLAG_CONTRADICTED`` when one contradicts it. ``cited``
    holds one row per cited event: (event id, 1 if a citation supports it + 2 if one
    contradicts it)."""
    for ids, flags in ((cols.ids, cols.flags), (cols.undated_ids, cols.undated_flags)):
        flags |= np.uint8(FLAG_UNSOURCED)
        if not len(ids) or not len(cited):
            continue
        order = np.argsort(ids, kind="stable")
        at = np.searchsorted(ids, cited[:, 0], sorter=order).clip(0, len(ids) - 1)
        found = ids[order[at]] == cited[:, 0]
        where, codes = order[at[found]], cited[found, 1]
        flags[where[(codes & 1) != 0]] &= np.uint8(0xFF ^ FLAG_UNSOURCED)
        flags[where[(codes & 2) != 0]] |= np.uint8(FLAG_CONTRADICTED)


_WARN_ROWS = tuple(tuple(bool(v) for v in row) for row in WARNS)


def standing_code(flags: int) -> int:
    """:func:`standing_codes` for one event (no array: for painting one item)."""
    contradicts = bool(flags & FLAG_CONTRADICTED)
    if flags & FLAG_UNSOURCED:
        return 2 if contradicts else 3
    return 1 if contradicts else 0


def warns_at(status: int, flags: int) -> bool:
    """:func:`warning_mask` for one event."""
    return _WARN_ROWS[status][standing_code(flags)]
