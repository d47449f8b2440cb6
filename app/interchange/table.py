"""Reading and writing CSV tables safely: the shared part of the CSV-based formats.

Reading never raises on bad input: invalid UTF-8, NUL characters, oversized cells, ragged
rows and bad header lines all become :class:`RowError` values with the row number a
spreadsheet shows (the header is row 1). Writing is spreadsheet-safe by default: a cell that
a spreadsheet would run as a formula gets a leading apostrophe (see :func:`neutralise`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import cast

from app.interchange.import_outcome import RowError

MAX_CELL = 100_000
MAX_BAD_BYTES = 1_000
BOM = "\ufeff"

# A cell starting with one of these is a formula (or DDE payload) to Excel, LibreOffice and
# Google Sheets. Neutralised cells get one more leading apostrophe, so that the escape is
# reversible: an exported "'=1+1" (the text "=1+1") imports as "=1+1" again, and a text
# that itself began "'=" is written "''=" and comes back unchanged.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# the first characters of the cells that neutralise() may change (it leaves others alone)
MAY_NEUTRALISE = frozenset(FORMULA_START + ("'",))
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")
# an apostrophe at the start of a CSV cell (plain or quoted) after the first, as restore()
# needs; see _may_restore
_APOSTROPHE_AFTER_START = re.compile(r"""[,\r\n]"?'""")


def neutralise(cell: str) -> str:
    """``cell`` made safe to open in a spreadsheet (a leading ``'`` where needed)."""
    if cell.lstrip("'").startswith(FORMULA_START):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """Undo :func:`neutralise`: drop the one apostrophe it adds."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell


def normalise_name(name: str) -> str:
    """A header name compared case-insensitively and ignoring extra spaces."""
    return " ".join(name.replace(BOM, "").split()).casefold()


@dataclass
class Table:
    """The checked rows of a CSV file: ``records`` are ``(row number, {column: cell})``."""

    columns: list[str] = field(default_factory=list)
    records: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _bad_byte_offsets(data: bytes) -> list[int]:
    offsets: list[int] = []
    pos = 0
    while pos < len(data) and len(offsets) < MAX_BAD_BYTES:
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as error:
            start = pos + error.start
            offsets.extend(range(start, pos + error.end))
            pos += error.end
    return offsets[:MAX_BAD_BYTES]


def read_table(
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

    The checks run on the whole file first (one strict decode, one search for NUL, one for a
    cell starting with an apostrophe); cells are looked at one by one only in the rows that
    may hold a problem, to name its row and column.
    """
    table = Table()
    errors = table.errors
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        base = 3
    else:
        base = 0
    try:
        text = data.decode("utf-8")
        bad: list[int] = []
    except UnicodeDecodeError:
        bad = _bad_byte_offsets(data)
        text = data.decode("utf-8", errors="surrogateescape")
    bad_iter = iter(bad)
    # every row's cells are checked when the file has a bad byte or a NUL; otherwise only
    # the rows with a cell longer than MAX_CELL (there can be one only in a longer file)
    check_all = bool(bad) or "\x00" in text
    check_long = len(text) > MAX_CELL
    restore_any = restore_cells and _may_restore(text)

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    header_bad = False
    index: list[str | None] = []
    plain = False  # every column named and no cell to restore: a record is dict(zip(...))
    row = 0
    records = table.records
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
        cell_problems = (
            check_all or (check_long and bool(cells) and max(map(len, cells)) > MAX_CELL)
        ) and _cell_problems(cells, row, header, index, bad_iter, base, errors)
        if header is None:
            if not any(map(str.strip, cells)):
                errors.append(RowError(row, "", "the first row must name the columns"))
                return table
            header = cells
            before = len(errors)
            index = _read_header(cells, row, known, required, errors)
            header_bad = len(errors) > before
            table.columns = [c for c in index if c]
            plain = None not in index and not restore_any
            continue
        if header_bad or not any(map(str.strip, cells)):
            continue  # with a bad header only the encoding of the rows is checked
        if len(cells) != len(header):
            errors.append(
                RowError(row, "", f"has {len(cells)} cells; the header has {len(header)}")
            )
            continue
        if cell_problems:
            continue
        if plain:
            records.append((row, dict(zip(cast(list[str], index), cells, strict=True))))
            continue
        record: dict[str, str] = {}
        for name, cell in zip(index, cells, strict=True):
            if name is None:
                if cell.strip():
                    errors.append(RowError(row, "", "a cell under a column with no name"))
                continue
            record[name] = restore(cell) if restore_cells else cell
        records.append((row, record))
    if header is None:
        errors.append(RowError(0, "", "the file is empty"))
    return table


def _may_restore(text: str) -> bool:
    """Whether some cell of the CSV ``text`` may begin with an apostrophe."""
    if "'" not in text:
        return False
    return text.startswith(("'", "\"'")) or _APOSTROPHE_AFTER_START.search(text) is not None


def _cell_problems(
    cells: list[str],
    row: int,
    header: list[str] | None,
    index: list[str | None],
    bad_iter: Iterator[int],
    base: int,
    errors: list[RowError],
) -> bool:
    """Check each cell of one row (encoding, NUL, size); report problems, say if any."""
    problems = False
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
            problems = True
        if "\x00" in cell:
            errors.append(RowError(row, column, "contains a NUL character"))
            problems = True
        if len(cell) > MAX_CELL:
            errors.append(
                RowError(row, column, f"longer than {MAX_CELL:,} characters ({len(cell):,})")
            )
            problems = True
    return problems


def _read_header(
    cells: list[str],
    row: int,
    known: Sequence[str],
    required: Sequence[str],
    errors: list[RowError],
) -> list[str | None]:
    index: list[str | None] = []
    seen: set[str] = set()
    for i, raw in enumerate(cells):
        name = normalise_name(raw)
        if not name:
            index.append(None)
            continue
        if name in seen:
            errors.append(RowError(row, raw, "this column name appears twice"))
            index.append(None)
            continue
        seen.add(name)
        if name not in known:
            shown = raw if len(raw) <= 40 else raw[:40] + "..."
            errors.append(
                RowError(row, shown, f"unknown column (column {i + 1}); known: {', '.join(known)}")
            )
            index.append(None)
            continue
        index.append(name)
    for name in required:
        if name not in seen:
            errors.append(RowError(row, name, "this required column is missing"))
    return index


def header_spelling(data: bytes) -> dict[str, str]:
    """Each column of ``data``'s first row, normalised -> as the file spells it (so that a
    message names a column exactly as the reader wrote it); {} if the row is unreadable."""
    text = data[:65536].decode("utf-8", errors="replace").removeprefix(BOM)
    try:
        first = next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        return {}
    return {normalise_name(raw): raw.strip() for raw in first if normalise_name(raw)}


def respell(errors: list[RowError], spelled: dict[str, str]) -> list[RowError]:
    """``errors`` with each column named as the file spells it."""
    return [RowError(e.row, spelled.get(e.column, e.column), e.reason) for e in errors]


def write_table(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, raw: bool = False, bom: bool = True
) -> bytes:
    """CSV bytes (UTF-8, CRLF, with a BOM so Excel reads UTF-8); cells neutralised unless
    ``raw``."""
    out = io.StringIO(newline="")
    if bom:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    if raw:
        writer.writerows(rows)
    else:
        risky = MAY_NEUTRALISE
        writer.writerows([neutralise(c) if c[:1] in risky else c for c in cells] for cells in rows)
    return out.getvalue().encode("utf-8")
