"""PySide6's import hook reads every module imported after it; its lines are not kept."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import PySide6.QtCore  # noqa: F401 - the hook comes with PySide6
import pytest

from app.ui.source_lines import keep_no_source_lines


def test_a_module_imported_after_pyside6_leaves_no_lines_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not hasattr(feature, "_mod_uses_pyside"):
        pytest.skip("this PySide6 has no feature import hook")
    assert keep_no_source_lines() and keep_no_source_lines()  # wrapped once, idempotent
    looked: list[str] = []
    wrapped = feature._mod_uses_pyside

    def spy(module: object) -> object:
        looked.append(module.__name__)  # type: ignore[attr-defined]
        return wrapped(module)

    monkeypatch.setattr(feature, "_mod_uses_pyside", spy)
    source = tmp_path / "casetrail_probe_module.py"
    source.write_text("NAME = 'PySide6'\n" + "X = 1\n" * 2000)
    monkeypatch.syspath_prepend(str(tmp_path))
    module = __import__("casetrail_probe_module")  # an import statement's way (hooked)
    try:
        assert "casetrail_probe_module" in looked  # the hook still looks at the module
        assert module.__file__ not in linecache.cache  # and its lines are gone
        assert wrapped(module) is True  # the same answer: it names PySide6
        assert module.__file__ not in linecache.cache
    finally:
        sys.modules.pop("casetrail_probe_module", None)
