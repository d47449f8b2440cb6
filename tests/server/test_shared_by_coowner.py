"""People shared by a co-owner (not the login that made the case) read the event search table
as they read events: shared before the upgrade that made the table (whoever runs it sees every
grant on events, not only its own) or after it (a co-owner may pass the table on)."""

from __future__ import annotations

import pytest

from app.cli import main
from app.store.case import Case
from app.store.engine import Mode
from app.store.searcher import Searcher
from tests.pg_server import PgServer
from tests.server.owned_cases import make_schema_9, owned_database, shared


def _checked(url: str) -> tuple[list[str], int]:
    """What ``check`` says of the case, as the login of ``url``, and its exit status."""
    with Case.open(url, Mode.REVIEW) as case:
        problems = case.check()
    return problems, main(["check", url])


def _can_search(url: str, owners_check: tuple[list[str], int]) -> None:
    with Case.open(url, Mode.REVIEW) as case:
        assert case.search("zur") == [1]
        assert case.search_ids("board").tolist() == [1]
        searcher = Searcher(case)  # the search box's connection of its own
        try:
            assert searcher.first_page("meet", 10).tolist() == [1]
            assert searcher.ids("zürich board").tolist() == [1]
        finally:
            searcher.close()
    assert _checked(url) == owners_check  # the row made by hand has no audit row


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_reviewer_shared_by_a_co_owner_searches(pg_server: PgServer, when: str) -> None:
    as_owner = owned_database(pg_server)
    make_schema_9(as_owner)
    _co_owner, as_co_owner = shared(as_owner, "owner")
    if when == "before":
        _reviewer, as_reviewer = shared(as_co_owner, "reviewer")
    Case.open(as_owner).close()  # its owner's opening upgrades it to the event_search table
    if when == "after":
        _reviewer, as_reviewer = shared(as_co_owner, "reviewer")
    owners_check = _checked(as_owner)
    _can_search(as_reviewer, owners_check)
    _can_search(as_co_owner, owners_check)


def test_a_reviewer_shared_by_a_co_owner_of_a_new_case_searches(pg_server: PgServer) -> None:
    as_owner = owned_database(pg_server)
    Case.create(as_owner, title="Test case").close()
    with Case.open(as_owner) as case:
        case.create_event(title="Zürich meeting", description="the board")
    _co_owner, as_co_owner = shared(as_owner, "owner")
    _reviewer, as_reviewer = shared(as_co_owner, "reviewer")
    assert _checked(as_owner) == ([], 0)
    _can_search(as_reviewer, ([], 0))
