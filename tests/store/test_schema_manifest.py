"""The schema manifests are exactly what the migrations create, and what opening compares
a case's ``sqlite_master`` with."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.store.case import Case
from app.store.engine import Mode
from app.store.errors import SchemaMismatchError
from app.store.schema import SCHEMA_VERSION
from app.store.sqlite import manifest


def test_committed_manifests_are_what_the_migrations_create() -> None:
    problems = manifest.stale_manifests()
    assert problems == [], (
        "the schema manifests are out of date: "
        + "; ".join(problems)
        + f". Run `{manifest.REGENERATE}` and commit app/store/sqlite/manifests/"
    )


def _revision_numbers(folder: Path) -> list[int]:
    """The revisions of the history by their numbers (each writes its own user_version)."""
    return sorted(int(f.name[:4]) for f in folder.glob("[0-9][0-9][0-9][0-9]_*.py"))


def test_every_revision_up_to_the_newest_has_a_manifest() -> None:
    from app.paths import migrations_dir

    manifests = manifest.load_manifests()
    assert max(manifests) == SCHEMA_VERSION
    assert sorted(manifests) == _revision_numbers(migrations_dir() / "versions")
    newest = manifests[SCHEMA_VERSION]
    names = {(o.type, o.name) for o in newest.objects}
    # the FTS5 tables and their shadow tables, the queue triggers and the append-only ones
    assert ("table", "events_fts") in names and ("table", "events_fts_data") in names
    assert ("trigger", "events_search_update") in names
    assert ("trigger", "audit_log_no_delete") in names
    assert ("table", "saved_views") in names and ("table", "saved_views") not in {
        (o.type, o.name) for o in manifests[1].objects
    }


def test_a_missing_manifest_is_named_with_the_command_to_run(tmp_path: Path) -> None:
    for built in manifest.build_manifests()[:-1]:
        manifest.manifest_path(built, tmp_path).write_text(built.to_json(), encoding="utf-8")
    (tmp_path / "0099.json").write_text("{}", encoding="utf-8")
    problems = manifest.stale_manifests(tmp_path)
    assert any("has no manifest" in p for p in problems)
    assert any("0099.json belongs to no revision" in p for p in problems)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("CREATE TABLE t (a INTEGER)", 'create   table "t"(\n  "A" integer)'),
        ("CREATE INDEX i ON t (a)", "CREATE INDEX [i] ON `t`(a) -- a comment"),
        ("CREATE TABLE t (a TEXT CHECK (a <> 'x'))", "CREATE TABLE t(a TEXT CHECK(a<>'x'))"),
    ],
)
def test_normalised_sql_ignores_spacing_case_and_quoting(a: str, b: str) -> None:
    assert manifest.normalise_sql(a) == manifest.normalise_sql(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("CREATE TABLE t (a TEXT CHECK (a <> 'x'))", "CREATE TABLE t (a TEXT CHECK (a <> 'X'))"),
        ("CREATE TABLE t (a TEXT CHECK (a <> 'x'))", "CREATE TABLE t (a TEXT CHECK (a <> ' x'))"),
        ('CREATE TABLE "a b" (c)', "CREATE TABLE a b (c)"),
        ("CREATE TABLE t (a)", "CREATE TABLE t (a, b)"),
    ],
)
def test_normalised_sql_keeps_what_matters(a: str, b: str) -> None:
    assert manifest.normalise_sql(a) != manifest.normalise_sql(b)


def test_a_word_is_a_letter_underscore_or_non_ascii_then_those_digits_and_dollars() -> None:
    # the token classes, written as what they leave out, hold exactly these characters
    import re

    start = re.compile(manifest._WORD_START)
    rest = re.compile(manifest._WORD_REST)
    for code in range(0x80):
        c = chr(code)
        assert bool(start.fullmatch(c)) == (c.isalpha() or c == "_"), hex(code)
        assert bool(rest.fullmatch(c)) == (c.isalnum() or c in "_$"), hex(code)
    beyond = "".join(map(chr, range(0x80, 0x110000)))  # lone surrogates included
    assert re.fullmatch(f"{manifest._WORD_START}*", beyond)
    assert re.fullmatch(f"{manifest._WORD_REST}*", beyond)
    assert manifest.normalise_sql("CREATE TABLE \u00e9t\u00e9$1 (a$b INTEGER)") == (
        "create table \u00e9t\u00e9$1 ( a$b integer )"
    )


def test_sqlite_own_statistics_tables_are_allowed(new_case: Case, case_path: Path) -> None:
    """ANALYZE (or PRAGMA optimize) adds sqlite_stat1: data for the query planner, never
    run; a case that has it opens."""
    new_case.create_event(title="A")
    new_case.close()
    conn = sqlite3.connect(case_path)
    conn.execute("ANALYZE")
    conn.commit()
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "sqlite_stat1" in names
    with Case.open(case_path) as case:
        assert [e.title for e in case.events()] == ["A"]


def test_sqlite_own_table_with_another_definition_is_refused(
    new_case: Case, case_path: Path
) -> None:
    """sqlite_stat1 is allowed only as SQLite makes it; one written into the schema with
    another definition (writable_schema) is not SQLite's."""
    new_case.close()
    conn = sqlite3.connect(case_path)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE TABLE sqlite_stat1(tbl,idx,stat,extra)' "
        "WHERE name = 'sqlite_stat1'"
    )
    conn.commit()
    conn.close()
    with pytest.raises(SchemaMismatchError, match="sqlite_stat1"):
        Case.open(case_path, Mode.REVIEW)


def test_an_upgraded_case_matches_the_newest_manifest(tmp_path: Path) -> None:
    from app.store.migrate import upgrade
    from app.store.sqlite.connect import make_engine, write_application_id

    path = tmp_path / "old.case"
    write_application_id(path)
    engine = make_engine(path, Mode.OPEN)
    upgrade(engine, "0001")
    engine.dispose()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert manifest.compare(manifest.read_objects(conn), manifest.manifest_for(1).objects) == []
    conn.close()
    engine = make_engine(path, Mode.OPEN)
    upgrade(engine)
    engine.dispose()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    found = manifest.read_objects(conn)
    conn.close()
    assert manifest.compare(found, manifest.newest_manifest().objects) == []


LATER_MIGRATION = '''"""A later revision (made by the test).

Revision ID: {new}
Revises: {head}
"""

from alembic import op

revision = "{new}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE later_things (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL)")
    op.execute("PRAGMA user_version = {version}")


def downgrade() -> None:
    raise NotImplementedError
'''


def test_a_new_migration_is_found_and_needs_its_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generator walks the Alembic history: a migration added later gets its manifest
    from the same one command, and until then the check names it."""
    import shutil

    from app.paths import migrations_dir
    from app.store import migrate

    copied = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), copied, ignore=shutil.ignore_patterns("__pycache__"))
    numbers = _revision_numbers(copied / "versions")
    head = max(numbers)
    new = f"{head + 1:04d}"
    (copied / "versions" / f"{new}_later.py").write_text(
        LATER_MIGRATION.format(new=new, head=f"{head:04d}", version=head + 1), encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "migrations_dir", lambda: copied)
    built = manifest.build_manifests()
    assert [(m.revision, m.user_version) for m in built] == [
        (f"{k:04d}", k) for k in [*numbers, head + 1]
    ]
    assert ("table", "later_things") in {(o.type, o.name) for o in built[-1].objects}
    folder = tmp_path / "manifests"
    folder.mkdir()
    for m in built[:-1]:
        manifest.manifest_path(m, folder).write_text(m.to_json(), encoding="utf-8")
    assert manifest.stale_manifests(folder) == [f"revision {new} has no manifest ({new}.json)"]
