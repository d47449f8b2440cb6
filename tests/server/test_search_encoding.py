"""The search box's own queries (sent by libpq in one call) carry the search text in the
connection's encoding, whatever it is, and never cut a text short at a NUL character."""

from __future__ import annotations

import psycopg
import pytest

from app.store.case import Case
from app.store.postgresql import search as pg_search
from app.store.postgresql.searching import SharedSearch


@pytest.mark.parametrize("encoding", ["UTF8", "LATIN1", "WIN1252"])
def test_the_search_box_finds_accented_words_in_any_client_encoding(
    shared_new_case: Case, encoding: str
) -> None:
    event_id = shared_new_case.create_event(title="Zürich meeting").created("event")
    search = SharedSearch(f"{shared_new_case.path}&client_encoding={encoding}")
    try:
        assert search.ids("zürich").tolist() == [event_id]
        assert search.first_page("Zürich mee", 5).tolist() == [event_id]
        assert search.ids("zurich").tolist() == [event_id]
    finally:
        search.close()


def test_text_the_connection_cannot_carry_is_one_clear_message(shared_new_case: Case) -> None:
    search = SharedSearch(f"{shared_new_case.path}&client_encoding=LATIN1")
    try:
        with pytest.raises(psycopg.DataError, match="LATIN1") as raised:
            search.ids("東京")
        assert "search text" in str(raised.value)
        assert search.ids("tokyo").tolist() == []  # the connection goes on
    finally:
        search.close()


def test_a_nul_in_a_value_is_refused_not_cut_short(shared_new_case: Case) -> None:
    with psycopg.connect(str(shared_new_case.path), autocommit=True) as conn:
        with pytest.raises(psycopg.DataError, match="NUL"):
            pg_search._exchange(conn, "SELECT %(t)s::text", {"t": "a\x00b"})
        assert pg_search._exchange(conn, "SELECT %(t)s::text", {"t": "äb"}) == ["äb".encode()]


@pytest.mark.parametrize("text", ["twitter\x00", "back\x00page", "\x00", "salesforce\x00back"])
def test_a_nul_in_the_search_text_separates_words_as_in_a_case_file(
    shared_demo_case: Case, demo_case: Case, text: str
) -> None:
    search = SharedSearch(str(shared_demo_case.path))
    try:
        expected = demo_case.search_ids(text).tolist()
        assert search.ids(text).tolist() == expected
        assert shared_demo_case.search_ids(text).tolist() == expected
        assert shared_demo_case.search(text) == demo_case.search(text)
    finally:
        search.close()
