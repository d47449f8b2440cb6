"""A shared case's event search documents in a narrow table of their own: ``event_search``
(the event's id and its weighted ``search_doc``, with the GIN index over it) instead of a
stored column of ``events``. A GIN index gives row addresses, never values, so a search
visits the row of every match for its id; in ``events`` that meant reading most of the
table's pages (every column of every event) for a common word, in ``event_search`` it reads
pages that hold only ids and documents, a few times as many rows to a page. The server keeps
the table current in the writing transaction: a trigger on ``events`` (running with the case
owner's rights, so editors need no right to write it) computes the document of the rows
inserted, and of a row whose title or description changed; a deleted event's row goes with
it (a cascading foreign key). Whoever may read ``events`` may read it, with the right to
pass it on where they may pass on ``events`` (read from the table's own privileges, whoever
granted them). Citations and sources keep their stored columns (0009). A case file's FTS5
tables need nothing.

The functions that run with the owner's rights (these and 0008's ``casetrail_append_audit``)
search ``pg_catalog`` first and a session's temporary tables last, and name the tables they
write with their schema: a person's temporary table or function of the same name never
stands in for the case's. Nobody but the owner may create objects in the case's schema
(PostgreSQL 14 and older let everyone).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_CONFIG = "'public.casetrail_search'::regconfig"
# a function that runs with the owner's rights: the catalogue first, temporary objects last
# (unnamed, pg_temp would be searched first for tables)
_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"


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
LANGUAGE plpgsql {_DEFINER} AS $$
BEGIN
    INSERT INTO public.event_search (id, search_doc) SELECT n.id, {_doc("n")} FROM added n;
    RETURN NULL;
END $$""",
    f"""CREATE FUNCTION casetrail_event_search_changed() RETURNS trigger
LANGUAGE plpgsql {_DEFINER} AS $$
BEGIN
    UPDATE public.event_search SET search_doc = {_doc("NEW")} WHERE id = NEW.id;
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

# 0008's function as it was (the same rows, the same hashes), but with the search path of
# _DEFINER and the tables it reads and writes named with their schema: a case upgraded from
# 0008 or 0009 gets it too (CREATE OR REPLACE keeps its owner and who may execute it)
APPEND = rf"""CREATE OR REPLACE FUNCTION casetrail_append_audit(entries json) RETURNS text
LANGUAGE plpgsql {_DEFINER} AS $$
DECLARE
    head text;
    n bigint;
    entry json;
    payload text;
    who text := session_user;
    stamp text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00';
BEGIN
    IF NOT has_table_privilege(session_user, 'public.events', 'INSERT') THEN
        RAISE EXCEPTION 'permission denied: % may not change this case', session_user
            USING ERRCODE = '42501';
    END IF;
    SELECT audit_head, audit_count INTO head, n FROM public.case_info WHERE id = 1 FOR UPDATE;
    head := coalesce(nullif(head, ''), repeat('0', 64));
    FOR entry IN SELECT value FROM json_array_elements(entries) LOOP
        payload := '[' || to_json(head)::text
            || ',' || to_json(stamp)::text
            || ',' || to_json(who)::text
            || ',' || to_json(entry->>'action')::text
            || ',' || to_json(entry->>'table_name')::text
            || ',' || coalesce((entry->>'row_id')::bigint::text, 'null')
            || ',' || to_json(coalesce(entry->>'old', ''))::text
            || ',' || to_json(coalesce(entry->>'new', ''))::text
            || CASE WHEN coalesce(entry->>'state', '') <> ''
                    THEN ',' || to_json(entry->>'state')::text ELSE '' END
            || ']';
        INSERT INTO public.audit_log (at, actor, action, table_name, row_id, old, new,
                                      prev_hash, row_hash, state)
        VALUES (stamp, who, entry->>'action', entry->>'table_name',
                (entry->>'row_id')::bigint, coalesce(entry->>'old', ''),
                coalesce(entry->>'new', ''), head,
                encode(sha256(convert_to(payload, 'UTF8')), 'hex'),
                coalesce(entry->>'state', ''));
        head := encode(sha256(convert_to(payload, 'UTF8')), 'hex');
        n := n + 1;
    END LOOP;
    UPDATE public.case_info SET audit_head = head, audit_count = n WHERE id = 1;
    RETURN head;
END $$"""

# people granted before this revision read the new table as they read events, and may pass
# it on where they may pass events on (a co-owner): events' own privileges, whoever granted
# them (information_schema shows only the grants the migrating login made or received)
READERS = """DO $$
DECLARE person record;
BEGIN
    FOR person IN
        SELECT a.grantee, bool_or(a.is_grantable) AS grantable
        FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
        WHERE c.oid = 'public.events'::pg_catalog.regclass AND a.privilege_type = 'SELECT'
          AND a.grantee <> (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user)
        GROUP BY a.grantee
    LOOP
        IF person.grantee = 0 THEN
            EXECUTE 'GRANT SELECT ON public.event_search TO PUBLIC';
        ELSE
            EXECUTE format('GRANT SELECT ON public.event_search TO %I%s',
                           pg_catalog.pg_get_userbyid(person.grantee),
                           CASE WHEN person.grantable THEN ' WITH GRANT OPTION' ELSE '' END);
        END IF;
    END LOOP;
END $$"""

# nobody but the owner creates objects in the case's schema (PostgreSQL 14 and older let
# everyone: a function or operator of theirs could stand in for the catalogue's)
SCHEMA = "REVOKE CREATE ON SCHEMA public FROM PUBLIC"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for statement in STATEMENTS:
            op.execute(statement)
        op.execute(APPEND)
        op.execute(READERS)
        op.execute(SCHEMA)
        op.execute("UPDATE case_info SET schema_version = 10")
        return
    op.execute("UPDATE case_info SET schema_version = 10")
    op.execute("PRAGMA user_version = 10")


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded; restore the backup instead")
