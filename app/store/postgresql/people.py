"""People and their roles in a shared case, enforced by the database's own privileges.

``reviewer`` may read; ``editor`` may also write events, sources, citations and the rest of
the case's rows, their audit rows written by the server (``casetrail_append_audit``, which
names the database user: an editor may not insert, change or delete audit rows, nor move the
head, by hand), but not change the case's title or settings; ``owner`` may do all of that
and grant roles to others. The person must already have a login on the server (made by its
administrator). A role replaces the one the person had.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from app.store.errors import CaseError

ROLES = ("reviewer", "editor", "owner")
DATA_TABLES = (
    "events",
    "sources",
    "citations",
    "entities",
    "tags",
    "eras",
    "event_entities",
    "event_tags",
    "saved_views",
    "stories",
    "reading_progress",
    "source_files",
    "search_pending",
)


def grants(role: str) -> list[str]:
    """The GRANT statements for ``role`` (``{user}`` stands for the quoted login)."""
    if role not in ROLES:
        raise CaseError(f"--role: {role!r} is not one of {', '.join(ROLES)}")
    statements = [
        "GRANT CONNECT ON DATABASE {database} TO {user}",
        "GRANT USAGE ON SCHEMA public TO {user}",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {user}",
    ]
    if role == "editor":
        tables = ", ".join(DATA_TABLES)
        statements += [
            f"GRANT INSERT, UPDATE, DELETE ON {tables} TO {{user}}",
            "GRANT EXECUTE ON FUNCTION casetrail_append_audit(json) TO {user}",
        ]
    elif role == "owner":
        statements += [
            "GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO {user} WITH GRANT OPTION",
            "GRANT CONNECT ON DATABASE {database} TO {user} WITH GRANT OPTION",
            "GRANT USAGE ON SCHEMA public TO {user} WITH GRANT OPTION",
            "GRANT EXECUTE ON FUNCTION casetrail_append_audit(json) TO {user} WITH GRANT OPTION",
        ]
    return statements


def share(conn: Connection, user: str, role: str) -> None:
    """Give the login ``user`` the ``role`` in the case open on ``conn`` (one transaction)."""
    from psycopg import sql

    statements = grants(role)
    exists = conn.exec_driver_sql(
        "SELECT count(*) FROM pg_roles WHERE rolname = %(u)s", {"u": user}
    ).scalar_one()
    if not exists:
        raise CaseError(f"{user}: there is no such login on the server; ask its administrator")
    driver = conn.connection.driver_connection
    database = conn.exec_driver_sql("SELECT current_database()").scalar_one()
    names = {"user": sql.Identifier(user), "database": sql.Identifier(database)}
    revoke = [
        "REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public FROM {user} CASCADE",
        "REVOKE ALL PRIVILEGES ON DATABASE {database} FROM {user} CASCADE",
        "REVOKE ALL PRIVILEGES ON SCHEMA public FROM {user} CASCADE",
        "REVOKE ALL PRIVILEGES ON FUNCTION casetrail_append_audit(json) FROM {user} CASCADE",
    ]
    with driver.cursor() as cursor:  # type: ignore[union-attr]
        for statement in (*revoke, *statements):
            cursor.execute(sql.SQL(statement).format(**names))


def share_case(case: Any, user: str, role: str) -> None:
    """:func:`share` on the shared ``case``, in one transaction of its own."""
    with case._units.engine.begin() as conn:  # noqa: SLF001 - the store's own engine
        share(conn, user, role)


def may_write(conn: Connection) -> bool:
    """Whether this session's user may write the case's rows."""
    return bool(conn.exec_driver_sql("SELECT has_table_privilege('events', 'INSERT')").scalar_one())


def may_write_history(conn: Connection) -> bool:
    """Whether this session's user may append audit rows as they are (an owner)."""
    return bool(
        conn.exec_driver_sql("SELECT has_table_privilege('audit_log', 'INSERT')").scalar_one()
    )


SCHEMA_OPEN = (
    "anyone on the server may create objects in the case's schema public (PostgreSQL 14 "
    "and older let everyone): ask the server's administrator to run REVOKE CREATE ON "
    "SCHEMA public FROM PUBLIC in the case's database"
)


def schema_problems(conn: Connection) -> list[str]:
    """Whether everyone may create in the case's schema, where a function or operator of
    theirs could stand in for the catalogue's (schema 10 revokes it where its migrating
    login may; a schema owned by another login keeps it)."""
    (open_,) = conn.exec_driver_sql(
        "SELECT EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(n.nspacl) a "
        "WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE')"
    ).one()
    return [SCHEMA_OPEN] if open_ else []


def database_user(conn: Connection) -> str:
    return str(conn.exec_driver_sql("SELECT session_user").scalar_one())
