"""Shared test setup: offscreen Qt, a private data folder, fresh case files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
