"""Bring a case file's schema to the newest revision with Alembic, as one transaction on a
connection that carries Casetrail's settings (the copy kept beforehand is made by
:func:`app.store.sqlite.backup.backup_before_migration`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from app.paths import migrations_dir
from app.store import dialect
from app.store.sqlite.connect import writing
from app.store.sqlite.manifest import REGENERATE, compare, newest_manifest, read_objects

if TYPE_CHECKING:
    from alembic.config import Config


def alembic_config() -> Config:
    # Alembic is imported only when a case is created or migrated: opening an up-to-date case
    # never pays for it.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def upgrade_in(conn: Connection, revision: str = "head") -> None:
    """Run the migrations of a shared case inside the transaction open on ``conn`` (the
    server's DDL is transactional: what follows in it commits or rolls back with them)."""
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` in one transaction; up to the newest, the result
    is compared with the newest schema manifest before it is committed."""
    from alembic import command

    config = alembic_config()
    if engine.dialect.name != "sqlite":  # a shared case: its database keeps no manifest
        with dialect.writing(engine) as conn, conn.begin():
            upgrade_in(conn, revision)
        return
    with writing(engine) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        if revision == "head":  # what the migrations made must be what the manifest says
            driver = conn.connection.driver_connection
            found = read_objects(driver)  # type: ignore[arg-type]
            differences = compare(found, newest_manifest().objects)
            if differences:
                conn.rollback()
                raise RuntimeError(
                    "the migrated schema differs from its manifest ("
                    + "; ".join(d.describe() for d in differences)
                    + f"); a new migration needs its manifest: run {REGENERATE}"
                )
        conn.commit()
