"""A throwaway PostgreSQL server for the tests, started by the project's own ``.ci/postgres``,
and shared cases on it (templates made once a session, copied per test).

:class:`PgServer` holds one cluster (initdb and pg_ctl in a temporary folder, on a Unix socket
only) for the whole session; :meth:`PgServer.new_database` makes a fresh database per test and
returns its URL; the databases a test made are dropped when it ends (:meth:`PgServer.drop_made`),
so the cluster stays the size of one test's work and a standby's base backup copies little.
The server is installed (Debian's ``postgresql``) when it is missing; the
tests skip only where it cannot be installed (a system without apt-get), never on CI.
"""

from __future__ import annotations

import itertools
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "postgres"
NOT_INSTALLABLE = 3  # .ci/postgres: no PostgreSQL and no apt-get to install it


class Unavailable(Exception):
    """PostgreSQL cannot be installed on this platform (the reason is the message)."""


class PgServer:
    def __init__(self, folder: str, port: int) -> None:
        self.folder = folder
        self.port = port
        self._numbers = itertools.count(1)
        self._made: list[str] = []

    @classmethod
    def start(cls) -> PgServer:
        installed = subprocess.run(
            [str(SCRIPT), "install"], capture_output=True, text=True, timeout=900
        )
        if installed.returncode == NOT_INSTALLABLE:
            raise Unavailable(installed.stderr.strip())
        if installed.returncode != 0:
            raise RuntimeError(f".ci/postgres install failed: {installed.stderr.strip()}")
        started = subprocess.run(
            [str(SCRIPT), "start"], capture_output=True, text=True, timeout=300
        )
        if started.returncode != 0:
            raise RuntimeError(f".ci/postgres start failed: {started.stderr.strip()}")
        folder, port = started.stdout.split()
        return cls(folder, int(port))

    def stop(self) -> None:
        subprocess.run([str(SCRIPT), "stop", self.folder], capture_output=True, timeout=120)

    def start_standby(self) -> PgServer:
        """A streaming replica of this cluster (pg_basebackup), started read-only."""
        made = subprocess.run(
            [str(SCRIPT), "standby", self.folder, str(self.port)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if made.returncode != 0:
            raise RuntimeError(f".ci/postgres standby failed: {made.stderr.strip()}")
        folder, port = made.stdout.split()
        return PgServer(folder, int(port))

    def wait_replayed_by(self, standby: PgServer, timeout: float = 120.0) -> None:
        """Wait until ``standby`` has replayed everything this primary has written."""
        import time

        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]  # type: ignore[index]
        deadline = time.monotonic() + timeout
        with psycopg.connect(standby.url(), autocommit=True) as conn:
            while True:
                done = conn.execute(
                    "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)
                ).fetchone()[0]  # type: ignore[index]
                if done:
                    return
                if time.monotonic() > deadline:
                    raise TimeoutError("the standby did not catch up with the primary")
                time.sleep(0.05)  # the server has no wait-for-LSN call before PostgreSQL 17

    def url(self, database: str = "postgres") -> str:
        """A libpq URL for ``database`` on this server's socket (no password: trust)."""
        return f"postgresql://postgres@/{database}?host={quote(self.folder)}&port={self.port}"

    def new_database(self, template: str | None = None) -> str:
        """Create a database of its own (empty, or a copy of the database ``template``, which
        nobody may be connected to) and return its URL."""
        import psycopg

        name = f"case_{os.getpid()}_{next(self._numbers)}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        self._made.append(name)
        return self.url(name)

    def keep(self, name: str) -> None:
        """Keep the database ``name`` past the end of the test that made it (a template)."""
        self._made.remove(name)

    def drop_made(self) -> None:
        """Drop the databases made since the last call."""
        made, self._made = self._made, []
        self.drop(*made)

    def drop(self, *names: str) -> None:
        """Drop the databases ``names`` (their connections are ended)."""
        import psycopg

        if not names:
            return
        with psycopg.connect(self.url(), autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @staticmethod
    def database_of(url: str) -> str:
        return url.split("?", 1)[0].rsplit("/", 1)[1]


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
            self.server.keep(self._made[key])
        return self._made[key]

    def empty(self) -> str:
        from app.store.case import Case

        name = self._template("empty", lambda url: Case.create(url, title="Test case"))
        return self.server.new_database(name)

    def demo(self) -> str:
        from app.interchange.demo import build_demo

        return self.server.new_database(self._template("demo", build_demo))


@pytest.fixture(scope="session")
def pg_standby(pg_server: PgServer) -> Iterator[PgServer]:
    """A streaming replica of the session's cluster (made by pg_basebackup, read-only)."""
    standby = pg_server.start_standby()
    yield standby
    standby.stop()


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
