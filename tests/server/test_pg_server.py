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


def databases(pg_server) -> set[str]:
    with psycopg.connect(pg_server.url()) as conn:
        return {row[0] for row in conn.execute("SELECT datname FROM pg_database")}


def test_a_tests_databases_are_dropped_when_it_ends_even_with_a_connection_open(pg_server):
    before = databases(pg_server)
    url = pg_server.new_database()
    name = pg_server.database_of(url)
    left_open = psycopg.connect(url)  # a case a test forgot to close
    assert databases(pg_server) == before | {name}
    pg_server.drop_made()
    assert databases(pg_server) == before
    left_open.close()


def test_the_server_stays_the_size_of_one_test(pg_server, server_templates):
    names = {pg_server.database_of(server_templates.demo()) for _ in range(3)}
    made = databases(pg_server)
    assert names <= made
    pg_server.drop_made()
    assert not names & databases(pg_server)
    again = pg_server.database_of(server_templates.demo())  # copied from the kept template
    assert again in databases(pg_server)
