"""The allocation policy a big case's opening sets (glibc only; elsewhere nothing)."""

from __future__ import annotations

import ctypes.util
import sys

import pytest

from app.ui import freed_memory


def test_the_policy_is_set_on_glibc_and_may_be_set_again() -> None:
    if not sys.platform.startswith("linux") or ctypes.util.find_library("c") is None:
        pytest.skip("not glibc")
    assert freed_memory.return_freed_memory() is True
    assert freed_memory.return_freed_memory() is True


def test_elsewhere_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(freed_memory.sys, "platform", "darwin")
    assert freed_memory.return_freed_memory() is False
