"""Where a case lives: a case file (a path) or a shared case (a PostgreSQL connection string
or service name, see :mod:`app.store.postgresql`). :class:`app.store.case.Case` opens,
creates and names either through these (its checks: :mod:`app.store.checking`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from app.store import audit, dialect
from app.store.case_file import create_file, open_engine
from app.store.engine import Mode
from app.store.postgresql.connect import Location, is_location

Where = Path | Location


def location_of(path: str | os.PathLike[str] | Location) -> Where:
    """A :class:`Location` for a connection string, else a :class:`Path`."""
    if isinstance(path, Location):
        return path
    if isinstance(path, str) and is_location(path):
        return Location(path)
    return Path(path)


def open_any(
    path: str | os.PathLike[str] | Location, mode: Mode
) -> tuple[Where, Engine, str | None, Path | None]:
    """The case's location, its Engine, the notice to show and the backup an upgrade kept."""
    where = location_of(path)
    if isinstance(where, Location):
        from app.store.postgresql import shared

        engine, notice = shared.open_engine(where, mode)
        return where, engine, notice, None
    engine, notice, backup = open_engine(where, mode)
    return where, engine, notice, backup


def create_any(
    where: Where, *, title: str, day_first: bool, populate: Callable[[Any], None] | None
) -> None:
    """Create a case file, or a case in an empty PostgreSQL database."""
    if isinstance(where, Location):
        from app.store.postgresql import shared

        shared.create(where, title=title, day_first=day_first, populate=populate)
    else:
        create_file(where, title=title, day_first=day_first, populate=populate)


def actor_of(engine: Engine) -> str:
    """Who the audit log names for this case's changes: the login name on this computer;
    in a shared case, the database user."""
    if dialect.is_sqlite(engine):
        return audit.current_actor()
    from app.store.postgresql.people import database_user

    with engine.connect() as conn:
        return database_user(conn)


def file_path(where: Where) -> Path | None:
    """The case file's path (None for a shared case: nothing on disk to roll back)."""
    return where if isinstance(where, Path) else None
