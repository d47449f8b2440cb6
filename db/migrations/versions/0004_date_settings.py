"""Date settings: the case's time zone and hemisphere; the new precision words.

Adds ``case_info.time_zone`` (the zone of clock times written without one, and of display;
'UTC' for existing cases, whose stored instants were read as UTC) and
``case_info.southern_hemisphere`` (which seasons "Spring 2015" names). The precision columns
of events and eras accept the new words (second, decade, century, quarter, season, third):
only their CHECK constraints widen, which SQLite allows by rewriting the table definitions
in place (no row changes, so a million-event case migrates in an instant).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD = "IN ('year', 'month', 'day', 'minute')"
NEW = (
    "IN ('year', 'month', 'day', 'minute', 'second', 'decade', 'century', 'quarter', "
    "'season', 'third')"
)


def upgrade() -> None:
    op.add_column(
        "case_info",
        sa.Column("time_zone", sa.String(64), nullable=False, server_default="UTC"),
    )
    op.add_column(
        "case_info",
        sa.Column("southern_hemisphere", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    if op.get_bind().dialect.name != "sqlite":  # a shared case widens its checks in place
        for table in ("events", "eras"):
            for side in ("start", "end"):
                name = f"ck_{table}_{side}_precision"
                op.execute(
                    f"ALTER TABLE {table} DROP CONSTRAINT {name}, ADD CONSTRAINT {name} "
                    f"CHECK ({side}_precision IS NULL OR {side}_precision {NEW})"
                )
        op.execute("UPDATE case_info SET schema_version = 4")
        return
    version = op.get_bind().exec_driver_sql("PRAGMA schema_version").scalar_one()
    op.execute("PRAGMA writable_schema = ON")
    op.execute(
        f'UPDATE sqlite_master SET sql = replace(sql, "{OLD}", "{NEW}") '
        "WHERE type = 'table' AND name IN ('events', 'eras')"
    )
    op.execute(f"PRAGMA schema_version = {int(version) + 1}")
    op.execute("PRAGMA writable_schema = OFF")
    op.execute("UPDATE case_info SET schema_version = 4")
    op.execute("PRAGMA user_version = 4")


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded; restore the backup instead")
