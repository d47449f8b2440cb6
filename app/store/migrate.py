"""Bring a case file's schema to the newest revision with Alembic.

An older case is first copied with SQLite's backup API to ``NAME.schema-N.bak`` beside it;
the upgrade then runs as one transaction on a connection that carries Casetrail's PRAGMAs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from app.paths import migrations_dir
from app.store.engine import backup_file

if TYPE_CHECKING:
    from alembic.config import Config


def alembic_config() -> Config:
    # Alembic is imported only when a case is created or migrated: opening an up-to-date case
    # never pays for it.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` in one transaction."""
    from alembic import command

    config = alembic_config()
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.commit()


def backup_before_migration(path: str | os.PathLike[str], version: int) -> Path:
    """Copy the case aside before migrating it; return the copy's path."""
    p = Path(path)
    target = p.with_name(f"{p.name}.schema-{version}.bak")
    n = 1
    while target.exists():
        n += 1
        target = p.with_name(f"{p.name}.schema-{version}.{n}.bak")
    backup_file(p, target)
    return target
