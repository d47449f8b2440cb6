"""A case file on disk: opening one (checks, then an upgrade of an older schema with a
backup kept beside it) and creating one under a temporary name, linked into place only when
whole."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, exc, insert

from app.store import audit
from app.store.engine import Mode
from app.store.errors import CaseFileError, NewerSchemaError, StorageError
from app.store.migrate import upgrade
from app.store.schema import SCHEMA_VERSION
from app.store.sqlite import connect, search
from app.store.sqlite.backup import backup_before_migration
from app.store.sqlite.older_review import shim_older_case
from app.store.tables import info_t


def open_engine(p: Path, mode: Mode) -> tuple[Engine, str | None, Path | None]:
    """An Engine over the checked (and, if older, upgraded) case at ``p``, the notice to
    show, and the backup kept before an upgrade."""
    version = connect.check_health(p, mode)
    notice = backup = None
    if version > SCHEMA_VERSION:
        if mode is not Mode.REVIEW:
            raise NewerSchemaError(p, version)
        notice = NewerSchemaError(p, version).problem
    engine = connect.make_engine(p, mode, guard=True)
    if version < SCHEMA_VERSION:
        if mode is Mode.REVIEW:
            notice = f"schema {version} is older than {SCHEMA_VERSION}; open it to upgrade"
            shim_older_case(engine)
        else:
            backup = backup_before_migration(p, version)
            try:
                upgrade(engine)
            except Exception as error:
                engine.dispose()
                raise CaseFileError(
                    p, f"could not be upgraded ({error}); the file is unchanged"
                ) from None
            notice = f"upgraded from schema {version}; the old file was kept as {backup.name}"
    return engine, notice, backup


def catch_up_search(engine: Engine) -> None:
    """Index rows changed by another program (or left queued) since the last write."""
    with engine.connect() as conn:
        pending = search.pending_count(conn)
    if pending:
        with connect.writing(engine) as conn, conn.begin():
            search.flush_pending(conn)


def create_file(
    p: Path, *, title: str, day_first: bool, populate: Callable[[Path], None] | None
) -> None:
    """Create the case file ``p`` (which must not exist) titled ``title``.

    It is built under a temporary name beside the target (and filled by ``populate(tmp)``,
    if given) and only then linked into place, so a crash or an error never leaves a
    half-made case under the real name.
    """
    if p.exists():
        raise CaseFileError(p, "already exists; choose another name")
    if not p.parent.is_dir():
        raise CaseFileError(p, f"cannot be created: folder {p.parent} does not exist")
    tmp = p.with_name(f".{p.name}.{os.getpid()}.creating")
    try:
        # made by us first, so that a folder that cannot be written says so plainly (one
        # left by a crashed process that had our process id is stale: replaced)
        for leftover in connect.side_files(tmp):
            leftover.unlink(missing_ok=True)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as error:
        raise CaseFileError(p, f"cannot be created ({connect.describe_failure(error)})") from None
    try:
        connect.write_application_id(tmp)
        engine = connect.make_engine(tmp, Mode.OPEN)
        upgrade(engine)
        with engine.begin() as conn:
            conn.execute(
                insert(info_t).values(
                    id=1,
                    title=title.strip(),
                    created=datetime.now(UTC).isoformat(timespec="seconds"),
                    day_first=day_first,
                    schema_version=SCHEMA_VERSION,
                    audit_head=audit.GENESIS,
                    audit_count=0,
                )
            )
        engine.dispose()
        if populate is not None:
            populate(tmp)
        try:
            os.link(tmp, p)
        except FileExistsError:
            raise CaseFileError(p, "already exists; choose another name") from None
        except OSError:
            if p.exists():
                raise CaseFileError(p, "already exists; choose another name") from None
            os.replace(tmp, p)
    except (OSError, connect.DriverError, exc.DBAPIError) as error:
        raise CaseFileError(p, f"cannot be created ({connect.describe_failure(error)})") from None
    except StorageError as error:
        raise CaseFileError(p, f"cannot be created ({error})") from None
    finally:
        for leftover in connect.side_files(tmp):
            # the message above says why creating failed; a failed clean-up must not replace it
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
