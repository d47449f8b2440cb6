"""Shared test setup: offscreen Qt, a private data folder, fresh case files."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from tests.pg_server import (  # noqa: F401  (fixtures for the shared-case tests)
    PgServer,
    Unavailable,
    pg_standby,
    server_templates,
    shared_demo_case,
    shared_new_case,
)

if TYPE_CHECKING:
    from app.store.case import Case

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests judge behaviour, not speed: no per-example deadline (a loaded two-core CI
# machine must not turn a slow example into a failure).
settings.register_profile("casetrail", deadline=None, print_blob=True)
settings.load_profile("casetrail")


# -- checks that run in a process of their own ---------------------------------------------
#
# A test module may name, in BACKGROUND_RUNS, a function per test that gives the command the
# test checks (argv and Popen options). Those commands start as soon as the session knows
# which tests it runs, so they use the other core while the tests before them run; the test
# then reads its result from the ``background_run`` fixture.

_started: dict[str, subprocess.Popen[str]] = {}


def _start(spec: Callable[[], tuple[list[str], dict[str, object]]]) -> subprocess.Popen[str]:
    argv, options = spec()
    return subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **options,  # type: ignore[call-overload]
    )


def pytest_collection_finish(session: pytest.Session) -> None:
    for item in session.items:
        runs = getattr(getattr(item, "module", None), "BACKGROUND_RUNS", {})
        spec = runs.get(getattr(item, "originalname", item.name))
        if spec is not None and item.nodeid not in _started:
            # if it cannot start, the test starts it itself and fails with the reason
            with contextlib.suppress(Exception, pytest.fail.Exception):
                _started[item.nodeid] = _start(spec)


def pytest_sessionfinish(session: pytest.Session) -> None:
    while _started:  # runs whose tests did not run (-x, an interrupt)
        _, child = _started.popitem()
        child.kill()
        child.communicate()


@pytest.fixture
def background_run(request: pytest.FixtureRequest) -> subprocess.CompletedProcess[str]:
    """The finished run of this test's command from its module's BACKGROUND_RUNS."""
    child = _started.pop(request.node.nodeid, None)
    if child is None:
        child = _start(request.module.BACKGROUND_RUNS[request.function.__name__])
    try:
        out, err = child.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail(f"{child.args} did not finish within 300 s")
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CASETRAIL_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))


class CaseTemplates:
    """Case files made once per test session (Alembic and the demo build are slow) and handed
    out as byte copies: every test still gets a fresh, writable case file of its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._made: dict[tuple[str, bool] | str, Path] = {}

    def empty(self, title: str = "Test case", *, day_first: bool = False) -> Path:
        """The template of a new, empty case (as ``Case.create`` leaves it)."""
        from app.store.case import Case

        key = (title, day_first)
        if key not in self._made:
            path = self.folder / f"empty-{len(self._made)}.case"
            Case.create(path, title=title, day_first=day_first).close()
            self._made[key] = path
        return self._made[key]

    def demo(self) -> Path:
        """The template of the demo case (as ``build_demo`` leaves it)."""
        from app.interchange.demo import build_demo

        if "demo" not in self._made:
            path = self.folder / "demo.case"
            build_demo(path).close()
            self._made["demo"] = path
        return self._made["demo"]

    @staticmethod
    def copy(template: Path, path: Path) -> Path:
        """Copy ``template`` to ``path`` (which must not exist yet) and return ``path``."""
        with open(template, "rb") as source, open(path, "xb") as target:
            shutil.copyfileobj(source, target)
        return path


@pytest.fixture(scope="session")
def case_templates(tmp_path_factory: pytest.TempPathFactory) -> CaseTemplates:
    return CaseTemplates(tmp_path_factory.mktemp("templates"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A throwaway PostgreSQL cluster for the session (see tests/pg_server.py); skipped
    only where PostgreSQL cannot be installed (no apt-get)."""
    try:
        server = PgServer.start()
    except Unavailable as reason:
        pytest.skip(f"PostgreSQL cannot be installed here: {reason}")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _drop_server_databases(request: pytest.FixtureRequest) -> Iterator[None]:
    """Drop, after a test that used the PostgreSQL server, the databases it made. Set up
    before the test's other fixtures, so it is torn down after they have closed their cases."""
    server = request.getfixturevalue("pg_server") if "pg_server" in request.fixturenames else None
    yield
    if server is not None:
        server.drop_made()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """The URL of a fresh, empty PostgreSQL database of this test's own."""
    return pg_server.new_database()


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    return tmp_path / "test.case"


@pytest.fixture
def new_case(case_path: Path, case_templates: CaseTemplates) -> Iterator[Case]:
    """A new, empty case titled "Test case" at ``case_path``."""
    from app.store.case import Case

    case = Case.open(CaseTemplates.copy(case_templates.empty(), case_path))
    yield case
    case.close()


@pytest.fixture
def empty_case(case_templates: CaseTemplates) -> Iterator[Callable[..., Case]]:
    """A factory: ``empty_case(path, title=..., day_first=...)`` is an open, new, empty case
    at PATH, the same as ``Case.create`` makes it; closed after the test."""
    from app.store.case import Case

    made: list[Case] = []

    def make(path: Path, *, title: str = "Test case", day_first: bool = False) -> Case:
        template = case_templates.empty(title, day_first=day_first)
        case = Case.open(CaseTemplates.copy(template, Path(path)))
        made.append(case)
        return case

    yield make
    for case in made:
        case.close()


@pytest.fixture
def demo_case_path(tmp_path: Path, case_templates: CaseTemplates) -> Path:
    """A fresh copy of the demo case file (closed) at ``tmp_path / "demo.case"``."""
    return CaseTemplates.copy(case_templates.demo(), tmp_path / "demo.case")


@pytest.fixture
def demo_case(demo_case_path: Path) -> Iterator[Case]:
    """The demo case, open, in a file of this test's own."""
    from app.store.case import Case

    case = Case.open(demo_case_path)
    yield case
    case.close()


@pytest.fixture
def day_case(empty_case):  # type: ignore[no-untyped-def]
    """A factory: a case at PATH with one day-precision point event per day in DAYS (titles
    "event number I"), written with the bulk insert; closed after the test."""
    from app.domain.dates import FuzzyDate
    from app.store.case import date_columns

    def make(path: Path, days):  # type: ignore[no-untyped-def]
        case = empty_case(path, title="many days")
        rows = []
        for i, day in enumerate(days):
            start = FuzzyDate.from_parts(day.year, day.month, day.day)
            rows.append({
                "id": i + 1, "title": f"event number {i}", "description": "",
                **date_columns("start", start), **date_columns("end", None),
                "status": "alleged", "key_fact": False, "lane": None, "version": 1,
            })  # fmt: skip
        case.bulk_insert_events(rows)
        return case

    return make
