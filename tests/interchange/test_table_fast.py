"""The fast ``read_table`` (whole-file checks first) agrees with the per-cell original.

``reference_read_table`` is the original reader, kept here verbatim as the specification:
every cell checked for bad bytes, NUL and size, every cell passed through ``restore``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.interchange import csv_import, csvfmt
from app.interchange.import_outcome import RowError
from app.interchange.table import (
    MAX_CELL,
    Table,
    _bad_byte_offsets,
    _read_header,
    read_table,
    restore,
)

KNOWN = csvfmt.COLUMNS
REQUIRED = csvfmt.REQUIRED


def reference_read_table(
    data: bytes,
    *,
    known: Sequence[str],
    required: Sequence[str],
    restore_cells: bool = True,
) -> Table:
    """Read ``data`` (UTF-8, with or without a BOM) as a table with the given columns.

    ``known`` are the accepted column names (normalised); ``required`` must be present.
    Each record maps the normalised column name to its cell text (restored from
    :func:`neutralise` when ``restore_cells``). Fully blank rows are skipped.
    """
    table = Table()
    errors = table.errors
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        base = 3
    else:
        base = 0
    bad = _bad_byte_offsets(data)
    text = data.decode("utf-8", errors="surrogateescape")
    bad_iter = iter(bad)

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    header_bad = False
    index: list[str | None] = []
    row = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            row += 1
            reason = str(error)
            if "field larger than field limit" in reason:
                reason = f"a cell is longer than {MAX_CELL:,} characters"
            errors.append(RowError(row, "", f"not readable as CSV ({reason})"))
            continue
        row += 1
        cell_problems = False
        for i, cell in enumerate(cells):
            name = index[i] if header is not None and i < len(index) and index[i] else ""
            column = name or f"column {i + 1}"
            if any("\udc80" <= ch <= "\udcff" for ch in cell):
                first = next((n for n, ch in enumerate(cell) if "\udc80" <= ch <= "\udcff"), 0)
                count = sum(1 for ch in cell if "\udc80" <= ch <= "\udcff")
                offsets = [next(bad_iter, None) for _ in range(count)]
                at = offsets[0]
                where = f" at byte offset {at + base}" if at is not None else ""
                byte = ord(cell[first]) - 0xDC00
                errors.append(RowError(row, column, f"not valid UTF-8 (byte 0x{byte:02X}{where})"))
                cell_problems = True
            if "\x00" in cell:
                errors.append(RowError(row, column, "contains a NUL character"))
                cell_problems = True
            if len(cell) > MAX_CELL:
                errors.append(
                    RowError(row, column, f"longer than {MAX_CELL:,} characters ({len(cell):,})")
                )
                cell_problems = True
        if header is None:
            if not any(c.strip() for c in cells):
                errors.append(RowError(row, "", "the first row must name the columns"))
                return table
            header = cells
            before = len(errors)
            index = _read_header(cells, row, known, required, errors)
            header_bad = len(errors) > before
            table.columns = [c for c in index if c]
            continue
        if header_bad or not any(c.strip() for c in cells):
            continue  # with a bad header only the encoding of the rows is checked
        if len(cells) != len(header):
            errors.append(
                RowError(row, "", f"has {len(cells)} cells; the header has {len(header)}")
            )
            continue
        if cell_problems:
            continue
        record: dict[str, str] = {}
        for name, cell in zip(index, cells, strict=True):
            if name is None:
                if cell.strip():
                    errors.append(RowError(row, "", "a cell under a column with no name"))
                continue
            record[name] = restore(cell) if restore_cells else cell
        table.records.append((row, record))
    if header is None:
        errors.append(RowError(0, "", "the file is empty"))
    return table


def _same(data: bytes, restore_cells: bool = True) -> None:
    fast = read_table(data, known=KNOWN, required=REQUIRED, restore_cells=restore_cells)
    slow = reference_read_table(data, known=KNOWN, required=REQUIRED, restore_cells=restore_cells)
    assert (fast.columns, fast.records, fast.errors) == (slow.columns, slow.records, slow.errors)


# pieces that make cells interesting: separators, quotes, apostrophes that restore() undoes,
# bad and truncated UTF-8, NUL, spaces and a few names of columns
PIECES = [
    b",",
    b"\r\n",
    b"\n",
    b"\r",
    b'"',
    b"'",
    b"'=",
    b"''+",
    b"-1",
    b"@",
    b"\t",
    b" ",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xe2\x82",
    b"\xed\xa0\x80",
    b"\xc3\xa9",
    b"\xef\xbb\xbf",
    b"title",
    b"start",
    b"Title",
    b"id",
    b"x",
    b"2020",
    b";",
    b"|",
    b"\\",
]
HEADERS = [
    b"title,start\r\n",
    b"title,start,description,\r\n",
    b"\xef\xbb\xbfTITLE,start,tags\r\n",
    b"id,title,start,end,status,key_fact,lane,tags,entities,citations\r\n",
    b"",
]

files = st.builds(
    lambda header, parts: header + b"".join(parts),
    st.sampled_from(HEADERS),
    st.lists(st.sampled_from(PIECES), max_size=60),
)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files, st.booleans())
def test_fast_reader_agrees_with_the_original(data: bytes, restore_cells: bool) -> None:
    _same(data, restore_cells)


def _csv(rows: Sequence[Sequence[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8", "surrogateescape")


cell_text = st.text(
    alphabet=st.sampled_from(list("ab '\"=+-@\t\r\n,;|\\\x00é") + ["\udcff"]), max_size=8
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(cell_text, min_size=3, max_size=4), max_size=8))
def test_quoted_cells_agree_with_the_original(rows: list[list[str]]) -> None:
    data = _csv([["title", "start", "description"], *rows])
    _same(data)
    assert csv_import.check_csv(data, False).errors == _reference_check_errors(data)


def _reference_check_errors(data: bytes) -> list[RowError]:
    """check_csv's errors when its reader is the original one (csv_import's checks unchanged)."""
    original = csv_import.read_table
    csv_import.read_table = reference_read_table  # type: ignore[assignment]
    try:
        return csv_import.check_csv(data, False).errors
    finally:
        csv_import.read_table = original


def test_long_cells_and_bad_bytes_far_apart() -> None:
    big = b"a" * (MAX_CELL + 1)
    for data in [
        b"title,start,description\r\nx,2020," + big + b"\r\ny,2021,z\r\n",
        b"title,start,description\r\nx,2020," + big + b"\r\ny\xff,2021,z\x00\r\n",
        b'title,start,description\r\nx,2020,"' + big[:-10] + b"\r\n" + b"b" * 20 + b'"\r\n',
        b"title,start,description\r\n" + b"x,2020,'=1\r\n" * 3 + b"''@,2021,\"'-\"\r\n",
    ]:
        _same(data)
