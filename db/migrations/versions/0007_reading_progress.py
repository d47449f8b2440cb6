"""Reading progress: which pages or paragraphs of each source have been read in the viewer.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reading_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("file_sha256", sa.Text(), server_default="", nullable=False),
        sa.Column("seen", sa.Text(), server_default="", nullable=False),
        sa.Column("updated", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reading_progress"),
        sa.UniqueConstraint("source_id", name="uq_reading_progress_source_id"),
        sa.CheckConstraint("unit IN ('page', 'paragraph')", name="ck_reading_progress_unit_known"),
        sa.CheckConstraint("total >= 0", name="ck_reading_progress_total_not_negative"),
    )
    op.execute("UPDATE case_info SET schema_version = 7")
    if op.get_bind().dialect.name != "sqlite":  # a shared case: ids as 0001 gives them
        op.execute("ALTER TABLE reading_progress ALTER COLUMN id DROP DEFAULT")
        op.execute("DROP SEQUENCE IF EXISTS reading_progress_id_seq")
        op.execute("ALTER TABLE reading_progress ALTER COLUMN id TYPE BIGINT")
        op.execute("ALTER TABLE reading_progress ALTER COLUMN source_id TYPE BIGINT")
        op.execute(
            "CREATE TRIGGER reading_progress_next_id BEFORE INSERT ON reading_progress "
            "FOR EACH ROW EXECUTE FUNCTION casetrail_next_id()"
        )
        return
    op.execute("PRAGMA user_version = 7")


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded; restore the backup instead")
