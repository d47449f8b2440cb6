"""The first case schema: DESIGN.md section 4.

The statements are kept as SQL, as they stood when this revision was written, so that later
changes to ``app/store/schema.py`` never change what this revision creates.

Full-text search: SQLite refuses to let triggers write to an FTS5 table while
``trusted_schema`` is OFF (FTS5 is not marked innocuous), so the triggers here only queue the
changed rows in ``search_pending``; ``app.store.sqlite.search`` moves them into the FTS5 tables in the
same transaction before it commits, and before every search.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES = (
    """CREATE TABLE audit_log (
    id INTEGER NOT NULL,
    at VARCHAR(32) NOT NULL,
    actor TEXT NOT NULL,
    action VARCHAR(16) NOT NULL,
    table_name VARCHAR(32) NOT NULL,
    row_id INTEGER,
    old TEXT NOT NULL,
    new TEXT NOT NULL,
    prev_hash VARCHAR(64) NOT NULL,
    row_hash VARCHAR(64) NOT NULL,
    CONSTRAINT pk_audit_log PRIMARY KEY (id)
)""",
    """CREATE TABLE case_info (
    id INTEGER NOT NULL,
    title TEXT NOT NULL,
    created VARCHAR(32) NOT NULL,
    day_first BOOLEAN NOT NULL,
    schema_version INTEGER NOT NULL,
    audit_head VARCHAR(64) NOT NULL,
    audit_count INTEGER NOT NULL,
    CONSTRAINT pk_case_info PRIMARY KEY (id),
    CONSTRAINT ck_case_info_single_row CHECK (id = 1)
)""",
    """CREATE TABLE entities (
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind VARCHAR(16) NOT NULL,
    description TEXT NOT NULL,
    colour VARCHAR(9) NOT NULL,
    CONSTRAINT pk_entities PRIMARY KEY (id),
    CONSTRAINT ck_entities_kind CHECK (kind IN ('person', 'organisation', 'court', 'government', 'group', 'other')),
    CONSTRAINT ck_entities_name_not_empty CHECK (length(name) > 0),
    CONSTRAINT uq_entities_name UNIQUE (name)
)""",
    """CREATE TABLE eras (
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    start_text TEXT NOT NULL,
    start_iso VARCHAR(40) NOT NULL,
    start_precision VARCHAR(8) NOT NULL,
    start_qualifier VARCHAR(8) NOT NULL,
    start_earliest INTEGER NOT NULL,
    start_latest INTEGER NOT NULL,
    start_ambiguous BOOLEAN NOT NULL,
    end_text TEXT NOT NULL,
    end_iso VARCHAR(40) NOT NULL,
    end_precision VARCHAR(8) NOT NULL,
    end_qualifier VARCHAR(8) NOT NULL,
    end_earliest INTEGER NOT NULL,
    end_latest INTEGER NOT NULL,
    end_ambiguous BOOLEAN NOT NULL,
    colour VARCHAR(9) NOT NULL,
    CONSTRAINT pk_eras PRIMARY KEY (id),
    CONSTRAINT ck_eras_start_whole CHECK (start_text IS NOT NULL AND start_iso IS NOT NULL AND start_precision IS NOT NULL AND start_qualifier IS NOT NULL AND start_earliest IS NOT NULL AND start_latest IS NOT NULL),
    CONSTRAINT ck_eras_start_interval CHECK (start_earliest < start_latest),
    CONSTRAINT ck_eras_start_precision CHECK (start_precision IS NULL OR start_precision IN ('year', 'month', 'day', 'minute')),
    CONSTRAINT ck_eras_start_qualifier CHECK (start_qualifier IS NULL OR start_qualifier IN ('exact', 'circa', 'before', 'after', 'between')),
    CONSTRAINT ck_eras_end_whole CHECK (end_text IS NOT NULL AND end_iso IS NOT NULL AND end_precision IS NOT NULL AND end_qualifier IS NOT NULL AND end_earliest IS NOT NULL AND end_latest IS NOT NULL),
    CONSTRAINT ck_eras_end_interval CHECK (end_earliest < end_latest),
    CONSTRAINT ck_eras_end_precision CHECK (end_precision IS NULL OR end_precision IN ('year', 'month', 'day', 'minute')),
    CONSTRAINT ck_eras_end_qualifier CHECK (end_qualifier IS NULL OR end_qualifier IN ('exact', 'circa', 'before', 'after', 'between')),
    CONSTRAINT ck_eras_span_order CHECK (end_latest > start_earliest),
    CONSTRAINT ck_eras_name_not_empty CHECK (length(name) > 0)
)""",
    """CREATE TABLE events (
    id INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    start_text TEXT,
    start_iso VARCHAR(40),
    start_precision VARCHAR(8),
    start_qualifier VARCHAR(8),
    start_earliest INTEGER,
    start_latest INTEGER,
    start_ambiguous BOOLEAN NOT NULL,
    end_text TEXT,
    end_iso VARCHAR(40),
    end_precision VARCHAR(8),
    end_qualifier VARCHAR(8),
    end_earliest INTEGER,
    end_latest INTEGER,
    end_ambiguous BOOLEAN NOT NULL,
    status VARCHAR(16) NOT NULL,
    key_fact BOOLEAN NOT NULL,
    lane TEXT,
    version INTEGER NOT NULL,
    CONSTRAINT pk_events PRIMARY KEY (id),
    CONSTRAINT ck_events_start_whole CHECK ((start_text IS NOT NULL AND start_iso IS NOT NULL AND start_precision IS NOT NULL AND start_qualifier IS NOT NULL AND start_earliest IS NOT NULL AND start_latest IS NOT NULL) OR (start_text IS NULL AND start_iso IS NULL AND start_precision IS NULL AND start_qualifier IS NULL AND start_earliest IS NULL AND start_latest IS NULL)),
    CONSTRAINT ck_events_start_interval CHECK (start_earliest < start_latest),
    CONSTRAINT ck_events_start_precision CHECK (start_precision IS NULL OR start_precision IN ('year', 'month', 'day', 'minute')),
    CONSTRAINT ck_events_start_qualifier CHECK (start_qualifier IS NULL OR start_qualifier IN ('exact', 'circa', 'before', 'after', 'between')),
    CONSTRAINT ck_events_end_whole CHECK ((end_text IS NOT NULL AND end_iso IS NOT NULL AND end_precision IS NOT NULL AND end_qualifier IS NOT NULL AND end_earliest IS NOT NULL AND end_latest IS NOT NULL) OR (end_text IS NULL AND end_iso IS NULL AND end_precision IS NULL AND end_qualifier IS NULL AND end_earliest IS NULL AND end_latest IS NULL)),
    CONSTRAINT ck_events_end_interval CHECK (end_earliest < end_latest),
    CONSTRAINT ck_events_end_precision CHECK (end_precision IS NULL OR end_precision IN ('year', 'month', 'day', 'minute')),
    CONSTRAINT ck_events_end_qualifier CHECK (end_qualifier IS NULL OR end_qualifier IN ('exact', 'circa', 'before', 'after', 'between')),
    CONSTRAINT ck_events_end_needs_start CHECK (end_text IS NULL OR start_text IS NOT NULL),
    CONSTRAINT ck_events_span_order CHECK (end_latest IS NULL OR end_latest > start_earliest),
    CONSTRAINT ck_events_status CHECK (status IN ('alleged', 'disputed', 'undisputed', 'established')),
    CONSTRAINT ck_events_title_not_empty CHECK (length(title) > 0)
)""",
    "CREATE INDEX ix_events_start_earliest ON events (start_earliest)",
    """CREATE TABLE search_pending (
    kind VARCHAR(8) NOT NULL,
    ref_id INTEGER NOT NULL,
    CONSTRAINT pk_search_pending PRIMARY KEY (kind, ref_id)
)""",
    """CREATE TABLE source_files (
    sha256 VARCHAR(64) NOT NULL,
    size INTEGER NOT NULL,
    media_type VARCHAR(100) NOT NULL,
    original_name TEXT NOT NULL,
    data BLOB,
    CONSTRAINT pk_source_files PRIMARY KEY (sha256),
    CONSTRAINT ck_source_files_sha256 CHECK (length(sha256) = 64)
)""",
    """CREATE TABLE tags (
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    colour VARCHAR(9) NOT NULL,
    description TEXT NOT NULL,
    CONSTRAINT pk_tags PRIMARY KEY (id),
    CONSTRAINT ck_tags_name_not_empty CHECK (length(name) > 0),
    CONSTRAINT uq_tags_name UNIQUE (name)
)""",
    """CREATE TABLE event_entities (
    event_id INTEGER NOT NULL,
    entity_id INTEGER NOT NULL,
    role TEXT NOT NULL,
    CONSTRAINT pk_event_entities PRIMARY KEY (event_id, entity_id),
    CONSTRAINT fk_event_entities_event_id_events FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_entities_entity_id_entities FOREIGN KEY(entity_id) REFERENCES entities (id) ON DELETE CASCADE
)""",
    "CREATE INDEX ix_event_entities_entity_id ON event_entities (entity_id)",
    """CREATE TABLE event_tags (
    event_id INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    CONSTRAINT pk_event_tags PRIMARY KEY (event_id, tag_id),
    CONSTRAINT fk_event_tags_event_id_events FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_tags_tag_id_tags FOREIGN KEY(tag_id) REFERENCES tags (id) ON DELETE CASCADE
)""",
    "CREATE INDEX ix_event_tags_tag_id ON event_tags (tag_id)",
    """CREATE TABLE sources (
    id INTEGER NOT NULL,
    kind VARCHAR(16) NOT NULL,
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    publisher TEXT NOT NULL,
    date_text TEXT NOT NULL,
    url TEXT NOT NULL,
    file_path TEXT NOT NULL,
    file_sha256 VARCHAR(64),
    file_size INTEGER,
    file_stored BOOLEAN NOT NULL,
    bates_start TEXT NOT NULL,
    bates_end TEXT NOT NULL,
    exhibit TEXT NOT NULL,
    notes TEXT NOT NULL,
    CONSTRAINT pk_sources PRIMARY KEY (id),
    CONSTRAINT ck_sources_kind CHECK (kind IN ('document', 'news', 'web', 'email', 'filing', 'deposition', 'exhibit', 'video', 'audio', 'image', 'memo', 'other')),
    CONSTRAINT ck_sources_title_not_empty CHECK (length(title) > 0),
    CONSTRAINT ck_sources_sha256 CHECK (file_sha256 IS NULL OR length(file_sha256) = 64),
    CONSTRAINT fk_sources_file_sha256_source_files FOREIGN KEY(file_sha256) REFERENCES source_files (sha256) ON DELETE RESTRICT
)""",
    """CREATE TABLE citations (
    id INTEGER NOT NULL,
    event_id INTEGER NOT NULL,
    source_id INTEGER NOT NULL,
    pinpoint TEXT NOT NULL,
    quote TEXT NOT NULL,
    stance VARCHAR(12) NOT NULL,
    position INTEGER NOT NULL,
    CONSTRAINT pk_citations PRIMARY KEY (id),
    CONSTRAINT ck_citations_stance CHECK (stance IN ('supports', 'contradicts', 'context')),
    CONSTRAINT fk_citations_event_id_events FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE,
    CONSTRAINT fk_citations_source_id_sources FOREIGN KEY(source_id) REFERENCES sources (id) ON DELETE RESTRICT
)""",
    "CREATE INDEX ix_citations_source_id ON citations (source_id)",
    "CREATE INDEX ix_citations_event_id ON citations (event_id)",
)

APPEND_ONLY = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)

FULL_TEXT = (
    "CREATE VIRTUAL TABLE events_fts USING fts5("
    "title, description, tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE sources_fts USING fts5("
    "title, author, publisher, tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE citations_fts USING fts5("
    "quote, pinpoint, tokenize='unicode61 remove_diacritics 2')",
)

# (table, kind in search_pending, columns whose change makes the search entry stale)
SEARCHED = (
    ("events", "event", "title, description"),
    ("sources", "source", "title, author, publisher"),
    ("citations", "citation", "quote, pinpoint"),
)


def _queue_triggers() -> list[str]:
    statements = []
    for table, kind, columns in SEARCHED:
        queue = "INSERT OR IGNORE INTO search_pending(kind, ref_id) VALUES ('{kind}', {row}.id)"
        statements += [
            f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} "
            f"BEGIN {queue.format(kind=kind, row='new')}; END",
            f"CREATE TRIGGER {table}_search_update AFTER UPDATE OF {columns} ON {table} "
            f"BEGIN {queue.format(kind=kind, row='new')}; END",
            f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} "
            f"BEGIN {queue.format(kind=kind, row='old')}; END",
        ]
    return statements


# A shared case (PostgreSQL): the same tables with 64-bit integers and bytea; ids a row is
# given when none is named are the largest plus one, as SQLite gives them; the audit log is
# append-only by a trigger; search is a GIN index per table (app.store.postgresql.search).
ROW_IDS = ("audit_log", "entities", "eras", "events", "tags", "sources", "citations")
POSTGRESQL_FUNCTIONS = (
    """CREATE FUNCTION casetrail_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I', TG_TABLE_NAME) INTO NEW.id;
    END IF;
    RETURN NEW;
END $$""",
    """CREATE FUNCTION casetrail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$""",
)


def next_id_trigger(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_next_id BEFORE INSERT ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION casetrail_next_id()"
    )


def _postgresql() -> list[str]:
    from app.store.postgresql.search import index_statements

    tables = [s.replace("INTEGER", "BIGINT").replace("BLOB", "BYTEA") for s in TABLES]
    return [
        *tables,
        *POSTGRESQL_FUNCTIONS,
        *(next_id_trigger(t) for t in ROW_IDS),
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION casetrail_append_only()",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION casetrail_append_only()",
        *index_statements(),
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for statement in _postgresql():
            op.execute(statement)
        return
    for statement in (*TABLES, *APPEND_ONLY, *FULL_TEXT, *_queue_triggers()):
        op.execute(statement)
    op.execute("PRAGMA user_version = 1")


def downgrade() -> None:
    raise NotImplementedError("case files are never downgraded; restore the backup instead")
