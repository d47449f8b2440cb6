"""The first frame's raw read (app.store.sqlite.first_frame): the same columns as the store's
own read, without SQLAlchemy, and None (the full opening decides) for any case that is not a
plain file of the current schema. It never changes the file."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from app.domain.dates import FuzzyDate
from app.store.case import Case
from app.store.schema import APPLICATION_ID, SCHEMA_VERSION
from app.store.sqlite import first_frame
from app.store.sqlite.first_frame import read_first_frame
from tests.hostile import HOSTILE, digest

ROOT = Path(__file__).resolve().parents[2]


def assert_same_columns(a, b) -> None:  # type: ignore[no-untyped-def]
    for field in dataclasses.fields(a):
        x, y = getattr(a, field.name), getattr(b, field.name)
        if not isinstance(x, np.ndarray):
            assert x == y and list(x) == list(y), field.name
        else:
            assert x.dtype == y.dtype and np.array_equal(x, y), field.name


def test_constants_follow_the_schema() -> None:
    assert first_frame.APPLICATION_ID == APPLICATION_ID
    assert max(first_frame.load_manifests()) == SCHEMA_VERSION


def test_demo_case_reads_as_the_store_reads_it(demo_case_path: Path) -> None:
    before = digest(demo_case_path)
    cols = read_first_frame(demo_case_path)
    assert cols is not None and len(cols) > 0
    with Case.open(
        demo_case_path,
    ) as case:
        assert_same_columns(cols, case.timeline_columns())
    assert digest(demo_case_path) == before


def test_every_date_form_flag_and_citation_reads_alike(case_path: Path) -> None:
    with Case.create(case_path, title="forms") as case:
        source = case.create_source(title="Deposition").created("source")
        texts = ["2010", "2010-03", "2010-03-04", "c. 2011", "before 2012-05", "after 2013",
                 "2014-Q2", "between 2015 and 2016", "1990s"]  # fmt: skip
        ids = []
        for k, text in enumerate(texts):
            end = FuzzyDate.parse("2017-01-01") if k % 3 == 0 else None
            made = case.create_event(title=f"event {k}", start=FuzzyDate.parse(text), end=end,
                                     status=("alleged", "disputed", "established")[k % 3],
                                     key_fact=k % 2 == 0)  # fmt: skip
            ids.append(made.created("event"))
        case.create_event(title="undated one", status="disputed", key_fact=True)
        case.create_event(title="undated two")
        case.add_citation(event_id=ids[0], source_id=source, pinpoint="p. 1")
        case.add_citation(event_id=ids[1], source_id=source, stance="contradicts")
        case.add_citation(event_id=ids[2], source_id=source)
        case.add_citation(event_id=ids[2], source_id=source, stance="contradicts")
        expected = case.timeline_columns()
        order = case.event_ids()
    cols = read_first_frame(case_path)
    assert cols is not None and len(cols.undated_ids) == 2
    assert_same_columns(cols, expected)
    ids = first_frame.event_ids_of(case_path)
    assert ids.dtype == np.int64 and ids.tolist() == order


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_refused_schema_is_left_to_the_full_opening(demo_case_path: Path, name: str) -> None:
    HOSTILE[name](demo_case_path)
    before = digest(demo_case_path)
    assert read_first_frame(demo_case_path) is None
    assert digest(demo_case_path) == before


def test_unusual_files_are_left_to_the_full_opening(tmp_path: Path, demo_case_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
    text = tmp_path / "notes.case"
    text.write_text("not a case")
    assert read_first_frame(other) is None
    assert read_first_frame(text) is None
    assert read_first_frame(tmp_path / "missing.case") is None
    journal = demo_case_path.with_name(demo_case_path.name + "-journal")
    journal.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(504))  # a hot journal
    assert read_first_frame(demo_case_path) is None
    journal.write_bytes(bytes(512))  # the zeroed journal an open case keeps: nothing to undo
    assert read_first_frame(demo_case_path) is not None
    journal.unlink()
    conn = sqlite3.connect(demo_case_path)
    conn.execute("PRAGMA user_version = 4")  # older: the full opening migrates it
    conn.close()
    assert read_first_frame(demo_case_path) is None


def test_the_read_imports_no_sqlalchemy(demo_case_path: Path) -> None:
    code = (
        "import sys\n"
        "from app.store.sqlite.first_frame import read_first_frame\n"
        f"assert read_first_frame({str(demo_case_path)!r}) is not None\n"
        "import app.ui.first_frame\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_an_index_over_the_raw_read_patches_as_the_store_read_does(case_path: Path) -> None:
    from app.timeline.index import TimelineIndex

    with Case.create(case_path, title="patch") as case:
        made = [
            case.create_event(
                title=f"event {k} – é", start=FuzzyDate.parse(f"20{10 + k}-01-02")
            ).created("event")
            for k in range(8)
        ]
        raw, stored = read_first_frame(case_path), case.timeline_columns()
        assert raw is not None
        ours, theirs = TimelineIndex(raw), TimelineIndex(stored)
        version = case.event(made[2]).version
        case.update_event(made[2], expected_version=version, title="moved and renamed",
                          start=FuzzyDate.parse("2030-05-05"))  # fmt: skip
        case.delete_event(made[5])
        added = case.create_event(title="new one", start=FuzzyDate.parse("2012-06-07"))
        touched = [made[2], added.created("event")]
        dated, undated = case.timeline_rows(touched)
        for index in (ours, theirs):
            index.patch(dated, undated, [made[5]])
            index.set_visible(touched)  # a filter: the titles taken for the visible ones
            index.set_visible(None)
        assert_same_columns(ours.all_cols, theirs.all_cols)
        assert_same_columns(ours.all_cols, case.timeline_columns())
        assert "moved and renamed" in list(ours.all_cols.titles)


def test_random_moves_on_the_raw_read_match_the_store(case_path: Path) -> None:
    """Re-dating events near and far (the in-place moves of the timeline index) on an index
    over the raw read's text column gives the store's own columns after every edit."""
    import random

    from app.timeline.index import TimelineIndex

    rng = random.Random(7)
    with Case.create(case_path, title="moves") as case:
        with case.batch():
            ids = [
                case.create_event(
                    title=f"ev {k} \u2013 \u00e9", start=FuzzyDate.parse(f"{1900 + k}-03-04")
                ).created("event")
                for k in range(60)
            ]
        raw = read_first_frame(case_path)
        assert raw is not None
        index = TimelineIndex(raw)
        for step in range(40):
            event_id = rng.choice(ids)
            year = 1900 + rng.randrange(60) if step % 2 else rng.randrange(1850, 2050)
            version = case.event(event_id).version
            when = FuzzyDate.parse(f"{year}-03-04")
            case.update_event(event_id, expected_version=version, title=f"moved {step}", start=when)
            dated, undated = case.timeline_rows([event_id])
            index.patch(dated, undated, [])
            assert_same_columns(index.all_cols, case.timeline_columns())
