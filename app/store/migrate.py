"""Bring a case file's schema to the newest revision with Alembic.

An older case is first copied with SQLite's backup API to ``NAME.schema-N.bak`` beside it;
the upgrade then runs as one transaction on a connection that carries Casetrail's PRAGMAs.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from app.paths import migrations_dir
from app.store.engine import backup_file


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` in one transaction."""
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
