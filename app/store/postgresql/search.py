"""Full-text search in a shared case: PostgreSQL's own text search, answering the queries
SQLite's FTS5 answers in a case file.

Each searched table has a GIN index over the ``tsvector`` of its searched columns (made by
the first migration), in the text search configuration ``casetrail_search``: words as
PostgreSQL's parser finds them, accents removed (``unaccent``) and folded to lower case, no
stemming and no stop words, as FTS5's ``unicode61`` tokenizer does. An index over an
expression is kept current by the server in the writing transaction itself, so there is no
queue to flush. Whatever a user types becomes quoted terms, all of which must match, the
last one as a prefix: no input is a syntax error.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from app.store.sqlite.search import _TOKEN, MAX_TERMS

CONFIG = "casetrail_search"
# (table, the tsvector expression its GIN index is made over)
DOCUMENTS = {
    "events": f"to_tsvector('{CONFIG}'::regconfig, title || ' ' || description)",
    "sources": f"to_tsvector('{CONFIG}'::regconfig, title || ' ' || author || ' ' || publisher)",
    "citations": f"to_tsvector('{CONFIG}'::regconfig, quote || ' ' || pinpoint)",
}


def index_statements() -> list[str]:
    """The configuration and the GIN indexes (for the migrations)."""
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


def query_text(text: str, *, prefix_last: bool = True) -> str | None:
    """A ``to_tsquery`` string for free text, or None when it has no searchable word."""
    terms = _TOKEN.findall(text)[:MAX_TERMS]
    if not terms:
        return None
    quoted = ["'" + t.replace("'", "''").replace("\\", "\\\\") + "'" for t in terms]
    if prefix_last and not text.rstrip().endswith(tuple(" \"'")):
        quoted[-1] += ":*"
    return " & ".join(quoted)


_SEARCH = """
    SELECT id, min(score) AS best FROM (
        SELECT e.id AS id, -ts_rank({events}, q.q) AS score
          FROM events e, q WHERE {events} @@ q.q{among_events}
        UNION ALL
        SELECT c.event_id, 1.0 - ts_rank({citations}, q.q)
          FROM citations c, q WHERE {citations} @@ q.q{among_linked}
        UNION ALL
        SELECT c.event_id, 2.0 - ts_rank({sources}, q.q)
          FROM sources s JOIN citations c ON c.source_id = s.id, q
         WHERE {sources} @@ q.q{among_linked}
    ) found GROUP BY id ORDER BY best, id
"""


def search_event_ids(
    conn: Connection,
    text: str,
    *,
    limit: int | None = None,
    among: Sequence[int] | None = None,
) -> list[int]:
    """As :func:`app.store.sqlite.search.search_event_ids`, in a shared case."""
    query = query_text(text)
    if query is None:
        return []
    docs = {
        "events": DOCUMENTS["events"]
        .replace("title", "e.title")
        .replace("description", "e.description"),
        "citations": DOCUMENTS["citations"]
        .replace("quote", "c.quote")
        .replace("pinpoint", "c.pinpoint"),
        "sources": DOCUMENTS["sources"]
        .replace("title", "s.title")
        .replace("author", "s.author")
        .replace("publisher", "s.publisher"),
    }
    params: dict[str, object] = {"query": query}
    among_events = among_linked = ""
    if among is not None:
        params["among"] = sorted({int(i) for i in among})
        among_events = " AND e.id = ANY(%(among)s)"
        among_linked = " AND c.event_id = ANY(%(among)s)"
    sql = f"WITH q AS (SELECT to_tsquery('{CONFIG}', %(query)s) AS q)" + _SEARCH.format(
        among_events=among_events, among_linked=among_linked, **docs
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [int(r[0]) for r in conn.exec_driver_sql(sql, params)]


def check(conn: Connection) -> list[str]:
    """Problems with the search indexes: each must exist and be valid."""
    problems = []
    for table in DOCUMENTS:
        valid = conn.exec_driver_sql(
            "SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass(%(n)s)",
            {"n": f"ix_{table}_search"},
        ).first()
        if valid is None or not valid[0]:
            problems.append(f"search index of {table} is missing or not valid")
    return problems
