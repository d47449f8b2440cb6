"""Checking a clean CSV file a column at a time: the fast path of
:func:`app.interchange.csv_import.check_csv`.

One pass of ``csv.reader`` gives the rows; they are turned into column tuples, and each check
looks at a column's distinct values once (dates through the ISO-day fast path of
:mod:`app.domain.date_fast`, then the full parser), so that no Python code runs per row for
a file whose rows repeat their dates, statuses, flags, lanes and list cells, as real files do.

:func:`check_columns` gives the plan's rows (plain tuples in the order of
:data:`app.interchange.planned_events.PLAN_FIELDS`) only when nothing in the file is wrong.
At the first sign of a problem (a cell that does not read, a bad byte, a ragged row, a
duplicate id ...) it answers None, and the row-by-row checker reads the file instead, to
name every row and column at fault with its own message. Both give the same plan for a
clean file (tests/interchange/test_csv_columns.py).
"""

from __future__ import annotations

import csv
import io
import operator
from itertools import compress, repeat
from typing import Any

from app.domain.date_fast import iso_day
from app.domain.dates import DateError, DateSettings, FuzzyDate
from app.domain.records import EVENT_STATUSES, STANCES
from app.interchange.csvfmt import COLUMNS, REQUIRED, split_items
from app.interchange.import_outcome import RowError
from app.interchange.table import MAX_CELL, _may_restore, _read_header, restore

TRUE_WORDS = frozenset({"yes", "y", "true", "1", "x"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", ""})
_INF = float("inf")

# (rows, warnings, source id -> (first row naming it, its title))
Checked = tuple[list[tuple[Any, ...]], list[str], dict[int, tuple[int, str]]]


def ambiguous_warning(row: int, column: str, value: FuzzyDate, day_first: bool) -> str:
    return (
        f"row {row}, {column}: {value.text!r} could be read day-first or month-first;"
        f" read as {value.format(day_first=day_first)}"
    )


class _Unclean(Exception):
    """Something in the file needs the row-by-row checker (and its messages)."""


def check_columns(data: bytes, day_first: bool, settings: DateSettings | None) -> Checked | None:
    """The plan of a CSV file in which every row is good; None when some row or cell may not
    be (the row-by-row checker then words each problem)."""
    try:
        return _check(data, day_first, settings)
    except _Unclean:
        return None


def _records(data: bytes) -> tuple[list[str], list[int], list[list[str]], bool, bool]:
    """The header, the row numbers and cells of the rows that are not blank, and whether
    some cell may be too long or need :func:`~app.interchange.table.restore`."""
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        raise _Unclean from None
    if "\x00" in text:
        raise _Unclean
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        raise _Unclean from None
    if len(records) < 2:
        raise _Unclean  # empty, or a header alone: the row reader says so
    header, body = records[0], records[1:]
    width = len(header)
    numbers = list(range(2, len(records) + 1))
    if set(map(len, body)) != {width}:  # blank lines are skipped; other widths are errors
        kept = [(n, r) for n, r in zip(numbers, body, strict=True) if any(map(str.strip, r))]
        if not kept or any(len(r) != width for _, r in kept):
            raise _Unclean
        numbers, body = [n for n, _ in kept], [r for _, r in kept]
    # a cell may be too long only in a longer file, with a line or a record over many lines
    long_cells = len(text) > MAX_CELL and not _short_lines(text, len(records))
    return header, numbers, body, long_cells, _may_restore(text)


def _short_lines(text: str, count: int) -> bool:
    """Whether the ``count`` records of ``text`` are one line each, no line longer than a
    cell may be (then no cell is: a cell is part of its line)."""
    lines = text.split("\n")
    if not lines[-1]:
        lines.pop()
    return len(lines) == count and max(map(len, lines)) <= MAX_CELL


def _check(data: bytes, day_first: bool, settings: DateSettings | None) -> Checked:
    header, numbers, body, long_cells, restoring = _records(data)
    errors: list[RowError] = []
    index = _read_header(header, 1, COLUMNS, REQUIRED, errors)
    if errors:
        raise _Unclean
    columns = list(zip(*body, strict=True))  # one walk over the rows (rows are as wide)
    if long_cells and max(max(map(len, column)) for column in columns) > MAX_CELL:
        raise _Unclean
    named: dict[str, tuple[str, ...]] = {}
    for name, column in zip(index, columns, strict=True):
        if name is None:
            if any(map(str.strip, column)):
                raise _Unclean  # a cell under a column with no name
            continue
        named[name] = _restored(column) if restoring else column
    count = len(numbers)
    blank = ("",) * count

    titles = named["title"]
    if not all(map(str.strip, titles)):
        raise _Unclean  # an event needs a title (or a blank row, which the row reader skips)
    starts, ends = named["start"], named.get("end", blank)
    dates = _dates(set(starts) | set(ends), day_first, settings)
    start_dates = list(map(dates.__getitem__, starts))
    end_dates = list(map(dates.__getitem__, ends))
    _check_order(dates, starts, ends, start_dates, end_dates)
    warnings = _ambiguous(dates, numbers, starts, ends, day_first)

    statuses = _mapped(named.get("status"), _status, count, "alleged")
    flags = _mapped(named.get("key_fact"), _flag, count, False)
    lanes = _mapped(named.get("lane"), lambda cell: cell.strip() or None, count, None)
    ids = _ids(named.get("id"), count)
    tags = _mapped(named.get("tags"), _tags, count, ())
    entities = _mapped(named.get("entities"), _entities, count, ())
    cite_cells = named.get("citations", blank)
    citations = _mapped(cite_cells, _citations, count, ())
    titled = _source_titles(named.get("sources"), cite_cells, citations, numbers)
    rows = list(
        zip(
            numbers,
            titles,
            named.get("description", blank),
            start_dates,
            end_dates,
            statuses,
            flags,
            lanes,
            ids,
            tags,
            entities,
            citations,
            strict=True,
        )
    )
    return rows, warnings, titled


def _restored(column: tuple[str, ...]) -> tuple[str, ...]:
    fixed = {c: restore(c) for c in set(column) if c[:1] == "'"}
    return tuple(fixed.get(c, c) for c in column) if fixed else column


def _mapped(column: tuple[str, ...] | None, read: Any, count: int, default: Any) -> Any:
    """Each cell of ``column`` read by ``read`` (once per distinct cell; None: unclean)."""
    if column is None:
        return repeat(default, count)
    values = {}
    for cell in set(column):
        value = read(cell)
        if value is None and default is not None:
            raise _Unclean
        values[cell] = value
    return list(map(values.__getitem__, column))


def _dates(
    texts: set[str], day_first: bool, settings: DateSettings | None
) -> dict[str, FuzzyDate | None]:
    zone = None if settings is None else settings.time_zone
    south = settings is not None and settings.southern
    dates: dict[str, FuzzyDate | None] = {}
    for text in texts:
        if not text.strip():
            dates[text] = None
            continue
        value = iso_day(text)
        if value is None:
            try:
                value = FuzzyDate.parse(text, day_first=day_first, zone=zone, southern=south)
            except DateError:
                raise _Unclean from None
        dates[text] = value
    return dates


def _check_order(
    dates: dict[str, FuzzyDate | None],
    starts: tuple[str, ...],
    ends: tuple[str, ...],
    start_dates: list[FuzzyDate | None],
    end_dates: list[FuzzyDate | None],
) -> None:
    """Unclean if an end has no start or is not after its start."""
    dated_ends = [e is not None for e in end_dates]
    if not any(dated_ends):
        return
    undated = not all(start_dates)  # (a date is never false; `None in` would call __eq__)
    if undated and any(s is None for s in compress(start_dates, dated_ends)):
        raise _Unclean  # an event with an end date needs a start date
    earliest = {t: int(d.earliest) for t, d in dates.items() if d is not None}
    latest = {t: int(d.latest) for t, d in dates.items() if d is not None}
    first = map(earliest.__getitem__, compress(starts, dated_ends))
    last = map(latest.__getitem__, compress(ends, dated_ends))
    if any(map(operator.le, last, first)):
        raise _Unclean  # the end is before the start


def _ambiguous(
    dates: dict[str, FuzzyDate | None],
    numbers: list[int],
    starts: tuple[str, ...],
    ends: tuple[str, ...],
    day_first: bool,
) -> list[str]:
    unsure = {t for t, d in dates.items() if d is not None and d.ambiguous}
    warnings: list[str] = []
    if not unsure:
        return warnings
    for row, start, end in zip(numbers, starts, ends, strict=True):
        for column, text in (("start", start), ("end", end)):
            if text in unsure:
                value = dates[text]
                assert value is not None
                warnings.append(ambiguous_warning(row, column, value, day_first))
    return warnings


def _status(cell: str) -> str | None:
    status = cell.strip().lower() or "alleged"
    return status if status in EVENT_STATUSES else None


def _flag(cell: str) -> bool | None:
    flag = cell.strip().lower()
    if flag in TRUE_WORDS:
        return True
    return False if flag in FALSE_WORDS else None


def _ids(column: tuple[str, ...] | None, count: int) -> Any:
    if column is None:
        return repeat(None, count)
    if all(map(str.isdigit, column)):  # every cell a number, as a rule (no blank, no space)
        raw = given = list(column)
    else:
        raw = list(map(str.strip, column))
        given = list(filter(None, raw))
        if not all(map(str.isdigit, given)):
            raise _Unclean
    if not all(map(str.isascii, given)):  # not other scripts' digits
        raise _Unclean
    numbers = list(map(int, given))
    if numbers and not (min(numbers) > 0 and max(numbers) < 2**63):
        raise _Unclean
    if len(set(numbers)) != len(numbers):
        raise _Unclean  # an id used twice
    if len(given) == count:
        return numbers
    found = iter(numbers)
    return [next(found) if r else None for r in raw]


def _tags(cell: str) -> tuple[str, ...] | None:
    if not cell or cell.isspace():
        return ()
    items = split_items(cell)
    if any(len(item) > 1 for item in items):
        return None  # a tag name cannot contain '|'
    names = (" ".join(item[0].split()) for item in items)
    return tuple(dict.fromkeys(t for t in names if t))


def _entities(cell: str) -> tuple[tuple[str, str], ...] | None:
    if not cell or cell.isspace():
        return ()
    found: dict[str, tuple[str, str]] = {}
    for item in split_items(cell):
        if len(item) > 2 or not item[0]:
            return None  # not name|role
        name = " ".join(item[0].split())
        found[name.casefold()] = (name, item[1] if len(item) > 1 else "")
    return tuple(found.values())


def _citations(cell: str) -> tuple[tuple[int, str, str, str], ...] | None:
    if not cell or cell.isspace():
        return ()
    found = []
    for item in split_items(cell):
        if len(item) > 4:
            return None
        sid, pinpoint, stance, quote = (item + ["", "", ""])[:4]
        if not (sid.isascii() and sid.isdigit() and 0 < int(sid) < 2**63):
            return None
        stance = stance.lower() or "supports"
        if stance not in STANCES:
            return None
        found.append((int(sid), pinpoint, stance, quote))
    return tuple(found)


def _source_titles(
    sources: tuple[str, ...] | None,
    cite_cells: tuple[str, ...],
    citations: Any,
    numbers: list[int],
) -> dict[int, tuple[int, str]]:
    """Source id -> (first row naming it, its title), from rows that name one title per
    cited source.

    The rows go in file order, each distinct pair of (sources, citations) cells once, and
    the walk ends as soon as every source the file cites has its title (a later row could
    only name one again): as a rule at the first row that names one."""
    titled: dict[int, tuple[int, str]] = {}
    if sources is None or not any(sources):
        return titled
    cited_anywhere = {cite[0] for group in set(citations) for cite in group}
    seen: set[tuple[str, str]] = set()
    names_of: dict[str, list[str]] = {}
    for cell, cite_cell, cites, row in compress(
        zip(sources, cite_cells, citations, numbers, strict=True), sources
    ):
        if (cell, cite_cell) in seen:
            continue
        seen.add((cell, cite_cell))
        names = names_of.get(cell)
        if names is None:
            names = names_of[cell] = [item[0] for item in split_items(cell)]
        cited = list(dict.fromkeys(c[0] for c in cites))
        if names and len(names) == len(cited):
            for sid, title in zip(cited, names, strict=True):
                titled.setdefault(sid, (row, title))
            if len(titled) == len(cited_anywhere):
                break
    return titled
