"""A CSV file with tags, entity links and citations makes the same case whether it is checked a
column at a time or row by row: the same events, tags, entities, citations and row digests,
each write proved by the audit log (``check`` clean)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.interchange import csv_import
from app.interchange.csv_columns import check_columns
from app.store import fingerprints
from app.store.case import Case
from tests.bench.bench_interchange import tagged_csv

HOSTILE = (
    '5001,2011-02-03,,"Quoted ""title""",,established,yes,Legal,"a ""q"" tag; Ünï ☃",'
    '"Ann Roe|wit""ness\tx; Acme|payer","1|p. ""4"" \\\\|contradicts|said\tso; 2|p. 9",'
    '"Deposition; Letter"\r\n'
    "5002,2011-02-04,2011-02-05,Second,,,,,tag 3,,2|p. 10,Letter\r\n"
)


def _file() -> bytes:
    head = tagged_csv(1200)  # over the thousand rows that a bulk insert indexes as a run
    return head + HOSTILE.encode()


def _digests(case: Case) -> dict[str, dict[object, str]]:
    out: dict[str, dict[object, str]] = {}
    with case._units.read() as conn:  # noqa: SLF001 - the fingerprints are the store's own
        for table, spec in fingerprints.SPECS.items():
            found = fingerprints.rows(conn, spec)
            out[table] = {
                spec.key_of(r): fingerprints.digest(fingerprints.row_form(spec, r)) for r in found
            }
    return out


def _import(path: Path, data: bytes, by_rows: bool, with_letter: bool, mp) -> Case:  # type: ignore[no-untyped-def]
    case = Case.create(path, title="paths")
    case.create_source(title="Deposition", source_id=1)
    if with_letter:
        case.create_source(title="Letter", source_id=2)
    with mp.context() as patched:
        if by_rows:
            patched.setattr(csv_import, "check_columns", lambda *_: None)
        report = csv_import.import_csv(case, data)
    assert len(report.events) == 1202
    return case


@pytest.mark.parametrize("with_letter", [True, False])
def test_both_paths_make_the_same_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_letter: bool
) -> None:
    data = _file()
    assert check_columns(data, False, None) is not None  # the column path takes it
    fast = _import(tmp_path / "fast.case", data, False, with_letter, monkeypatch)
    slow = _import(tmp_path / "slow.case", data, True, with_letter, monkeypatch)
    try:
        assert_hostile_rows_landed(fast)
        assert _digests(fast) == _digests(slow)
        assert fast.check() == [] and slow.check() == []
    finally:
        fast.close()
        slow.close()


def assert_hostile_rows_landed(case: Case) -> None:
    """The rows of :data:`HOSTILE` are in ``case`` as written (with the sources Deposition,
    id 1, and Letter, named by the file)."""
    event = case.event(5001)
    assert sorted(event.tags) == ['a "q" tag', "Ünï ☃"]
    assert sorted(e.role for e in event.entities) == ["payer", 'wit"ness\tx']
    assert [(c.source_id, c.pinpoint, c.stance) for c in event.citations] == [
        (1, 'p. "4" \\', "contradicts"),
        (2, "p. 9", "supports"),
    ]
    assert [s.title for s in case.sources()] == ["Deposition", "Letter"]
