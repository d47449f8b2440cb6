"""The throwaway PostgreSQL server the shared-case tests run against."""

from __future__ import annotations

import psycopg


def test_fresh_databases_are_empty_and_separate(pg_server, pg_url):
    other = pg_server.new_database()
    assert other != pg_url
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE t (x integer)")
        assert conn.execute("SELECT current_database()").fetchone()[0].startswith("case_")
    with psycopg.connect(other) as conn:
        found = conn.execute("SELECT count(*) FROM pg_tables WHERE tablename = 't'").fetchone()
    assert found == (0,)


def test_server_listens_on_its_socket_only(pg_server):
    with psycopg.connect(pg_server.url()) as conn:
        addresses = conn.execute("SHOW listen_addresses").fetchone()[0]
        socket_dir = conn.execute("SHOW unix_socket_directories").fetchone()[0]
    assert addresses == ""
    assert socket_dir == pg_server.folder
