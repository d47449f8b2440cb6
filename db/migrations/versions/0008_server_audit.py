"""A shared case's audit rows are written by the server: ``casetrail_append_audit`` (a
function that runs with the case owner's rights) names the database user (``session_user``)
and the server's time, chains each row to the head and moves the head, in the writer's
transaction; editors lose the right to insert audit rows or move the head themselves, so no
hand-written statement can add, change or remove one. A case file has nothing to change.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# the payload is what app.store.audit.row_hash hashes: a compact JSON array of the fields
# (to_json escapes text as Python's json.dumps(ensure_ascii=False) does)
APPEND = r"""CREATE FUNCTION casetrail_append_audit(entries json) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
    head text;
    n bigint;
    entry json;
    payload text;
    who text := session_user;
    stamp text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00';
BEGIN
    IF NOT has_table_privilege(session_user, 'events', 'INSERT') THEN
        RAISE EXCEPTION 'permission denied: % may not change this case', session_user
            USING ERRCODE = '42501';
    END IF;
    SELECT audit_head, audit_count INTO head, n FROM case_info WHERE id = 1 FOR UPDATE;
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
        INSERT INTO audit_log (at, actor, action, table_name, row_id, old, new, prev_hash,
                               row_hash, state)
        VALUES (stamp, who, entry->>'action', entry->>'table_name',
                (entry->>'row_id')::bigint, coalesce(entry->>'old', ''),
                coalesce(entry->>'new', ''), head,
                encode(sha256(convert_to(payload, 'UTF8')), 'hex'),
                coalesce(entry->>'state', ''));
        head := encode(sha256(convert_to(payload, 'UTF8')), 'hex');
        n := n + 1;
    END LOOP;
    UPDATE case_info SET audit_head = head, audit_count = n WHERE id = 1;
    RETURN head;
END $$"""

# editors granted before this revision: the function instead of their own audit rows
EDITORS = """DO $$
DECLARE person text;
BEGIN
    FOR person IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_schema = current_schema() AND table_name = 'audit_log'
          AND privilege_type = 'INSERT' AND is_grantable = 'NO' AND grantee <> current_user
    LOOP
        EXECUTE format('REVOKE INSERT ON audit_log FROM %I', person);
        EXECUTE format('REVOKE UPDATE (audit_head, audit_count) ON case_info FROM %I', person);
        EXECUTE format('GRANT EXECUTE ON FUNCTION casetrail_append_audit(json) TO %I', person);
    END LOOP;
    FOR person IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_schema = current_schema() AND table_name = 'audit_log'
          AND privilege_type = 'INSERT' AND is_grantable = 'YES' AND grantee <> current_user
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION casetrail_append_audit(json) TO %I', person);
    END LOOP;
END $$"""


def upgrade() -> None:
    op.execute("UPDATE case_info SET schema_version = 8")
    if op.get_bind().dialect.name != "sqlite":
        op.execute(APPEND)
        op.execute("REVOKE ALL ON FUNCTION casetrail_append_audit(json) FROM PUBLIC")
        op.execute(EDITORS)
        return
    op.execute("PRAGMA user_version = 8")


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded; restore the backup instead")
