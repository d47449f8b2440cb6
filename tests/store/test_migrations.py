"""Alembic revisions build exactly the declared schema; older cases are backed up, then
migrated in one transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.store import audit
from app.store.case import Case
from app.store.engine import Mode
from app.store.migrate import upgrade
from app.store.schema import APPLICATION_ID, SCHEMA_VERSION, Base
from app.store.sqlite.connect import connect_raw, make_engine


def _not_fts(_obj: object, name: str, type_: str, *_: object) -> bool:
    return not (type_ == "table" and "_fts" in (name or ""))


def test_migrated_schema_matches_the_models(new_case: Case) -> None:
    with new_case._engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": _not_fts, "compare_type": True}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def _schema_one_case(path: Path) -> None:
    raw = connect_raw(path, Mode.NEW)
    raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    raw.close()
    engine = make_engine(path, Mode.OPEN)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO case_info(id, title, created, day_first, schema_version, audit_head, "
            "audit_count) VALUES (1, 'Old case', '2020-01-01T00:00:00+00:00', 0, 1, ?, 0)",
            (audit.GENESIS,),
        )
        conn.exec_driver_sql(
            "INSERT INTO events(title, description, status, key_fact, version, "
            "start_ambiguous, end_ambiguous) VALUES ('Kept', '', 'alleged', 0, 1, 0, 0)"
        )
    engine.dispose()


def test_older_case_is_backed_up_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.case"
    _schema_one_case(path)
    old_bytes = path.read_bytes()
    with Case.open(path) as case:
        assert case.notice and "upgraded from schema 1" in case.notice
        assert case.backup is not None and case.backup.exists()
        assert [e.title for e in case.events()] == ["Kept"]
        assert case.check() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM saved_views").fetchone()[0] == 0
    conn.close()
    backup = sqlite3.connect(case.backup)
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    assert backup.execute("SELECT title FROM events").fetchall() == [("Kept",)]
    backup.close()
    assert len(old_bytes) > 0


def test_review_mode_does_not_migrate(tmp_path: Path) -> None:
    path = tmp_path / "old.case"
    _schema_one_case(path)
    before = path.read_bytes()
    with Case.open(path, Mode.REVIEW) as case:
        assert case.notice and "older" in case.notice
        assert [e.title for e in case.events()] == ["Kept"]
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.bak"))


def test_date_settings_migration_keeps_dates_and_accepts_the_new_precisions(
    tmp_path: Path,
) -> None:
    from app.domain.dates import DateSettings, FuzzyDate

    path = tmp_path / "two.case"
    raw = connect_raw(path, Mode.NEW)
    raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    raw.close()
    engine = make_engine(path, Mode.OPEN)
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO case_info(id, title, created, day_first, schema_version, audit_head, "
            "audit_count) VALUES (1, 'Old case', '2020-01-01T00:00:00+00:00', 0, 2, ?, 0)",
            (audit.GENESIS,),
        )
        conn.exec_driver_sql(
            "INSERT INTO events(title, description, status, key_fact, version, start_text, "
            "start_iso, start_precision, start_qualifier, start_earliest, start_latest, "
            "start_ambiguous, end_ambiguous) VALUES ('Old', '', 'alleged', 0, 1, "
            "'before 2013', '../2013', 'year', 'before', -62135596800, 1356998400, 0, 0)"
        )
    engine.dispose()
    with Case.open(path) as case:
        assert case.date_settings == DateSettings()
        (old,) = case.events()
        assert old.start is not None and old.start.same_claim(FuzzyDate.parse("before 2013"))
        for text in ("1990s", "19th century", "Q3 2015", "Spring 2015", "early 2016"):
            case.create_event(title=text, start=FuzzyDate.parse(text))
        case.create_event(title="s", start=FuzzyDate.parse("2019-03-25 14:05:33 EST"))
        case.create_era(
            name="Antiquity",
            start=FuzzyDate.parse("5th century BC"),
            end=FuzzyDate.parse("1st century"),
            colour="",
        )
        assert {e.start.precision.value for e in case.events() if e.start} >= {
            "decade",
            "century",
            "quarter",
            "season",
            "third",
            "second",
        }
        assert case.check() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
