"""The status bar shows a sealed case's seal and whether changes were recorded since."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.interchange.sealing import seal_case
from app.store.case import Case
from app.store.seals import seals
from app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def test_an_unsealed_case_shows_nothing(window: MainWindow) -> None:
    assert window.seal_status.isHidden()


def test_sealed_then_changed_in_the_window(
    make_window: Callable[[Case | None], MainWindow], demo_case_path: Path
) -> None:
    with Case.open(demo_case_path) as case:
        seal = seal_case(case)
    case = Case.open(demo_case_path)
    window = make_window(case)
    label = window.seal_status
    assert not label.isHidden()
    day = seal["sealed_at"][:10]
    assert label.text() == f"Sealed by {seal['key_id'][:8]} on {day}; unchanged"
    assert "casetrail verify" in label.toolTip()
    window.session.announce(case.update_event(2, expected_version=1, title="Edited"))
    assert label.text().endswith("; changed since (1 recorded change(s))")
    window.set_case(None)
    assert label.isHidden()


def test_a_seal_whose_signature_fails_says_so(
    make_window: Callable[[Case | None], MainWindow], demo_case_path: Path
) -> None:
    with Case.open(demo_case_path) as case:
        seals(case).seal(lambda state: {"key_id": "0" * 16, "public_key": "AA", "signature": "AA"})
    case = Case.open(demo_case_path)
    window = make_window(case)
    assert window.seal_status.text() == "Seal not valid (see casetrail verify)"
