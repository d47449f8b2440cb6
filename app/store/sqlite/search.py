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
from collections.abc import Sequence

import numpy as np
from sqlalchemy import Connection

# (kind in search_pending, base table, FTS5 table, indexed columns)
INDEXED = (
    ("event", "events", "events_fts", ("title", "description")),
    ("source", "sources", "sources_fts", ("title", "author", "publisher")),
    ("citation", "citations", "citations_fts", ("quote", "pinpoint")),
)

_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 16
_CHUNK = 500  # event ids bound per statement when a search is narrowed to some events
RANK_ALL = 5000  # more matches than this are ordered by where they matched, not by bm25


def pending_count(conn: Connection) -> int:
    """How many rows wait to be indexed."""
    return int(conn.exec_driver_sql("SELECT count(*) FROM search_pending").scalar_one())


def flush_pending(conn: Connection) -> int:
    """Bring the FTS5 tables up to date with the queued rows; return how many were queued."""
    queued = pending_count(conn)
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


def index_run(conn: Connection, kind: str, first: int, last: int) -> None:
    """Index the rows ``first``..``last`` of ``kind``'s table, every one inserted in this
    transaction under an id that was not queued before (so none is in the index yet), with
    one ``INSERT ... SELECT``, and take them off the queue: what :func:`flush_pending` would
    do for them, without looking for old entries to delete."""
    _, table, fts, columns = next(i for i in INDEXED if i[0] == kind)
    cols = ", ".join(columns)
    conn.exec_driver_sql(
        f"INSERT INTO {fts}(rowid, {cols}) SELECT id, {cols} FROM {table} WHERE id BETWEEN ? AND ?",
        (first, last),
    )
    if pending_count(conn) == last - first + 1:  # the queue holds these rows alone
        conn.exec_driver_sql("DELETE FROM search_pending")  # (emptied whole, not row by row)
        return
    conn.exec_driver_sql(
        "DELETE FROM search_pending WHERE kind = ? AND ref_id BETWEEN ? AND ?",
        (kind, first, last),
    )


def queued_between(conn: Connection, kind: str, first: int, last: int) -> int:
    """How many ids from ``first`` to ``last`` of ``kind`` wait to be indexed."""
    return int(
        conn.exec_driver_sql(
            "SELECT count(*) FROM search_pending WHERE kind = ? AND ref_id BETWEEN ? AND ?",
            (kind, first, last),
        ).scalar_one()
    )


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


_SEARCH = """
    SELECT id, min(score) AS best FROM (
        SELECT rowid AS id, bm25(events_fts) AS score
          FROM events_fts WHERE events_fts MATCH ?{events}
        UNION ALL
        SELECT c.event_id, bm25(citations_fts) + 1.0
          FROM citations_fts JOIN citations c ON c.id = citations_fts.rowid
         WHERE citations_fts MATCH ?{linked}
        UNION ALL
        SELECT c.event_id, bm25(sources_fts) + 2.0
          FROM sources_fts JOIN citations c ON c.source_id = sources_fts.rowid
         WHERE sources_fts MATCH ?{linked}
    ) GROUP BY id ORDER BY best, id
"""


def search_event_ids(
    conn: Connection,
    text: str,
    *,
    limit: int | None = None,
    among: Sequence[int] | None = None,
) -> list[int]:
    """Events whose title or description, citation quote or pinpoint, or cited source's
    title, author or publisher match ``text``; best matches first, each event once.
    With ``among``, only those events are considered.

    Up to :data:`RANK_ALL` matches are ranked by bm25. More than that (a common word in a big
    case) are ordered by where they matched: title, then description, then a citation, then
    a cited source; by id within each. Scoring every one of a hundred thousand matches would
    cost ten times the search itself, for an order nobody reads past the first page."""
    expr = match_expression(text)
    if expr is None:
        return []
    if among is None:
        by_place = _by_place(conn, expr)
        if by_place is not None:
            return by_place[: None if limit is None else int(limit)].tolist()
        sql = _SEARCH.format(events="", linked="")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        # the ids as one text made by SQLite, read in one go: no Python object per match
        return _ids(conn, f"SELECT group_concat(id) FROM ({sql})", (expr, expr, expr)).tolist()
    ids = sorted({int(i) for i in among})
    found: list[tuple[float, int]] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        sql = _SEARCH.format(
            events=f" AND rowid IN ({marks})", linked=f" AND c.event_id IN ({marks})"
        )
        params = (expr, *chunk, expr, *chunk, expr, *chunk)
        found += [(r[1], int(r[0])) for r in conn.exec_driver_sql(sql, params)]
    found.sort()
    return [i for _, i in found[: None if limit is None else int(limit)]]


# where a match can be found: (place, FTS5 table, column, rows of that table for one event)
_PLACES = (
    ("title", "events_fts", "title", "SELECT :event"),
    ("description", "events_fts", "description", "SELECT :event"),
    ("quote", "citations_fts", "quote", "SELECT id FROM citations WHERE event_id = :event"),
    ("pinpoint", "citations_fts", "pinpoint", "SELECT id FROM citations WHERE event_id = :event"),
    ("source", "sources_fts", "{title author publisher}",
     "SELECT source_id FROM citations WHERE event_id = :event"),
)  # fmt: skip


def match_places(conn: Connection, text: str, event_id: int) -> list[str]:
    """Where ``text`` matches event ``event_id``: "title", "description", "quote",
    "pinpoint", "source" (a cited source's title, author or publisher), in that order; all
    the words in one place. Empty when no single place holds them all (or nothing matches)."""
    expr = match_expression(text)
    if expr is None:
        return []
    found = []
    for place, fts, column, rows in _PLACES:
        sql = f"SELECT 1 FROM {fts} WHERE {fts} MATCH :expr AND rowid IN ({rows}) LIMIT 1"
        params = {"expr": f"{column} : ({expr})", "event": int(event_id)}
        if conn.exec_driver_sql(sql, params).first() is not None:
            found.append(place)
    return found


# every event a search finds, by where it matched (each query's column is the event's id)
MATCHED_EVENT_IDS = (
    "SELECT rowid AS id FROM events_fts WHERE events_fts MATCH ?",
    "SELECT c.event_id AS id FROM citations_fts JOIN citations c"
    " ON c.id = citations_fts.rowid WHERE citations_fts MATCH ?",
    "SELECT c.event_id AS id FROM sources_fts JOIN citations c"
    " ON c.source_id = sources_fts.rowid WHERE sources_fts MATCH ?",
)
_MATCHED = tuple(f"SELECT group_concat(id) FROM ({sql})" for sql in MATCHED_EVENT_IDS)


def _ids(conn: Connection, sql: str, params: Sequence[object]) -> np.ndarray:
    driver = conn.connection.driver_connection
    (text,) = driver.execute(sql, tuple(params)).fetchone()  # type: ignore[union-attr]
    return id_array(text)


_SLICE = 1 << 16  # characters of ids parsed at a time


def id_array(text: str | None) -> np.ndarray:
    """The ids of a ``group_concat`` as an int64 array, parsed a slice at a time (so a
    thread reading a big result lets the interface thread run in between)."""
    if not text:
        return np.empty(0, np.int64)
    if len(text) <= _SLICE:
        return np.fromstring(text, dtype=np.int64, sep=",")
    parts, start = [], 0
    while start < len(text):
        end = text.find(",", start + _SLICE)
        end = len(text) if end < 0 else end
        parts.append(np.fromstring(text[start:end], dtype=np.int64, sep=","))
        start = end + 1
    return np.concatenate(parts)


def search_id_array(conn: Connection, text: str, among: Sequence[int] | None = None) -> np.ndarray:
    """The ids of every event :func:`search_event_ids` finds, unranked: a sorted int64 array
    (each table's matches read as one text; no ranking, no Python object per match)."""
    expr = match_expression(text)
    if expr is None:
        return np.empty(0, np.int64)
    if among is not None:
        return np.unique(np.array(search_event_ids(conn, text, among=among), dtype=np.int64))
    parts = [_ids(conn, sql, (expr,)) for sql in _MATCHED]
    return sorted_unique(np.concatenate(parts))


def sorted_unique(ids: np.ndarray) -> np.ndarray:
    """``np.unique(ids)`` by a sort and a compare (NumPy 2's hashing unique is several
    times slower on a hundred thousand ids, and holds the interpreter meanwhile). The ids
    come as a few runs already in id order (one per column or table searched): a stable sort
    merges the runs it finds in one pass, where NumPy's default sort works as hard as on
    shuffled ids (8 ms for 160,000 ids)."""
    ids = np.sort(ids, kind="stable")
    if len(ids) < 2:
        return ids
    keep = np.empty(len(ids), dtype=bool)
    keep[0] = True
    np.not_equal(ids[1:], ids[:-1], out=keep[1:])
    return ids[keep]


def _by_place(conn: Connection, expr: str) -> np.ndarray | None:
    """Every match in place order (see :func:`search_event_ids`), or None when there are
    few enough to rank by bm25."""
    title = _ids(
        conn, f"SELECT group_concat(id) FROM ({MATCHED_EVENT_IDS[0]})", (f"{{title}} : ({expr})",)
    )
    parts = [title] + [_ids(conn, sql, (expr,)) for sql in _MATCHED]
    found = np.concatenate(parts)
    if len(found) - len(title) <= RANK_ALL:  # events matched twice are counted twice: a bound
        return None
    ids, first = np.unique(found, return_index=True)
    if len(ids) <= RANK_ALL:
        return None
    return ids[np.argsort(first, kind="stable")]


def check(conn: Connection) -> list[str]:
    """Problems with the full-text index (empty when it matches the base tables)."""
    problems = []
    for _kind, table, fts, _columns in INDEXED:
        base = conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
        indexed = conn.exec_driver_sql(f"SELECT count(*) FROM {fts}").scalar_one()
        if base != indexed:
            problems.append(f"search index of {table} has {indexed} rows for {base}")
    return problems
