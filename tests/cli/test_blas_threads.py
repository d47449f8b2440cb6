"""The command starts numpy's BLAS without a thread pool (the program does no linear algebra),
unless the person chose a number of threads themselves."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.cli import main


def test_the_command_asks_for_one_blas_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # set first, so that monkeypatch puts back what was there (unset too) when the test ends
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    monkeypatch.delenv("OPENBLAS_NUM_THREADS")
    assert main(["info", str(tmp_path / "missing.case")]) == 2
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"


def test_a_number_the_person_chose_stays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    assert main(["info", str(tmp_path / "missing.case")]) == 2
    assert os.environ["OPENBLAS_NUM_THREADS"] == "3"
