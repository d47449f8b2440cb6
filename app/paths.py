"""Where Casetrail's data folders are, in a checkout and in an installed wheel.

The wheel carries ``db/`` and ``resources/`` inside the package as ``app/_data/``; a checkout
(or an editable install) has them at the top of the repository.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_root() -> Path:
    shipped = _PACKAGE / "_data"
    if (shipped / "db").is_dir():
        return shipped
    return _PACKAGE.parent


def db_dir() -> Path:
    """The folder holding ``migrations/`` and ``seed/``."""
    return _data_root() / "db"


def migrations_dir() -> Path:
    return db_dir() / "migrations"


def seed_dir() -> Path:
    return db_dir() / "seed"


def resources_dir() -> Path:
    return _data_root() / "resources"


def user_data_dir() -> Path:
    """The per-user folder for the demo case and settings (XDG on Linux, the usual elsewhere)."""
    override = os.environ.get("CASETRAIL_DATA_DIR")
    if override:
        return Path(override)
    return _per_user("XDG_DATA_HOME", ".local/share")


def user_config_dir() -> Path:
    """The per-user folder for configuration such as the signing key (``XDG_CONFIG_HOME`` on
    Linux, the usual elsewhere)."""
    return _per_user("XDG_CONFIG_HOME", ".config")


def _per_user(xdg_variable: str, xdg_default: str) -> Path:
    """Casetrail's folder in the per-user base: ``$xdg_variable`` (else ``~/xdg_default``)
    on Linux, Application Support on macOS, ``%APPDATA%`` on Windows."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get(xdg_variable) or home / xdg_default)
    return base / "Casetrail"
