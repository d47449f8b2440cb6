"""The case file's tables, as typed SQLAlchemy declarative models.

The Alembic revisions in ``db/migrations`` create exactly these tables; a test compares the
two. Dates are stored as the columns of a :class:`~app.domain.dates.FuzzyDate`: the text as
written, its canonical form (``to_iso``, which also keeps both ends of a "between"), its
precision and qualifier, and the interval ``[earliest, latest)`` as whole seconds
since 1970-01-01 (negative before), so that the timeline index can read them as integers.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.domain.records import ENTITY_KINDS, EVENT_STATUSES, SOURCE_KINDS, STANCES

APPLICATION_ID = 0x43735472  # "CsTr": marks a SQLite file as a Casetrail case
SCHEMA_VERSION = 10  # PRAGMA user_version written by the newest Alembic revision
# Instants (seconds, up to +-9.2e18 for 290 billion years either way): SQLite's INTEGER is
# 64-bit already; on PostgreSQL the columns are BIGINT and values must be bound as BIGINT too.
SECONDS = Integer().with_variant(BigInteger(), "postgresql")

PRECISIONS = (
    "year",
    "month",
    "day",
    "minute",
    "second",
    "decade",
    "century",
    "quarter",
    "season",
    "third",
)
QUALIFIERS = ("exact", "circa", "before", "after", "between")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def _date_checks(prefix: str, *, required: bool = False) -> tuple[CheckConstraint, ...]:
    """Constraints that keep a stored FuzzyDate whole: all parts or none, and earliest < latest."""
    parts = [
        f"{prefix}_{p}" for p in ("text", "iso", "precision", "qualifier", "earliest", "latest")
    ]
    all_set = " AND ".join(f"{p} IS NOT NULL" for p in parts)
    none_set = " AND ".join(f"{p} IS NULL" for p in parts)
    whole = all_set if required else f"({all_set}) OR ({none_set})"
    return (
        CheckConstraint(whole, name=f"{prefix}_whole"),
        CheckConstraint(f"{prefix}_earliest < {prefix}_latest", name=f"{prefix}_interval"),
        CheckConstraint(
            f"{prefix}_precision IS NULL OR " + _in(f"{prefix}_precision", PRECISIONS),
            name=f"{prefix}_precision",
        ),
        CheckConstraint(
            f"{prefix}_qualifier IS NULL OR " + _in(f"{prefix}_qualifier", QUALIFIERS),
            name=f"{prefix}_qualifier",
        ),
    )


class CaseInfo(Base):
    __tablename__ = "case_info"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    created: Mapped[str] = mapped_column(String(32))
    day_first: Mapped[bool] = mapped_column(Boolean, default=False)
    schema_version: Mapped[int] = mapped_column(Integer)
    audit_head: Mapped[str] = mapped_column(String(64), default="")
    audit_count: Mapped[int] = mapped_column(Integer, default=0)
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    southern_hemisphere: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        *_date_checks("start"),
        *_date_checks("end"),
        CheckConstraint("end_text IS NULL OR start_text IS NOT NULL", name="end_needs_start"),
        CheckConstraint("end_latest IS NULL OR end_latest > start_earliest", name="span_order"),
        CheckConstraint(_in("status", EVENT_STATUSES), name="status"),
        CheckConstraint("length(title) > 0", name="title_not_empty"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    start_text: Mapped[str | None] = mapped_column(Text)
    start_iso: Mapped[str | None] = mapped_column(String(40))
    start_precision: Mapped[str | None] = mapped_column(String(8))
    start_qualifier: Mapped[str | None] = mapped_column(String(8))
    start_earliest: Mapped[int | None] = mapped_column(SECONDS, index=True)
    start_latest: Mapped[int | None] = mapped_column(SECONDS)
    start_ambiguous: Mapped[bool] = mapped_column(Boolean, default=False)
    end_text: Mapped[str | None] = mapped_column(Text)
    end_iso: Mapped[str | None] = mapped_column(String(40))
    end_precision: Mapped[str | None] = mapped_column(String(8))
    end_qualifier: Mapped[str | None] = mapped_column(String(8))
    end_earliest: Mapped[int | None] = mapped_column(SECONDS)
    end_latest: Mapped[int | None] = mapped_column(SECONDS)
    end_ambiguous: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="alleged")
    key_fact: Mapped[bool] = mapped_column(Boolean, default=False)
    lane: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # a work-product note: never in an output unless asked for (schema 6)
    privileged_note: Mapped[str] = mapped_column(Text, default="", server_default="")


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (
        CheckConstraint(_in("kind", SOURCE_KINDS), name="kind"),
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        CheckConstraint("file_sha256 IS NULL OR length(file_sha256) = 64", name="sha256"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="document")
    title: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(Text, default="")
    date_text: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    file_path: Mapped[str] = mapped_column(Text, default="")
    file_sha256: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("source_files.sha256", ondelete="RESTRICT"), nullable=True
    )
    file_size: Mapped[int | None] = mapped_column(Integer)
    file_stored: Mapped[bool] = mapped_column(Boolean, default=False)
    bates_start: Mapped[str] = mapped_column(Text, default="")
    bates_end: Mapped[str] = mapped_column(Text, default="")
    exhibit: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class SourceFile(Base):
    """A content-addressed file: stored inside the case (data set) or only known by hash."""

    __tablename__ = "source_files"
    __table_args__ = (CheckConstraint("length(sha256) = 64", name="sha256"),)

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    original_name: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[bytes | None] = mapped_column(LargeBinary)


class Citation(Base):
    __tablename__ = "citations"
    __table_args__ = (CheckConstraint(_in("stance", STANCES), name="stance"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="RESTRICT"), index=True
    )
    pinpoint: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[str] = mapped_column(Text, default="")
    stance: Mapped[str] = mapped_column(String(12), default="supports")
    position: Mapped[int] = mapped_column(Integer, default=0)
    privileged_note: Mapped[str] = mapped_column(Text, default="", server_default="")  # schema 6


class Entity(Base):
    __tablename__ = "entities"
    __table_args__ = (
        CheckConstraint(_in("kind", ENTITY_KINDS), name="kind"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="person")
    description: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(9), default="")
    # the name outputs use instead of the real one when asked to (schema 6)
    pseudonym: Mapped[str] = mapped_column(Text, default="", server_default="")


class EventEntity(Base):
    __tablename__ = "event_entities"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(Text, default="")


class Tag(Base):
    __tablename__ = "tags"
    __table_args__ = (CheckConstraint("length(name) > 0", name="name_not_empty"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    colour: Mapped[str] = mapped_column(String(9), default="")
    description: Mapped[str] = mapped_column(Text, default="")


class EventTag(Base):
    __tablename__ = "event_tags"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Era(Base):
    __tablename__ = "eras"
    __table_args__ = (
        *_date_checks("start", required=True),
        *_date_checks("end", required=True),
        CheckConstraint("end_latest > start_earliest", name="span_order"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    start_text: Mapped[str] = mapped_column(Text)
    start_iso: Mapped[str] = mapped_column(String(40))
    start_precision: Mapped[str] = mapped_column(String(8))
    start_qualifier: Mapped[str] = mapped_column(String(8))
    start_earliest: Mapped[int] = mapped_column(SECONDS)
    start_latest: Mapped[int] = mapped_column(SECONDS)
    start_ambiguous: Mapped[bool] = mapped_column(Boolean, default=False)
    end_text: Mapped[str] = mapped_column(Text)
    end_iso: Mapped[str] = mapped_column(String(40))
    end_precision: Mapped[str] = mapped_column(String(8))
    end_qualifier: Mapped[str] = mapped_column(String(8))
    end_earliest: Mapped[int] = mapped_column(SECONDS)
    end_latest: Mapped[int] = mapped_column(SECONDS)
    end_ambiguous: Mapped[bool] = mapped_column(Boolean, default=False)
    colour: Mapped[str] = mapped_column(String(9), default="")


class AuditEntry(Base):
    """Append-only: triggers refuse UPDATE and DELETE; each row hashes the one before."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(16))
    table_name: Mapped[str] = mapped_column(String(32))
    row_id: Mapped[int | None] = mapped_column(Integer)
    old: Mapped[str] = mapped_column(Text, default="")
    new: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))
    # the digests of the rows a transaction left (its last row; schema 3): app.store.fingerprints
    state: Mapped[str] = mapped_column(Text, default="", server_default="")


class SearchPending(Base):
    """Rows whose full-text entries are stale; filled by triggers, drained by store.search."""

    __tablename__ = "search_pending"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    ref_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class SavedView(Base):
    """A named filter of the review window (added by schema version 2)."""

    __tablename__ = "saved_views"
    __table_args__ = (
        UniqueConstraint("name"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    filter_json: Mapped[str] = mapped_column(Text, default="{}")
    pseudonyms: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Story(Base):
    """A story: a named, ordered selection of events with commentary per step and an
    introduction (added by schema version 5). ``steps_json`` is a JSON list of
    ``{"event": id, "commentary": text}`` in step order (app.domain.stories)."""

    __tablename__ = "stories"
    __table_args__ = (
        UniqueConstraint("name"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    introduction: Mapped[str] = mapped_column(Text, default="", server_default="")
    steps_json: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    pseudonyms: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ReadingRow(Base):
    """How much of a source's copy has been read in the viewer (added by schema version 7):
    the 1-based ``seen`` ranges ("1-5,7") of its ``total`` pages or paragraphs
    (app.domain.reading). The row's id is the source's; ``file_sha256`` names the copy read,
    so a replaced copy (or a new source given a deleted one's id) starts unread."""

    __tablename__ = "reading_progress"
    __table_args__ = (
        UniqueConstraint("source_id"),
        CheckConstraint("unit IN ('page', 'paragraph')", name="unit_known"),
        CheckConstraint("total >= 0", name="total_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(Text)
    total: Mapped[int] = mapped_column(Integer)
    file_sha256: Mapped[str] = mapped_column(Text, default="", server_default="")
    seen: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated: Mapped[str] = mapped_column(Text, default="", server_default="")
