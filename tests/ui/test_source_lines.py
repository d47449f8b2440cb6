"""PySide6's import hook reads every module imported after it; its lines are not kept."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import PySide6.QtCore  # noqa: F401 - the hook comes with PySide6
import pytest

from app.ui.source_lines import keep_no_source_lines, names_pyside


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


def test_the_quick_check_reads_a_source_without_the_name_as_the_hook_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not hasattr(feature, "_mod_uses_pyside"):
        pytest.skip("this PySide6 has no feature import hook")
    assert keep_no_source_lines()
    plain = tmp_path / "casetrail_plain_probe.py"
    plain.write_text("# é: not Qt\nX = 1\n", encoding="utf-8")
    named = tmp_path / "casetrail_named_probe.py"
    named.write_text("# é\nNAME = 'PySide6'\n", encoding="utf-8")
    assert names_pyside(str(plain)) is False
    assert names_pyside(str(named)) is True
    assert names_pyside(str(tmp_path / "missing.py")) is True  # the hook decides
    assert names_pyside(None) is True and names_pyside(str(tmp_path)) is True
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        plain_module = __import__("casetrail_plain_probe")
        named_module = __import__("casetrail_named_probe")
        # the hook's own record: -1 "ignore this module", 0 "a module that uses PySide"
        assert feature.pyside_feature_dict["casetrail_plain_probe"] == -1
        assert feature.pyside_feature_dict["casetrail_named_probe"] == 0
        assert feature._mod_uses_pyside(plain_module) is False
        assert feature._mod_uses_pyside(named_module) is True
        assert named_module.__file__ not in linecache.cache
    finally:
        sys.modules.pop("casetrail_plain_probe", None)
        sys.modules.pop("casetrail_named_probe", None)
