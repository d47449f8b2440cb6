"""A shared case made at an older schema (before this program's latest migrations) and left
unopened, holding one event: what a server keeps from an earlier version of Casetrail."""

from __future__ import annotations

from sqlalchemy import insert

from app.store import audit
from app.store.engine import Mode
from app.store.migrate import upgrade
from app.store.postgresql.connect import Location, make_engine
from app.store.tables import info_t

TITLE, DESCRIPTION = "Zürich meeting", "the board"


def make_old_case(url: str, revision: str) -> None:
    """The database at ``url`` made a case of schema ``revision`` ("0008", "0009") holding one
    event (``TITLE``, ``DESCRIPTION``), not opened (so not upgraded)."""
    engine = make_engine(Location(url), Mode.OPEN)
    try:
        upgrade(engine, revision)
        with engine.begin() as conn:
            conn.execute(
                insert(info_t).values(id=1, title="Old", created="2020-01-01T00:00:00+00:00",
                                      day_first=False, schema_version=int(revision),
                                      audit_head=audit.GENESIS, audit_count=0)
            )  # fmt: skip
            conn.exec_driver_sql(
                "INSERT INTO events(title, description, status, key_fact, version, "
                "start_ambiguous, end_ambiguous, privileged_note) VALUES "
                f"('{TITLE}', '{DESCRIPTION}', 'alleged', false, 1, false, false, '')"
            )
    finally:
        engine.dispose()
