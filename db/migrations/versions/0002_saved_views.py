"""Saved views: named filters of the review window.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("filter_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_saved_views"),
        sa.UniqueConstraint("name", name="uq_saved_views_name"),
        sa.CheckConstraint("length(name) > 0", name="ck_saved_views_name_not_empty"),
    )
    op.execute("UPDATE case_info SET schema_version = 2")
    if op.get_bind().dialect.name != "sqlite":  # a shared case: ids as 0001 gives them
        op.execute("ALTER TABLE saved_views ALTER COLUMN id DROP DEFAULT")
        op.execute("DROP SEQUENCE IF EXISTS saved_views_id_seq")
        op.execute("ALTER TABLE saved_views ALTER COLUMN id TYPE BIGINT")
        op.execute(
            "CREATE TRIGGER saved_views_next_id BEFORE INSERT ON saved_views "
            "FOR EACH ROW EXECUTE FUNCTION casetrail_next_id()"
        )
        return
    op.execute("PRAGMA user_version = 2")


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded; restore the backup instead")
