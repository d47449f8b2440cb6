"""A shared case's event search documents in a narrow table of their own: ``event_search``
(the event's id and its weighted ``search_doc``, with the GIN index over it) instead of a
stored column of ``events``. A GIN index gives row addresses, never values, so a search
visits the row of every match for its id; in ``events`` that meant reading most of the
table's pages (every column of every event) for a common word, in ``event_search`` it reads
pages that hold only ids and documents, a few times as many rows to a page. The server keeps
the table current in the writing transaction: a trigger on ``events`` (running with the case
owner's rights, so editors need no right to write it) computes the document of the rows
inserted, and of a row whose title or description changed; a deleted event's row goes with
it (a cascading foreign key). Whoever may read ``events`` may read it. Citations and
sources keep their stored columns (0009). A case file's FTS5 tables need nothing.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_CONFIG = "'casetrail_search'::regconfig"


def _doc(row: str) -> str:
    """The weighted document of an events row (as 0009's stored column made it)."""
    return (
        f"setweight(to_tsvector({_CONFIG}, {row}.title), 'A') || "
        f"setweight(to_tsvector({_CONFIG}, {row}.description), 'B')"
    )


STATEMENTS = (
    "CREATE TABLE event_search (id BIGINT NOT NULL, search_doc tsvector NOT NULL, "
    "CONSTRAINT pk_event_search PRIMARY KEY (id), CONSTRAINT fk_event_search_id "
    "FOREIGN KEY (id) REFERENCES events (id) ON DELETE CASCADE)",
    f"INSERT INTO event_search (id, search_doc) SELECT e.id, {_doc('e')} FROM events e",
    "DROP INDEX IF EXISTS ix_events_search",
    "ALTER TABLE events DROP COLUMN IF EXISTS search_doc",
    "CREATE INDEX ix_event_search_search ON event_search USING gin (search_doc)",
    # the rows of one statement in one insert (an import inserts thousands at once)
    f"""CREATE FUNCTION casetrail_event_search_added() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
BEGIN
    INSERT INTO event_search (id, search_doc) SELECT n.id, {_doc("n")} FROM added n;
    RETURN NULL;
END $$""",
    f"""CREATE FUNCTION casetrail_event_search_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
BEGIN
    UPDATE event_search SET search_doc = {_doc("NEW")} WHERE id = NEW.id;
    RETURN NULL;
END $$""",
    "REVOKE ALL ON FUNCTION casetrail_event_search_added() FROM PUBLIC",
    "REVOKE ALL ON FUNCTION casetrail_event_search_changed() FROM PUBLIC",
    "CREATE TRIGGER event_search_added AFTER INSERT ON events REFERENCING NEW TABLE AS added "
    "FOR EACH STATEMENT EXECUTE FUNCTION casetrail_event_search_added()",
    "CREATE TRIGGER event_search_changed AFTER UPDATE OF title, description ON events "
    "FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title "
    "OR OLD.description IS DISTINCT FROM NEW.description) "
    "EXECUTE FUNCTION casetrail_event_search_changed()",
)

# people granted before this revision read the new table as they read events
READERS = """DO $$
DECLARE person text;
BEGIN
    FOR person IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_schema = current_schema() AND table_name = 'events'
          AND privilege_type = 'SELECT' AND grantee <> current_user
    LOOP
        EXECUTE format('GRANT SELECT ON event_search TO %I', person);
    END LOOP;
END $$"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for statement in STATEMENTS:
            op.execute(statement)
        op.execute(READERS)
        op.execute("UPDATE case_info SET schema_version = 10")
        return
    op.execute("UPDATE case_info SET schema_version = 10")
    op.execute("PRAGMA user_version = 10")


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded; restore the backup instead")
