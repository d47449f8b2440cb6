"""Everything in the store that only PostgreSQL has (a shared case, one database per case):
connection strings, the Engine and the writers' lock (:mod:`.connect`), opening and creating
a shared case (:mod:`.shared`), full-text search with tsvector and GIN indexes
(:mod:`.search`) and the rows' canonical forms computed as SQLite computes them, so that a
row's digest is the same in a case file and in a shared case (:mod:`.forms`).

The rest of :mod:`app.store` reaches these through :mod:`app.store.dialect`.
"""
