"""Reading progress in the case: added to, never lost, audited and fingerprinted."""

from __future__ import annotations

import sqlite3

import pytest

from app.domain.reading import ReadingError, ReadingProgress, format_ranges, parse_ranges
from app.store.case import Case
from app.store.errors import ValidationError
from app.store.reading import reading_of


def test_ranges_read_merge_and_write_back() -> None:
    assert parse_ranges("7, 1-3,4,9-12,10") == [(1, 4), (7, 7), (9, 12)]
    assert format_ranges(parse_ranges("1-4,7,9-12")) == "1-4,7,9-12"
    for bad in ("0", "3-1", "x", "1-", "99999999"):
        with pytest.raises(ReadingError):
            parse_ranges(bad)


def test_progress_counts_and_says_what_was_read() -> None:
    progress = ReadingProgress(1, "page", 40).adding("page", 40, [1, 2, 3, 10, 11, 3])
    assert progress.count == 5 and progress.summary() == "5 of 40 pages read"
    assert progress.has_seen(11) and not progress.has_seen(12) and not progress.done
    one = ReadingProgress(1, "paragraph", 1).adding("paragraph", 1, [1])
    assert one.summary() == "1 of 1 paragraph read" and one.done and one.fraction == 1.0
    replaced = progress.adding("page", 12, [2])  # another copy: counted again from here
    assert replaced.count == 1 and replaced.total == 12
    with pytest.raises(ReadingError, match="page 41"):
        progress.adding("page", 40, [41])
    with pytest.raises(ReadingError):
        progress.adding("line", 40, [1])


def test_recorded_places_add_up_in_one_audited_transaction(demo_case: Case) -> None:
    reading = reading_of(demo_case)
    sources = [s.id for s in demo_case.sources()][:2]
    assert reading.all() == {}
    changes = reading.record(
        {sources[0]: ("page", 40, [1, 2, 3]), sources[1]: ("paragraph", 9, [1])}
    )
    assert set(changes.ids("reading")) == set(sources)  # reading rows by their source's id
    assert changes.ids("source") == ()
    reading.record({sources[0]: ("page", 40, [3, 4, 12])})
    progress = reading.get(sources[0])
    assert progress is not None and progress.summary() == "5 of 40 pages read"
    assert progress.seen == ((1, 4), (12, 12)) and progress.updated
    assert reading.record({sources[0]: ("page", 40, [2])}).changes == ()  # nothing new
    assert reading.of([sources[1]])[sources[1]].summary() == "1 of 9 paragraphs read"
    with demo_case._units.read() as conn:  # noqa: SLF001
        rows = conn.exec_driver_sql(
            "SELECT count(*) FROM audit_log WHERE table_name = 'reading_progress'"
        ).scalar_one()
    assert rows == 3


def test_bad_progress_is_refused_and_nothing_is_written(demo_case: Case) -> None:
    reading = reading_of(demo_case)
    first, second = [s.id for s in demo_case.sources()][:2]
    with pytest.raises(ValidationError, match=f"source {second}: page 9 is not in"):
        reading.record({first: ("page", 10, [1]), second: ("page", 8, [9])})
    assert reading.all() == {}
    assert reading.record({99999: ("page", 3, [1])}).changes == ()  # a source deleted meanwhile


def test_check_names_a_progress_row_changed_behind_the_programs_back(demo_case: Case) -> None:
    from app.cli.case_args import file_checker

    source = demo_case.sources()[0].id
    reading_of(demo_case).record({source: ("page", 20, [1, 2])})
    assert not demo_case.check(verify_file=file_checker(demo_case))
    with sqlite3.connect(demo_case.path) as conn:
        conn.execute("UPDATE reading_progress SET seen = '1-20'")
    problems = demo_case.check(verify_file=file_checker(demo_case))
    assert any("reading_progress row" in p for p in problems)


def test_progress_counts_for_the_copy_that_was_read(new_case: Case) -> None:
    import hashlib

    def stored(data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        new_case.store_file(sha256=sha, data=data, size=len(data), original_name="memo.txt")
        return sha

    first = stored(b"one\n\ntwo\n")
    source = new_case.create_source(
        title="Memo", file_path="memo.txt", file_sha256=first, file_stored=True
    ).created("source")
    reading = reading_of(new_case)
    reading.record({source: ("paragraph", 2, [1, 2])})
    assert reading.get(source).done and reading.get(source).file_sha256 == first
    new_case.update_source(source, file_sha256=stored(b"one\n\ntwo\n\nthree\n"))
    assert reading.get(source) is None and reading.all() == {}  # another copy: unread
    reading.record({source: ("paragraph", 3, [3])})
    assert reading.get(source).summary() == "1 of 3 paragraphs read"
    assert new_case.check() == []


def test_a_new_source_given_a_deleted_ones_id_starts_unread(new_case: Case) -> None:
    import hashlib

    def source_with(data: bytes, title: str) -> int:
        sha = hashlib.sha256(data).hexdigest()
        new_case.store_file(sha256=sha, data=data, size=len(data), original_name="a.txt")
        return new_case.create_source(
            title=title, file_path="a.txt", file_sha256=sha, file_stored=True
        ).created("source")

    reading = reading_of(new_case)
    gone = source_with(b"first\n", "First")
    reading.record({gone: ("paragraph", 1, [1])})
    new_case.delete_source(gone)
    again = source_with(b"second\n", "Second")  # SQLite gives the same id again
    assert reading.get(again) is None and reading.all() == {}


def test_progress_outlives_an_undone_deletion_of_its_source(new_case: Case) -> None:
    source = new_case.create_source(title="Memo").created("source")
    reading = reading_of(new_case)
    reading.record({source: ("paragraph", 4, [1, 2])})
    reading.forget(source)
    assert reading.get(source) is None
    reading.record({source: ("paragraph", 4, [3])})
    assert reading.get(source) is not None and reading.get(source).count == 1
