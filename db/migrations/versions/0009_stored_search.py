"""A shared case's search documents kept in stored columns: each searched table gets a
``search_doc`` tsvector column that the server computes when a row is written (GENERATED
ALWAYS ... STORED), with the GIN index over it. A search then reads the document a row
already has instead of parsing its text again for every match (to check the index's
candidates and to rank them), and the fields carry weights, so a search can say where it
matched (events: title A, description B; citations: quote A, pinpoint B). A case file's
FTS5 tables need nothing.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_CONFIG = "'casetrail_search'::regconfig"


def _doc(*weighted: tuple[str, str]) -> str:
    return " || ".join(
        f"setweight(to_tsvector({_CONFIG}, {column}), '{weight}')" for column, weight in weighted
    )


# (table, the document its rows get); each replaces the expression index of the first migration
DOCUMENTS = (
    ("events", _doc(("title", "A"), ("description", "B"))),
    ("citations", _doc(("quote", "A"), ("pinpoint", "B"))),
    ("sources", _doc(("title", "A"), ("author", "B"), ("publisher", "C"))),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for table, document in DOCUMENTS:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN search_doc tsvector "
                f"GENERATED ALWAYS AS ({document}) STORED"
            )
            op.execute(f"CREATE INDEX ix_{table}_search ON {table} USING gin (search_doc)")
        op.execute("UPDATE case_info SET schema_version = 9")
        return
    op.execute("UPDATE case_info SET schema_version = 9")
    op.execute("PRAGMA user_version = 9")


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded; restore the backup instead")
