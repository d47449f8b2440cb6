"""Data fingerprints: the audit log keeps the digests of the rows each change left.

Adds ``audit_log.state`` (hash-chained with the rest of the row; see
``app.store.fingerprints``). A case that already has data gets one audit row, action
``baseline``, holding the digests of every row as the upgrade found it: ``check`` proves the
data from that row on; what happened to it before the upgrade only the log's old and new
values tell.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE audit_log ADD COLUMN state TEXT NOT NULL DEFAULT ''")
    conn = op.get_bind()
    if conn.exec_driver_sql("SELECT count(*) FROM case_info").scalar_one():
        from app.store.audit import AuditWriter, current_actor

        writer = AuditWriter(conn, current_actor())
        writer.record(
            "baseline",
            "case",
            None,
            None,
            {"note": "fingerprints start here: every row as the upgrade to schema 3 found it"},
        )
        writer.baseline()
        writer.finish()
    op.execute("UPDATE case_info SET schema_version = 3")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA user_version = 3")


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded; restore the backup instead")
