"""Full-text search with SQLite FTS5: keeping the index current and querying it safely.

Triggers on ``events``, ``sources`` and ``citations`` queue changed row ids in
``search_pending`` (see the first migration for why triggers cannot write to FTS5 directly
while ``trusted_schema`` is OFF). :func:`flush_pending` moves the queue into the FTS5 tables
with set-based statements; the store calls it inside every write transaction before commit,
so the index is never behind a committed change.

Whatever a user types is turned into a query of quoted terms, so no input is an FTS5 syntax
error: ``sales "force`` becomes ``"sales" "force"*``.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection

# (kind in search_pending, base table, FTS5 table, indexed columns)
INDEXED = (
    ("event", "events", "events_fts", ("title", "description")),
    ("source", "sources", "sources_fts", ("title", "author", "publisher")),
    ("citation", "citations", "citations_fts", ("quote", "pinpoint")),
)

_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 16


def flush_pending(conn: Connection) -> int:
    """Bring the FTS5 tables up to date with the queued rows; return how many were queued."""
    queued = conn.exec_driver_sql("SELECT count(*) FROM search_pending").scalar_one()
    if not queued:
        return 0
    for kind, table, fts, columns in INDEXED:
        pending = f"SELECT ref_id FROM search_pending WHERE kind = '{kind}'"
        cols = ", ".join(columns)
        conn.exec_driver_sql(f"DELETE FROM {fts} WHERE rowid IN ({pending})")
        conn.exec_driver_sql(
            f"INSERT INTO {fts}(rowid, {cols}) SELECT id, {cols} FROM {table} "
            f"WHERE id IN ({pending})"
        )
    conn.exec_driver_sql("DELETE FROM search_pending")
    return int(queued)


def rebuild(conn: Connection) -> None:
    """Re-create every FTS5 entry from the base tables."""
    for _kind, table, fts, columns in INDEXED:
        cols = ", ".join(columns)
        conn.exec_driver_sql(f"DELETE FROM {fts}")
        conn.exec_driver_sql(f"INSERT INTO {fts}(rowid, {cols}) SELECT id, {cols} FROM {table}")
    conn.exec_driver_sql("DELETE FROM search_pending")


def match_expression(text: str, *, prefix_last: bool = True) -> str | None:
    """An FTS5 MATCH expression for free text, or None when the text has no searchable word.

    Each word becomes a quoted string (FTS5 then treats it as a plain term); all must match.
    The last word matches as a prefix, so results appear while a word is being typed.
    """
    terms = _TOKEN.findall(text)[:MAX_TERMS]
    if not terms:
        return None
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    if prefix_last and not text.rstrip().endswith(tuple(" \"'")):
        quoted[-1] += "*"
    return " ".join(quoted)


def search_event_ids(conn: Connection, text: str, *, limit: int | None = None) -> list[int]:
    """Events whose title or description, citation quote or pinpoint, or cited source's
    title, author or publisher match ``text``; best matches first, each event once."""
    expr = match_expression(text)
    if expr is None:
        return []
    sql = """
        SELECT id, min(score) AS best FROM (
            SELECT rowid AS id, bm25(events_fts) AS score
              FROM events_fts WHERE events_fts MATCH :q
            UNION ALL
            SELECT c.event_id, bm25(citations_fts) + 1.0
              FROM citations_fts JOIN citations c ON c.id = citations_fts.rowid
             WHERE citations_fts MATCH :q
            UNION ALL
            SELECT c.event_id, bm25(sources_fts) + 2.0
              FROM sources_fts JOIN citations c ON c.source_id = sources_fts.rowid
             WHERE sources_fts MATCH :q
        ) GROUP BY id ORDER BY best, id
    """
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = conn.exec_driver_sql(sql.replace(":q", "?"), (expr, expr, expr)).fetchall()
    return [int(r[0]) for r in rows]


def check(conn: Connection) -> list[str]:
    """Problems with the full-text index (empty when it matches the base tables)."""
    problems = []
    for _kind, table, fts, _columns in INDEXED:
        base = conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
        indexed = conn.exec_driver_sql(f"SELECT count(*) FROM {fts}").scalar_one()
        if base != indexed:
            problems.append(f"search index of {table} has {indexed} rows for {base}")
    return problems
