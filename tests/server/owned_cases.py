"""Shared cases owned by an ordinary login (not the server's superuser), as a firm runs them:
the login owns the database (and so its schema ``public``) and made the case in it, new or
upgraded from schema 9; other logins are shared into it by the case's own code."""

from __future__ import annotations

import re

import psycopg

from app.store.case import Case
from app.store.engine import Mode
from app.store.postgresql.connect import Location, make_engine
from app.store.postgresql.people import share
from tests.pg_server import PgServer
from tests.server.old_cases import DESCRIPTION, TITLE, make_old_case
from tests.server.test_people import login


def owned_database(pg_server: PgServer, *, public_may_create: bool = False) -> str:
    """A new, empty database owned by a new ordinary login; the URL as that login
    (``public_may_create``: anyone may create in its schema public, PostgreSQL 14's default)."""
    url = pg_server.new_database()
    owner, as_owner = login(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{PgServer.database_of(url)}" OWNER TO "{owner}"')
        if public_may_create:
            conn.execute("GRANT CREATE ON SCHEMA public TO PUBLIC")
    return as_owner


def make_schema_9(url: str) -> None:
    """A case of schema 9 (before the event_search table) holding one event, not opened."""
    make_old_case(url, "0009")


def owned_case(pg_server: PgServer, how: str, *, public_may_create: bool = False) -> str:
    """A case holding one event (``TITLE``, ``DESCRIPTION``), owned by an ordinary login:
    created now (``how`` "new") or made at schema 9 and upgraded by its owner's opening
    ("upgraded"); the URL as its owner."""
    url = owned_database(pg_server, public_may_create=public_may_create)
    if how == "new":
        with Case.create(url, title="Test case") as case:
            case.create_event(title=TITLE, description=DESCRIPTION)
    else:
        make_schema_9(url)
        with Case.open(url) as case:
            assert case.notice and "upgraded from schema 9" in case.notice
    return url


def as_administrator(url: str) -> str:
    """``url`` as the server's superuser (who makes logins)."""
    return re.sub(r"^postgresql://[^@/]*@", "postgresql://postgres@", url)


def shared(url: str, role: str) -> tuple[str, str]:
    """A new login given ``role`` in the case at ``url`` by the login of ``url`` (without
    opening the case, so an older case stays as it is); the login and the case's URL as it."""
    name, as_person = login(as_administrator(url))
    engine = make_engine(Location(url), Mode.OPEN)
    try:
        with engine.begin() as conn:
            share(conn, name, role)
    finally:
        engine.dispose()
    return name, as_person
