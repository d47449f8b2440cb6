"""Fixtures for the browser tests: one Chromium for the session, TimelineJS's files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.chromium import Chromium, Unavailable, launch, timelinejs_dist, timelinejs_templates


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    """Debian's Chromium driven by Playwright, every network request blocked (see
    tests/chromium.py); skipped only where Chromium cannot be installed (no apt-get)."""
    browser = launch(tmp_path_factory.mktemp("chromium-profile"))
    try:
        started = next(browser)
    except Unavailable as reason:
        pytest.skip(f"Chromium cannot be installed here: {reason}")
    yield started
    browser.close()


@pytest.fixture(scope="session")
def timelinejs() -> Path:
    """The ``dist`` folder of the pinned TimelineJS release from the npm registry."""
    return timelinejs_dist()


@pytest.fixture(scope="session")
def timelinejs_samples() -> Path:
    """TimelineJS's own sample files from the same npm package (``src/template``)."""
    return timelinejs_templates()
