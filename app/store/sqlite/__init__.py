"""Everything in the store that only SQLite has: the file header and its application id,
PRAGMAs, connections and the Engine (:mod:`.connect`), FTS5 search (:mod:`.search`), the
driver's cursor and SQLite's error texts (:mod:`.cursor`), backups (:mod:`.backup`), the schema
manifests a case is compared with before anything in it runs (:mod:`.manifest`) and reading a
refused or damaged case's rows for salvage (:mod:`.salvage_read`).

The rest of :mod:`app.store` speaks SQLAlchemy Core and calls only these modules for what
differs between database systems.
"""
