"""Shared test setup: offscreen Qt, a private data folder, fresh case files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests judge behaviour, not speed: no per-example deadline (a loaded two-core CI
# machine must not turn a slow example into a failure).
settings.register_profile("casetrail", deadline=None, print_blob=True)
settings.load_profile("casetrail")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CASETRAIL_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    return tmp_path / "test.case"


@pytest.fixture
def new_case(case_path: Path):
    from app.store.case import Case

    case = Case.create(case_path, title="Test case")
    yield case
    case.close()


@pytest.fixture
def demo_case(tmp_path: Path):
    from app.interchange.demo import build_demo

    case = build_demo(tmp_path / "demo.case")
    yield case
    case.close()


@pytest.fixture
def day_case():  # type: ignore[no-untyped-def]
    """A factory: a case at PATH with one day-precision point event per day in DAYS (titles
    "event number I"), written with the bulk insert; closed after the test."""
    from app.domain.dates import FuzzyDate
    from app.store.case import Case, date_columns

    made = []

    def make(path: Path, days):  # type: ignore[no-untyped-def]
        case = Case.create(path, title="many days")
        rows = []
        for i, day in enumerate(days):
            start = FuzzyDate.from_parts(day.year, day.month, day.day)
            rows.append({
                "id": i + 1, "title": f"event number {i}", "description": "",
                **date_columns("start", start), **date_columns("end", None),
                "status": "alleged", "key_fact": False, "lane": None, "version": 1,
            })  # fmt: skip
        case.bulk_insert_events(rows)
        made.append(case)
        return case

    yield make
    for case in made:
        case.close()
