"""Stories: named, ordered selections of events with commentary per step and an
introduction, for presenting and publishing.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("introduction", sa.Text(), server_default="", nullable=False),
        sa.Column("steps_json", sa.Text(), server_default="[]", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
        sa.UniqueConstraint("name", name="uq_stories_name"),
        sa.CheckConstraint("length(name) > 0", name="ck_stories_name_not_empty"),
    )
    op.execute("UPDATE case_info SET schema_version = 5")
    if op.get_bind().dialect.name != "sqlite":  # a shared case: ids as 0001 gives them
        op.execute("ALTER TABLE stories ALTER COLUMN id DROP DEFAULT")
        op.execute("DROP SEQUENCE IF EXISTS stories_id_seq")
        op.execute("ALTER TABLE stories ALTER COLUMN id TYPE BIGINT")
        op.execute(
            "CREATE TRIGGER stories_next_id BEFORE INSERT ON stories "
            "FOR EACH ROW EXECUTE FUNCTION casetrail_next_id()"
        )
        return
    op.execute("PRAGMA user_version = 5")


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded; restore the backup instead")
