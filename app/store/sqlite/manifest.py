"""The schema manifests: for each Alembic revision, exactly the objects of ``sqlite_master``
(tables, FTS5 shadow tables, indexes, triggers, views) that Casetrail's migrations create,
with their SQL normalised; and the comparison that opening makes before anything in a case
runs.

A case whose ``sqlite_master`` holds anything extra, lacks anything, or holds an object whose
SQL differs from the manifest of its own revision (``PRAGMA user_version``) is refused: a
trigger or view added behind the program's back would otherwise run the moment Casetrail
writes or reads.

The manifests are committed data (``manifests/<revision>.json``, shipped in the wheel) and
are regenerated from the migrations with one command::

    python -m app.store.sqlite.manifest --write

which builds a fresh case at every revision of the Alembic history (so a new migration needs
nothing else); ``--check`` (and a test) says whether the committed files are still exact.
A migration should state its DDL as literal SQL (as 0001 does), so that what it creates, and
so its manifest, never depends on the version of SQLAlchemy that renders it.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.store.errors import CaseFileError, SchemaDifference, SchemaMismatchError

MANIFEST_DIR = Path(__file__).resolve().with_name("manifests")
REGENERATE = "python -m app.store.sqlite.manifest --write"

# SQLite's own tables, which it may add to any database (ANALYZE, PRAGMA optimize, an
# AUTOINCREMENT table): allowed when they hold exactly the definition SQLite gives them.
# They are data for the query planner only, never run as code. (sqlite_autoindex_* indexes
# belong to the tables whose constraints make them, and so are in the manifests.)
SQLITE_OWN = {
    ("table", "sqlite_sequence"): "create table sqlite_sequence ( name , seq )",
    ("table", "sqlite_stat1"): "create table sqlite_stat1 ( tbl , idx , stat )",
    ("table", "sqlite_stat4"): (
        "create table sqlite_stat4 ( tbl , idx , neq , nlt , ndlt , sample )"
    ),
}


@dataclass(frozen=True, order=True)
class SchemaObject:
    """One row of ``sqlite_master`` (its root page left out), SQL normalised."""

    type: str
    name: str
    tbl_name: str
    sql: str | None


@dataclass(frozen=True)
class Manifest:
    revision: str
    user_version: int
    objects: tuple[SchemaObject, ...]

    def to_json(self) -> str:
        doc = {
            "revision": self.revision,
            "user_version": self.user_version,
            "regenerate": REGENERATE,
            "objects": [
                {"type": o.type, "name": o.name, "tbl_name": o.tbl_name, "sql": o.sql}
                for o in sorted(self.objects, key=_order)
            ],
        }
        return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        doc = json.loads(text)
        objects = tuple(
            SchemaObject(o["type"], o["name"], o["tbl_name"], o["sql"]) for o in doc["objects"]
        )
        return cls(str(doc["revision"]), int(doc["user_version"]), objects)


# -- normalising SQL ----------------------------------------------------------------------

# A word starts with a letter, "_" or any character beyond ASCII, and goes on with those,
# digits and "$". The classes are written as what they leave out (the rest of ASCII): the
# same characters, but compiled in a fraction of a millisecond instead of ten (a class
# reaching up to U+10FFFF makes re build a bitmap of the whole BMP), on the way to every
# case's first frame.
_WORD_START = r"[^\x00-\x40\x5b-\x5e\x60\x7b-\x7f]"  # [A-Za-z_\x80-\U0010ffff]
_WORD_REST = r"[^\x00-\x23\x25-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]"  # [A-Za-z0-9_$\x80-...]
_TOKEN = re.compile(
    rf"""
      (?P<space>\s+)
    | (?P<comment>--[^\n]*|/\*.*?(?:\*/|$))
    | (?P<string>'(?:[^']|'')*')
    | (?P<quoted>"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\])
    | (?P<word>{_WORD_START}{_WORD_REST}*)
    | (?P<number>0[xX][0-9a-fA-F]+|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
    | (?P<op><=|>=|<>|!=|==|\|\||<<|>>|->>|->)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def normalise_sql(sql: str | None) -> str | None:
    """``sql`` as tokens joined by single spaces: comments dropped, words and identifiers in
    lower case (SQLite compares both without regard to ASCII case) and unquoted, string
    literals kept exactly. Two statements normalise alike only if SQLite reads them alike."""
    if sql is None:
        return None
    out: list[str] = []
    for match in _TOKEN.finditer(sql):
        kind, text = match.lastgroup, match.group()
        if kind in ("space", "comment"):
            continue
        if kind == "quoted":
            inner = text[1:-1]
            if text[0] in '"`':
                inner = inner.replace(text[0] * 2, text[0])
            # an identifier that needs its quotes keeps them (in one style)
            plain = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$]*", inner)
            text = inner if plain else '"' + inner.replace('"', '""') + '"'
        if kind in ("word", "quoted"):
            text = text.lower()
        out.append(text)
    return " ".join(out)


def read_objects(conn: sqlite3.Connection) -> list[SchemaObject]:
    """Every object in the file's ``sqlite_master`` (reading it runs nothing)."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return sorted(
        (SchemaObject(str(t), str(n), str(tb), normalise_sql(s)) for t, n, tb, s in rows),
        key=_order,
    )


def _order(o: SchemaObject) -> tuple[str, str, str, str]:
    return (o.type, o.name, o.tbl_name, o.sql or "")


# -- the committed manifests --------------------------------------------------------------


@cache
def load_manifests(folder: Path = MANIFEST_DIR) -> dict[int, Manifest]:
    """The committed manifests by the ``user_version`` their revision writes."""
    found: dict[int, Manifest] = {}
    # the names listed, not globbed: a glob compiles a pattern, on the way to the first frame
    for path in sorted(p for p in folder.iterdir() if p.name.endswith(".json")):
        manifest = Manifest.from_json(path.read_text(encoding="utf-8"))
        found[manifest.user_version] = manifest
    return found


def manifest_for(user_version: int) -> Manifest | None:
    return load_manifests().get(user_version)


def newest_manifest() -> Manifest:
    manifests = load_manifests()
    return manifests[max(manifests)]


# -- comparing ----------------------------------------------------------------------------


def compare(
    found: Iterable[SchemaObject], expected: Iterable[SchemaObject]
) -> list[SchemaDifference]:
    """What differs between the objects ``found`` in a file and those ``expected``."""
    found = list(found)
    have = {(o.type, o.name): o for o in found}
    want = {(o.type, o.name): o for o in expected}
    out: list[SchemaDifference] = []
    if len(have) < len(found):  # the same name twice: only a hand-written schema has that
        seen: set[tuple[str, str]] = set()
        for o in found:
            if (o.type, o.name) in seen:
                out.append(SchemaDifference("extra", o.type, o.name))
            seen.add((o.type, o.name))
    for key, obj in sorted(have.items()):
        if key in want:
            if (obj.tbl_name.lower(), obj.sql) != (want[key].tbl_name.lower(), want[key].sql):
                out.append(SchemaDifference("differs", *key))
        elif SQLITE_OWN.get(key) != obj.sql:
            out.append(SchemaDifference("extra", *key))
    out += [SchemaDifference("missing", *key) for key in sorted(want) if key not in have]
    return out


def newer_schema_problems(found: Iterable[SchemaObject]) -> list[SchemaDifference]:
    """For a case written by a newer Casetrail (opened for review only, when no trigger can
    fire): every table this version reads must be a table (never a view in its place)."""
    have = {(o.type, o.name) for o in found}
    return [
        SchemaDifference("missing", o.type, o.name)
        for o in newest_manifest().objects
        if o.type == "table" and (o.type, o.name) not in have
    ]


def verify_schema(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Refuse the case at ``path`` (:class:`SchemaMismatchError`) unless its
    ``sqlite_master`` is exactly the manifest of its revision ``version``; read through
    ``conn``, a connection that has run nothing else in the file."""
    found = read_objects(conn)
    manifest = manifest_for(version)
    if manifest is None:
        if version > max(load_manifests()):  # newer: opened for review only
            problems = newer_schema_problems(found)
            if problems:
                raise SchemaMismatchError(path, problems)
            return
        raise CaseFileError(path, f"is damaged (schema {version} is not one Casetrail made)")
    differences = compare(found, manifest.objects)
    if differences:
        ours = {o.name for o in manifest.objects if o.type == "table"}
        foreign = not any(o.type == "table" and o.name in ours for o in found)
        raise SchemaMismatchError(path, differences, foreign=foreign)
    # the schema is Casetrail's; its migration record must name the same revision
    recorded = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
    if recorded != [manifest.revision]:
        raise CaseFileError(
            path,
            f"is damaged (its schema is revision {manifest.revision} but its migration "
            f"record says {', '.join(map(str, recorded)) or 'none'})",
        )


# -- building the manifests from the migrations -------------------------------------------


def build_manifests() -> list[Manifest]:
    """A fresh case built at every revision of the Alembic history, base first, and the
    objects each one holds."""
    from alembic.script import ScriptDirectory

    from app.store.engine import Mode
    from app.store.migrate import alembic_config, upgrade
    from app.store.sqlite.connect import make_engine, write_application_id

    script = ScriptDirectory.from_config(alembic_config())
    revisions = list(reversed(list(script.walk_revisions())))
    out: list[Manifest] = []
    with tempfile.TemporaryDirectory(prefix="casetrail-manifest-") as folder:
        for n, rev in enumerate(revisions):
            path = Path(folder) / f"{n}.case"
            write_application_id(path)
            engine = make_engine(path, Mode.OPEN)
            try:
                upgrade(engine, rev.revision)
            finally:
                engine.dispose()
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                objects = tuple(read_objects(conn))
            finally:
                conn.close()
            if out and version <= out[-1].user_version:
                raise SystemExit(
                    f"revision {rev.revision} does not raise PRAGMA user_version "
                    f"(still {version}); every migration must set a new one"
                )
            out.append(Manifest(rev.revision, version, objects))
    return out


def manifest_path(manifest: Manifest, folder: Path = MANIFEST_DIR) -> Path:
    return folder / f"{manifest.revision}.json"


def stale_manifests(folder: Path = MANIFEST_DIR) -> list[str]:
    """What the committed manifests lack or get wrong, one line each (empty when exact)."""
    problems = []
    built = build_manifests()
    names = set()
    for manifest in built:
        path = manifest_path(manifest, folder)
        names.add(path.name)
        if not path.exists():
            problems.append(f"revision {manifest.revision} has no manifest ({path.name})")
        elif path.read_text(encoding="utf-8") != manifest.to_json():
            problems.append(f"the manifest {path.name} differs from what the migrations create")
    for path in sorted(folder.glob("*.json")):
        if path.name not in names:
            problems.append(f"{path.name} belongs to no revision of the migrations")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m app.store.sqlite.manifest",
        description="Build the schema manifests from the Alembic migrations.",
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--write", action="store_true", help="write manifests/<revision>.json")
    what.add_argument("--check", action="store_true", help="exit 1 if any is missing or stale")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale_manifests()
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print(f"run: {REGENERATE}", file=sys.stderr)
        return 1 if problems else 0
    MANIFEST_DIR.mkdir(exist_ok=True)
    built = build_manifests()
    keep = {manifest_path(m).name for m in built}
    for manifest in built:
        manifest_path(manifest).write_text(manifest.to_json(), encoding="utf-8")
        print(f"wrote {manifest_path(manifest)} ({len(manifest.objects)} objects)")
    for path in MANIFEST_DIR.glob("*.json"):
        if path.name not in keep:
            path.unlink()
            print(f"removed {path} (no such revision)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
