"""Alembic environment for case files.

Casetrail runs migrations itself (``app.store.migrate``) on a connection it opened with its
own PRAGMAs, passed in ``config.attributes["connection"]``; the whole upgrade is one
transaction, so a failed migration leaves the case as it was.
"""

from alembic import context

from app.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Casetrail migrations run through app.store.migrate, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
