"""Shared cases on the throwaway server: templates made once a session, copied per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.pg_server import PgServer


class ServerTemplates:
    """Template databases (an empty case, the demo case) copied with CREATE DATABASE."""

    def __init__(self, server: PgServer) -> None:
        self.server = server
        self._made: dict[str, str] = {}

    def _template(self, key: str, build: Callable[[str], object]) -> str:
        if key not in self._made:
            url = self.server.new_database()
            case = build(url)
            case.close()  # type: ignore[attr-defined]
            self._made[key] = PgServer.database_of(url)
        return self._made[key]

    def empty(self) -> str:
        from app.store.case import Case

        name = self._template("empty", lambda url: Case.create(url, title="Test case"))
        return self.server.new_database(name)

    def demo(self) -> str:
        from app.interchange.demo import build_demo

        return self.server.new_database(self._template("demo", build_demo))


@pytest.fixture(scope="session")
def server_templates(pg_server: PgServer) -> ServerTemplates:
    return ServerTemplates(pg_server)


@pytest.fixture
def shared_new_case(server_templates: ServerTemplates) -> Iterator[object]:
    """A new, empty shared case titled "Test case", in a database of this test's own."""
    from app.store.case import Case

    case = Case.open(server_templates.empty())
    yield case
    case.close()


@pytest.fixture
def shared_demo_case(server_templates: ServerTemplates) -> Iterator[object]:
    """The demo case as a shared case, in a database of this test's own."""
    from app.store.case import Case

    case = Case.open(server_templates.demo())
    yield case
    case.close()
