"""Everything in the store that only SQLite has: the file header and its application id,
PRAGMAs, connections and the Engine (:mod:`.connect`), FTS5 search (:mod:`.search`), the
driver's cursor and SQLite's error texts (:mod:`.cursor`) and backups (:mod:`.backup`).

The rest of :mod:`app.store` speaks SQLAlchemy Core and calls only these modules for what
differs between database systems.
"""
