"""Project rules: layering, lint, the README's two commands and CI stay in step."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed; install the test extra")
    return path


def test_import_contracts(background_run: subprocess.CompletedProcess[str]) -> None:
    assert background_run.returncode == 0, background_run.stdout + background_run.stderr


def test_ruff_is_clean(background_run: subprocess.CompletedProcess[str]) -> None:
    assert background_run.returncode == 0, background_run.stdout + background_run.stderr


def test_pure_layers_do_not_import_qt(background_run: subprocess.CompletedProcess[str]) -> None:
    assert background_run.stdout.strip() == "False", background_run.stderr


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```(?:sh|bash)\n(.+?)\n```", text)[:2]


def test_readme_starts_with_the_two_commands() -> None:
    run_cmd, test_cmd = _readme_commands()
    assert "pip install" in run_cmd and "casetrail" in run_cmd
    assert "pip install" in test_cmd and "pytest" in test_cmd
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd in ci, "CI must run exactly the README's test command"


def test_no_module_is_over_450_lines() -> None:
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / "app").rglob("*.py")
    }
    assert len(sizes) > 100
    assert {name: n for name, n in sizes.items() if n > 450} == {}


def test_shipped_folders_are_found() -> None:
    from app.paths import migrations_dir, resources_dir, seed_dir

    assert (migrations_dir() / "env.py").is_file()
    assert (seed_dir() / "demo.json").is_file()
    assert (resources_dir() / "icons" / "casetrail.svg").is_file()


@pytest.mark.slow
def test_domain_and_store_type_check(background_run: subprocess.CompletedProcess[str]) -> None:
    result = background_run
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


_PURE_LAYERS = (
    "import sys, app.cli, app.interchange.demo, app.store.case; "
    "print(any(m.startswith('PySide6') for m in sys.modules))"
)

# Each test's command, started with the session (see background_run in conftest.py).
BACKGROUND_RUNS = {
    "test_import_contracts": lambda: ([_tool("lint-imports")], {"cwd": ROOT}),
    "test_ruff_is_clean": lambda: ([_tool("ruff"), "check", "."], {"cwd": ROOT}),
    "test_pure_layers_do_not_import_qt": lambda: (
        [sys.executable, "-c", _PURE_LAYERS],
        {"cwd": ROOT},
    ),
    "test_domain_and_store_type_check": lambda: ([_tool("mypy")], {"cwd": ROOT}),
}
