"""Privileged notes and pseudonyms.

Adds ``events.privileged_note`` and ``citations.privileged_note`` (a work-product note that
no printout, export, publication, presentation or exhibit pack carries unless the person
asks for it), ``entities.pseudonym`` (the name an output uses instead of the entity's real
one, such as "Survivor 1"), and ``saved_views.pseudonyms`` and ``stories.pseudonyms`` (a view
or story that is shown with pseudonyms). Every new column has an empty default, so no row's
values change; the rows' canonical forms do (one more column each), so a case that has data
gets one audit row, action ``baseline``, holding the digests of every row as the upgrade left
it (as ``0003_fingerprints`` did).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("events", "citations"):
        op.add_column(
            table, sa.Column("privileged_note", sa.Text(), nullable=False, server_default="")
        )
    op.add_column("entities", sa.Column("pseudonym", sa.Text(), nullable=False, server_default=""))
    for table in ("saved_views", "stories"):
        op.add_column(
            table,
            sa.Column("pseudonyms", sa.Boolean(), nullable=False, server_default=sa.false()),
        )
    conn = op.get_bind()
    if conn.exec_driver_sql("SELECT count(*) FROM case_info").scalar_one():
        from app.store.audit import AuditWriter, current_actor

        writer = AuditWriter(conn, current_actor())
        writer.record(
            "baseline",
            "case",
            None,
            None,
            {"note": "fingerprints of every row as the upgrade to schema 6 left it"},
        )
        writer.baseline()
        writer.finish()
    op.execute("UPDATE case_info SET schema_version = 6")
    if conn.dialect.name == "sqlite":
        op.execute("PRAGMA user_version = 6")


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded; restore the backup instead")
