"""Reading from a standby: a streaming replica of the test server (pg_basebackup) serves
reviewers; a connection string with ``target_session_attrs=read-only`` (or a standby found
by any other) opens the shared case for review, and the primary's changes reach it."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from app.cli import main
from app.store.case import Case
from app.store.engine import Mode
from app.store.errors import ReadOnlyCaseError
from tests.pg_server import PgServer, ServerTemplates


def either(primary: PgServer, standby: PgServer, database: str, attrs: str) -> str:
    """One connection string naming both servers; libpq picks by ``attrs``."""
    hosts = ",".join(quote(s.folder) for s in (primary, standby))
    ports = f"{primary.port},{standby.port}"
    return (
        f"postgresql://postgres@/{database}?host={hosts}&port={ports}&target_session_attrs={attrs}"
    )


@pytest.fixture
def replicated(pg_server: PgServer, pg_standby: PgServer, server_templates: ServerTemplates) -> str:
    """A shared demo case on the primary, replayed by the standby; its database name."""
    url = server_templates.demo()
    pg_server.wait_replayed_by(pg_standby)
    return PgServer.database_of(url)


def test_a_read_only_target_opens_on_the_standby_for_review(
    pg_server: PgServer, pg_standby: PgServer, replicated: str, capsys, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    url = either(pg_server, pg_standby, replicated, "read-only")
    with pytest.raises(ReadOnlyCaseError, match="standby"):
        Case.open(url)
    with Case.open(url, Mode.REVIEW) as case:
        assert case.read_only and case.stats().events == 8
        assert case.search("twitter") == [4]
        with case._units.read() as conn:
            assert conn.exec_driver_sql("SELECT pg_is_in_recovery()").scalar_one()
    assert main(["events", url, "--search", "twitter"]) == 0
    assert "anti-trafficking" in capsys.readouterr().out
    rows = tmp_path / "rows.csv"
    rows.write_text("title,start\nNew,2020-01-01\n", encoding="utf-8")
    assert main(["import", url, str(rows)]) == 2  # a writing verb names the standby
    assert "standby" in capsys.readouterr().err


def test_the_standby_itself_refuses_writing_and_follows_the_primary(
    pg_server: PgServer, pg_standby: PgServer, replicated: str
) -> None:
    standby_url = pg_standby.url(replicated)
    with pytest.raises(ReadOnlyCaseError, match="read-only standby server"):
        Case.open(standby_url)  # no target_session_attrs: the server says what it is
    with Case.open(pg_server.url(replicated)) as primary:
        primary.update_event(3, expected_version=primary.event(3).version, title="On primary")
    pg_server.wait_replayed_by(pg_standby)
    with Case.open(standby_url, Mode.REVIEW) as case:
        assert case.event(3).title == "On primary"
        assert case.check() == []
