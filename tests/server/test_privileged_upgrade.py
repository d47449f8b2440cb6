"""Schema 6 on a shared case: a schema-5 case with rows is upgraded in place, its rows get
the new columns empty and a baseline of their new forms, and `check` stays clean."""

from __future__ import annotations

from sqlalchemy import insert

from app.store import audit
from app.store.case import Case
from app.store.engine import Mode
from app.store.migrate import upgrade
from app.store.postgresql.connect import Location, make_engine
from app.store.tables import events_t, info_t


def test_a_schema_5_shared_case_is_upgraded_with_a_baseline(pg_url: str) -> None:
    engine = make_engine(Location(pg_url), Mode.OPEN)
    try:
        upgrade(engine, "0005")
        with engine.begin() as conn:
            conn.execute(
                insert(info_t).values(id=1, title="Old", created="2020-01-01T00:00:00+00:00",
                                      day_first=False, schema_version=5,
                                      audit_head=audit.GENESIS, audit_count=0)
            )  # fmt: skip
            conn.exec_driver_sql(
                "INSERT INTO events(title, description, status, key_fact, version, "
                "start_ambiguous, end_ambiguous) VALUES ('Kept', '', 'alleged', false, 1, "
                "false, false)"
            )
            conn.exec_driver_sql(
                "INSERT INTO entities(name, kind, description, colour) "
                "VALUES ('Carl Ferrer', 'person', '', '')"
            )
        assert events_t.c.privileged_note is not None
    finally:
        engine.dispose()
    with Case.open(pg_url) as case:
        assert case.notice and "upgraded from schema 5" in case.notice
        assert [(e.title, e.privileged_note) for e in case.events()] == [("Kept", "")]
        last = case.audit_log()[-1]
        assert (last.action, last.table_name) == ("baseline", "case")
        assert case.check() == []
        entity = case.entities()[0]
        case.update_entity(entity.id, pseudonym="Witness A")
        event = case.events()[0]
        case.update_event(event.id, expected_version=event.version, privileged_note="ours")
        assert case.check() == []
