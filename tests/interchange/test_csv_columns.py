"""The column-at-a-time check of a clean CSV file gives the plan the row-by-row check gives,
and leaves every file with a problem to the row check (and its messages)."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

from app.interchange import csv_import
from app.interchange.csv_columns import check_columns
from app.interchange.csv_import import ImportPlan

DATA = Path(__file__).resolve().parents[1] / "data"

CELLS = {
    "id": ["", "", "7", " 12 ", "0", "x1", "99999999999999999999", "\u0663"],
    "start": ["2010-03-25", "2010-03-25", "2011-02-29", "3/4/2020", "June 2019", "", "  ",
              "circa 2004", "2019-13-01", "1999-12-31", "25 March 2010"],
    "end": ["", "", "", "2021-01-01", "2010-03-25", "1998", "nonsense"],
    "title": ["A meeting", "=1+1", "'=SUM(A1)", "  ", "", "Ünïcode ☃", " padded "],
    "description": ["", "said so", "line\nbreak", "'-2"],
    "status": ["", "alleged", "Disputed", "rumoured", " established "],
    "key_fact": ["", "yes", "No", "x", "maybe"],
    "lane": ["", "Sales", " Sales ", "Legal"],
    "tags": ["", "a; b", "a; a", "x|y", "  ", "one\\; two"],
    "entities": ["", "Ann|witness", "Ann|x; ann|y", "|role", "a|b|c"],
    "citations": ["", "1|p. 3", "1|p. 4|contradicts|q", "x|p", "1|p|maybe", "1|2|supports|q|e"],
    "sources": ["", "Deposition", "A; B"],
}  # fmt: skip


def _file(rng: random.Random, clean_bias: float) -> bytes:
    columns = ["title", "start", *rng.sample(sorted(set(CELLS) - {"title", "start"}), 5)]
    rng.shuffle(columns)
    if rng.random() < 0.1:
        columns.append("")  # a column with no name
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.upper() if rng.random() < 0.2 else c for c in columns])
    used_ids: set[str] = set()
    for n in range(rng.randint(1, 30)):
        if rng.random() < 0.03:
            out.write("\r\n" if rng.random() < 0.5 else "," * (len(columns) - 1) + "\r\n")
            continue
        row = []
        for c in columns:
            pool = CELLS.get(c, [""])
            cell = pool[0] if rng.random() < clean_bias else rng.choice(pool)
            if c == "id" and cell.strip():
                cell = str(n + 1) if rng.random() < 0.9 else cell
                cell = "" if cell in used_ids else cell
                used_ids.add(cell)
            row.append(cell)
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _by_rows(data: bytes, monkeypatch: pytest.MonkeyPatch) -> ImportPlan:
    with monkeypatch.context() as patched:
        patched.setattr(csv_import, "check_columns", lambda *_: None)
        return csv_import.check_csv(data, day_first=False)


@pytest.mark.parametrize("bias", [0.97, 0.85, 0.6])
def test_both_checks_agree(bias: float, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(int(bias * 100))
    fast = 0
    for _ in range(150):
        data = _file(rng, bias)
        slow = _by_rows(data, monkeypatch)
        clean = check_columns(data, False, None)
        if clean is None:
            continue
        fast += 1
        assert not slow.errors, data
        rows, warnings, titled = clean
        assert rows == slow.rows and warnings == slow.warnings, data
        assert titled == slow.source_titles, data
        assert csv_import.check_csv(data, day_first=False).events == slow.events
    assert fast >= 5  # the fast path took a fair share of the files


def test_the_sample_files_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted(DATA.glob("*.csv")):
        data = path.read_bytes()
        plan, slow = csv_import.check_csv(data, day_first=False), _by_rows(data, monkeypatch)
        assert (plan.rows, plan.errors, plan.warnings) == (slow.rows, slow.errors, slow.warnings)


def test_problems_are_left_to_the_row_check() -> None:
    for data in [
        b"title,start\r\nok,2020-01-01\r\nbad,2021-02-30\r\n",
        b"title,start,end\r\nok,2020-01-02,2020-01-01\r\n",
        b"title,start\r\nok,2020\r\nshort\r\n",
        b"id,title,start\r\n1,a,2020\r\n1,b,2020\r\n",
        b"title,start\r\n\xff,2020\r\n",
        b"title,start\r\n",
    ]:
        assert check_columns(data, False, None) is None, data


def test_a_cell_too_long_is_found_on_one_line_or_across_lines() -> None:
    from app.interchange.table import MAX_CELL

    head = b"title,start,description\r\n"
    short = b"".join(b"Event %d,2010-03-25,said so\r\n" % n for n in range(MAX_CELL // 20))
    assert len(short) > MAX_CELL and check_columns(head + short, False, None) is not None
    one_line = b'Long,2010-03-25,"' + b"x" * (MAX_CELL + 1) + b'"\r\n'
    lines = b'Long,2010-03-25,"' + b"xxxxxxxxx\n" * (MAX_CELL // 10 + 1) + b'"\r\n'
    for long in (one_line, lines):
        assert check_columns(head + short + long, False, None) is None
        plan = csv_import.check_csv(head + short + long, day_first=False)
        assert [e.column for e in plan.errors] == ["description"]
