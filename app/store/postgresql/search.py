"""Full-text search in a shared case: PostgreSQL's own text search, answering the queries
SQLite's FTS5 answers in a case file.

Each searched row has its document in a ``search_doc`` tsvector that the server computes
when the row is written, with a GIN index over it: an event's in the narrow table
``event_search`` (migration 0010: a search visits small rows for the ids of its matches), a
citation's and a source's in a stored column of their own table (0009), in the
text search configuration ``casetrail_search``: words as PostgreSQL's parser finds them,
accents removed (``unaccent``) and folded to lower case, no stemming and no stop words, as
FTS5's ``unicode61`` tokenizer does. The index is kept current by the server in the writing
transaction itself, so there is no queue to flush. The fields carry weights (events: title A,
description B; citations: quote A, pinpoint B), so a query limited to a weight finds where
a search matched. A case of an older schema (read for review) is searched the way it keeps
its documents: schema 9 in a stored column of ``events``, older ones through the first
migration's indexes over expressions.

Whatever a user types becomes quoted terms, all of which must match, the last one as a
prefix (``'sales' & 'forc':*``): no input is a syntax error. Ids come back as one value per
table made by the server, as a case file's ``group_concat``: the matches' 8-byte ids one
after another (``int8send``), read straight into an array, no row object or text per
match; only a few hundred matches or fewer are ranked (``ts_rank``), as in a case file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import Connection

from app.store.sqlite.search import _TOKEN, MAX_TERMS, RANK_ALL, id_array, sorted_unique

CONFIG = "casetrail_search"
COLUMN = "search_doc"
# (table, the tsvector expression its GIN index was made over by the first migration)
DOCUMENTS = {
    "events": f"to_tsvector('{CONFIG}'::regconfig, title || ' ' || description)",
    "sources": f"to_tsvector('{CONFIG}'::regconfig, title || ' ' || author || ' ' || publisher)",
    "citations": f"to_tsvector('{CONFIG}'::regconfig, quote || ' ' || pinpoint)",
}
_COLUMNS = {
    "events": ("title", "description"),
    "sources": ("title", "author", "publisher"),
    "citations": ("quote", "pinpoint"),
}


def index_statements() -> list[str]:
    """The configuration and the GIN indexes over expressions (for the first migration;
    0009 replaces the indexes with ones over stored columns)."""
    statements = [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.simple)",
        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
        "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, "
        "hword_numpart WITH unaccent, simple",
    ]
    for table, document in DOCUMENTS.items():
        statements.append(f"CREATE INDEX ix_{table}_search ON {table} USING gin (({document}))")
    return statements


def query_text(text: str, *, prefix_last: bool = True, weight: str = "") -> str | None:
    """A ``to_tsquery`` string for free text, or None when it has no searchable word; with
    ``weight`` ("A", "B"), every word must be found in the fields of that weight."""
    terms = _TOKEN.findall(text)[:MAX_TERMS]
    if not terms:
        return None
    quoted = ["'" + t.replace("'", "''").replace("\\", "\\\\") + "'" for t in terms]
    prefix = prefix_last and not text.rstrip().endswith(tuple(" \"'"))
    labels = [":" + weight if weight else ""] * len(quoted)
    if prefix:
        labels[-1] = ":*" + weight
    return " & ".join(q + label for q, label in zip(quoted, labels, strict=True))


def _driver(conn: Connection) -> Any:
    return conn.connection.driver_connection


# where a case keeps its search documents (see the module)
TABLE, COLUMN_LAYOUT, EXPRESSION = "table", "column", "expression"
EVENTS_TABLE = "event_search"


def layout(driver: Any) -> str:
    """Where the case keeps its search documents: :data:`TABLE` (schema 10 and later),
    :data:`COLUMN_LAYOUT` (schema 9) or :data:`EXPRESSION` (older)."""
    row = driver.execute(
        "SELECT to_regclass(%s) IS NOT NULL, EXISTS (SELECT 1 FROM pg_attribute "
        "WHERE attrelid = to_regclass('events') AND attname = %s AND NOT attisdropped)",
        (EVENTS_TABLE, COLUMN),
    ).fetchone()
    return TABLE if row[0] else COLUMN_LAYOUT if row[1] else EXPRESSION


def _events(layout_: str) -> str:
    """The table an event's document is searched in (its id and document, nothing else)."""
    return EVENTS_TABLE if layout_ == TABLE else "events"


def _doc(table: str, alias: str, layout_: str) -> str:
    if layout_ != EXPRESSION:
        return f"{alias}.{COLUMN}"
    document = DOCUMENTS[table]
    for column in _COLUMNS[table]:
        document = document.replace(f"{column} ", f"{alias}.{column} ").replace(
            f"{column})", f"{alias}.{column})"
        )
    return document


def _q(param: str = "query") -> str:
    return f"to_tsquery('{CONFIG}', %({param})s)"


def _matching(
    layout_: str, q: str, among: bool = False, scan: int | None = None
) -> tuple[str, str, str]:
    """The three queries of matching event ids: by the event, a citation, a cited source
    (``scan``: each looks at no more than that many of its table's rows, see
    :func:`first_statement`)."""
    events_among = " AND e.id = ANY(%(among)s)" if among else ""
    linked_among = " AND c.event_id = ANY(%(among)s)" if among else ""
    return (
        f"SELECT e.id AS id FROM {_rows(_events(layout_), scan)} e "
        f"WHERE {_doc('events', 'e', layout_)} @@ {q}" + events_among,
        f"SELECT c.event_id AS id FROM {_rows('citations', scan)} c "
        f"WHERE {_doc('citations', 'c', layout_)} @@ {q}" + linked_among,
        f"SELECT c.event_id AS id FROM {_rows('sources', scan)} s "
        f"JOIN citations c ON c.source_id = s.id "
        f"WHERE {_doc('sources', 's', layout_)} @@ {q}" + linked_among,
    )


def _rows(table: str, scan: int | None) -> str:
    return table if scan is None else f"(SELECT * FROM {table} LIMIT {int(scan)})"


def _agg(sql: str, *, ordered: bool = False) -> str:
    """One query's ids as one ``bytea``, 8 bytes (big-endian) per id (in id order when
    ``ordered``: a sort the server skips when the caller sorts them anyway)."""
    order = " ORDER BY id" if ordered else ""
    return f"(SELECT string_agg(int8send(id), ''::bytea{order}) FROM ({sql}) m)"


def _arrays(
    driver: Any, parts: Sequence[str], params: dict[str, Any], alone: bool = False
) -> list[np.ndarray]:
    """Each query's ids, read as one binary value per query in one round trip (``alone``:
    on a connection of its own, see :func:`_exchange`)."""
    return decoded(_row(driver, "SELECT " + ", ".join(parts), params, alone))


def decoded(row: Sequence[bytes | None]) -> list[np.ndarray]:
    """The ids of each value of a row made by :func:`_agg` (8 bytes, big-endian, per id)."""
    return [
        np.empty(0, np.int64) if data is None else np.frombuffer(data, ">i8").astype(np.int64)
        for data in row
    ]


def _exchange(driver: Any, sql: str, params: dict[str, Any]) -> list[bytes | None]:
    """The one row of ``sql`` (text parameters, binary values) on an idle connection in
    autocommit, sent and read by libpq in one call (``PQexecParams``) during which the
    interpreter's lock is free: a megabyte of ids arrives in many pieces, and another
    thread busy with Python (the window's) held up the reading thread at every piece."""
    result = driver.pgconn.exec_params(*libpq_statement(driver, sql, params), None, None, 1)
    return values_of(driver, result)


def libpq_statement(driver: Any, sql: str, params: dict[str, Any]) -> tuple[bytes, list[bytes]]:
    """``sql`` with numbered parameters and its parameters' values, as libpq sends them."""
    names = list(params)
    for number, name in enumerate(names, 1):
        sql = sql.replace(f"%({name})s", f"${number}")
    encoding = driver.info.encoding  # the connection's, as psycopg itself sends text
    values = [_encoded(driver, str(params[name]), encoding) for name in names]
    return sql.encode(encoding), values


def values_of(driver: Any, result: Any) -> list[bytes | None]:
    """The values of the one row of a libpq ``result`` (raised when it is an error)."""
    from psycopg import errors, pq

    if result.status != pq.ExecStatus.TUPLES_OK:
        raise errors.error_from_result(result, encoding=driver.info.encoding)
    return [result.get_value(0, i) for i in range(result.nfields)]


def _encoded(driver: Any, text: str, encoding: str) -> bytes:
    """``text`` as a parameter of :func:`_exchange`: libpq reads a C string, so a NUL would
    cut it short (refused, as psycopg refuses it; the search text never has one: a NUL
    separates words, as in a case file)."""
    from psycopg import errors

    if "\x00" in text:
        raise errors.DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as error:
        name = driver.info.parameter_status("client_encoding") or encoding
        raise errors.DataError(
            f"the search text: {error.object[error.start : error.end]!r} cannot be sent in "
            f"the connection's encoding ({name}); choose client_encoding=UTF8"
        ) from None


def all_statement(layout_: str) -> str:
    """The statement of every event matching ``%(query)s``: one value per table (see
    :func:`decoded`)."""
    return "SELECT " + ", ".join(_agg(sql) for sql in _matching(layout_, _q()))


# rows of a table the first page looks at, at most: see first_statement
FIRST_SCAN = 20_000


def first_statement(layout_: str, n: int) -> str:
    """The statement of up to ``n`` events matching ``%(query)s`` among the first
    :data:`FIRST_SCAN` rows of each table (each table's scan stops after ``n`` matches).

    The bound is what keeps the first page quick. With a ``LIMIT`` the planner reads a
    table from its start until it has ``n`` matches, as it cannot tell how many rows a
    word prefix matches: for a common word that takes well under a millisecond, for a rare
    one (a word half typed, a typing slip) it reads every row (a million events: 150 to
    450 ms, where the index answers in one). So fewer than ``n`` found here does not mean
    fewer than ``n`` match: :class:`app.store.postgresql.searching.SharedSearch` then waits
    for every match."""
    parts = [_agg(f"{sql} LIMIT {int(n)}") for sql in _matching(layout_, _q(), scan=FIRST_SCAN)]
    return "SELECT " + ", ".join(parts)


def matched_ids(
    driver: Any, text: str, layout_: str | None = None, *, alone: bool = False
) -> np.ndarray:
    """Every event matching ``text``, unranked: a sorted int64 array (``layout_``: where
    the case keeps its documents, when the caller knows)."""
    query = query_text(text)
    if query is None:
        return np.empty(0, np.int64)
    layout_ = layout(driver) if layout_ is None else layout_
    row = _row(driver, all_statement(layout_), {"query": query}, alone)
    return sorted_unique(np.concatenate(decoded(row)))


def _row(driver: Any, sql: str, params: dict[str, Any], alone: bool) -> Sequence[bytes | None]:
    if alone:
        return _exchange(driver, sql, params)
    return driver.execute(sql, params, binary=True).fetchone()


def search_id_array(conn: Connection, text: str, among: Sequence[int] | None = None) -> Any:
    """As :func:`app.store.sqlite.search.search_id_array`, in a shared case."""
    if among is not None:
        return np.unique(np.array(search_event_ids(conn, text, among=among), dtype=np.int64))
    return matched_ids(_driver(conn), text)


def search_event_ids(
    conn: Connection,
    text: str,
    *,
    limit: int | None = None,
    among: Sequence[int] | None = None,
) -> list[int]:
    """As :func:`app.store.sqlite.search.search_event_ids`, in a shared case: up to
    :data:`~app.store.sqlite.search.RANK_ALL` matches ranked by ``ts_rank`` (an event's own
    fields first, then a citation's, then a cited source's), more than that in place order
    (title, description, citation, source; by id within each)."""
    query = query_text(text)
    if query is None:
        return []
    driver = _driver(conn)
    layout_ = layout(driver)
    params: dict[str, Any] = {"query": query}
    if among is not None:
        params["among"] = sorted({int(i) for i in among})
    elif layout_ != EXPRESSION:
        by_place = _by_place(driver, text, params, layout_)
        if by_place is not None:
            return by_place[: None if limit is None else int(limit)].tolist()
    events, citations, sources = _matching(layout_, _q(), among is not None)
    rank = f"ts_rank({{}}, {_q()})"
    ranked = (
        events.replace("AS id", f"AS id, -{rank.format(_doc('events', 'e', layout_))} AS score"),
        citations.replace(
            "AS id", f"AS id, 1.0 - {rank.format(_doc('citations', 'c', layout_))} AS score"
        ),
        sources.replace(
            "AS id", f"AS id, 2.0 - {rank.format(_doc('sources', 's', layout_))} AS score"
        ),
    )
    found = (
        "SELECT id, min(score) AS best FROM (" + " UNION ALL ".join(ranked) + ") f "
        "GROUP BY id ORDER BY best, id"
    )
    if limit is not None:
        found += f" LIMIT {int(limit)}"
    sql = f"SELECT string_agg(id::text, ',' ORDER BY best, id) FROM ({found}) r"
    (ids,) = driver.execute(sql, params).fetchone()
    return id_array(ids).tolist()


def _by_place(driver: Any, text: str, params: dict[str, Any], layout_: str) -> np.ndarray | None:
    """Every match in place order, or None when there are few enough to rank."""
    titles = query_text(text, weight="A")
    parts = [_agg(_matching(layout_, _q("title"))[0], ordered=True)]
    parts += [_agg(sql, ordered=True) for sql in _matching(layout_, _q())]
    arrays = _arrays(driver, parts, {**params, "title": titles})
    found = np.concatenate(arrays)
    if len(found) - len(arrays[0]) <= RANK_ALL:  # events matched twice counted twice: a bound
        return None
    ids, first = np.unique(found, return_index=True)
    if len(ids) <= RANK_ALL:
        return None
    return ids[np.argsort(first, kind="stable")]


# where a match can be found: (place, the query's weight, the table and its rows for an event)
_PLACES = (
    ("title", "A", "{events} d WHERE d.id = %(event)s"),
    ("description", "B", "{events} d WHERE d.id = %(event)s"),
    ("quote", "A", "citations d WHERE d.event_id = %(event)s"),
    ("pinpoint", "B", "citations d WHERE d.event_id = %(event)s"),
    ("source", "", "sources d WHERE d.id IN (SELECT source_id FROM citations "
     "WHERE event_id = %(event)s)"),
)  # fmt: skip


def match_places(conn: Connection, text: str, event_id: int) -> list[str]:
    """As :func:`app.store.sqlite.search.match_places`, in a shared case (one of an older
    schema, without weighted documents, does not say: empty)."""
    driver = _driver(conn)
    if query_text(text) is None:
        return []
    layout_ = layout(driver)
    if layout_ == EXPRESSION:
        return []
    params: dict[str, Any] = {"event": int(event_id)}
    tests = []
    for place, weight, rows in _PLACES:
        params[place] = query_text(text, weight=weight)
        rows = rows.replace("{events}", _events(layout_))
        tests.append(f"EXISTS (SELECT 1 FROM {rows} AND d.{COLUMN} @@ {_q(place)})")
    row = driver.execute("SELECT " + ", ".join(tests), params).fetchone()
    return [place for (place, _w, _r), hit in zip(_PLACES, row, strict=True) if hit]


def check(conn: Connection) -> list[str]:
    """Problems with the search indexes: each must exist and be valid, and (schema 10)
    every event must have its row in ``event_search``."""
    problems = []
    layout_ = layout(_driver(conn))
    for table in DOCUMENTS:
        name = f"ix_{_events(layout_) if table == 'events' else table}_search"
        valid = conn.exec_driver_sql(
            "SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass(%(n)s)",
            {"n": name},
        ).first()
        if valid is None or not valid[0]:
            problems.append(f"search index of {table} is missing or not valid")
    if layout_ == TABLE:
        # each of its rows names an event (a foreign key): fewer rows, some are missing
        (missing,) = conn.exec_driver_sql(
            f"SELECT (SELECT count(*) FROM events) - (SELECT count(*) FROM {EVENTS_TABLE})"
        ).one()
        if missing:
            problems.append(f"{missing} event(s) missing from the search table {EVENTS_TABLE}")
    return problems
