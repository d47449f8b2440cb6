"""Shared cases in the window: File > Open Shared Case (connection strings, recent shared
cases without passwords, off the interface thread, a clear error, a reviewer's window
read-only) and the conflict dialog of File > Push to Shared Case."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog

from app.cli import main
from app.store.case import Case, ReadOnlyError
from app.store.merge import Conflict, FieldConflict
from app.store.postgresql.connect import Location
from app.store.shared_copy import pull, push
from app.ui.dialogs.conflicts import MINE, THEIRS, ConflictDialog
from app.ui.dialogs.open_shared import OpenSharedDialog
from tests.server.test_people import login


def test_the_dialog_refuses_a_password_and_anything_not_a_location(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = OpenSharedDialog(None, ["service=firm"])
    qtbot.addWidget(dialog)
    assert dialog.location() == "service=firm"
    for text, problem in (
        ("postgresql://ann:hunter2@db/case", "carries a password"),
        ("/home/ann/case.case", "is not a connection string"),
        ("", "Type a connection string"),
    ):
        dialog.where.setCurrentText(text)
        dialog.accept()
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert problem in dialog.problem.text()
        assert "hunter2" not in dialog.problem.text()
    dialog.where.setCurrentText("postgresql://ann@db/case")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_shared_case_opens_off_the_interface_thread_and_is_remembered(
    make_window, qtbot, shared_demo_case: Case
) -> None:  # type: ignore[no-untyped-def]
    url = str(shared_demo_case.path)
    window = make_window(None)
    window.shared.open(url)
    qtbot.waitUntil(lambda: window.case is not None, timeout=20000)
    assert isinstance(window.case.path, Location) and not window.case.read_only
    assert window.model.rowCount() == 8
    assert window.shared.recent()[0] == url
    assert all("password" not in str(v) for v in QSettings().value("recent_shared"))
    dialog = OpenSharedDialog(window, window.shared.recent())
    assert dialog.location() == url  # offered first next time
    dialog.deleteLater()


def test_a_failure_to_connect_is_one_clear_message(
    make_window, qtbot, message_boxes, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(None)
    window.shared.open(f"postgresql://nobody@/nothing?host={tmp_path}&port=1")
    qtbot.waitUntil(lambda: any("cannot be reached" in m for _k, m in message_boxes), timeout=20000)
    assert window.case is None
    assert not any("Traceback" in m for _k, m in message_boxes)
    window.shared.open("postgresql://ann:hunter2@db/case")
    assert any("carries a password" in m for _k, m in message_boxes)
    assert not any("hunter2" in m for _k, m in message_boxes)


def test_a_reviewers_window_is_read_only_and_says_so(
    make_window, qtbot, message_boxes, shared_demo_case: Case
) -> None:  # type: ignore[no-untyped-def]
    url = str(shared_demo_case.path)
    name, as_reviewer = login(url)
    assert main(["share", url, name, "--role", "reviewer"]) == 0
    window = make_window(None)
    window.shared.open(as_reviewer)
    qtbot.waitUntil(lambda: window.case is not None, timeout=20000)
    case = window.case
    assert case.read_only and window.editing.review.banner.isVisible()
    assert any("reviewer" in m for _k, m in message_boxes)
    with pytest.raises(ReadOnlyError):
        case.create_event(title="sneaky")
    with case._units.read() as conn, pytest.raises(Exception, match="read-only"):
        conn.exec_driver_sql("UPDATE events SET title = 'x'")
    with psycopg.connect(as_reviewer) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE events SET title = 'x'")
    assert shared_demo_case.event(3).title != "x"


def _conflicts() -> list[Conflict]:
    return [
        Conflict("events", 3, (FieldConflict("title", "<b>Theirs</b>", "Mine", "Base"),)),
        Conflict("events", 5, (FieldConflict("(row)", "changed", "deleted", "present"),)),
    ]


def test_the_conflict_dialog_shows_both_versions_and_needs_a_choice_per_row(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ConflictDialog(None, _conflicts(), "the shared case")
    qtbot.addWidget(dialog)
    table = dialog.table
    assert [table.item(0, c).text() for c in range(5)] == [
        "events:3",
        "title",
        "<b>Theirs</b>",  # plain text, as written
        "Mine",
        "Base",
    ]
    assert table.item(1, 2).text() == "changed" and table.item(1, 3).text() == "deleted"
    assert not dialog.push.isEnabled()
    combo = table.cellWidget(0, 5)
    assert isinstance(combo, QComboBox)
    combo.setCurrentText(MINE)
    assert not dialog.push.isEnabled()
    table.cellWidget(1, 5).setCurrentText(THEIRS)
    assert dialog.push.isEnabled()
    choices = dialog.choices()
    assert choices.take_mine == {"events:3"} and choices.take_theirs == {"events:5"}
    dialog.choose_all(2)
    assert dialog.choices().take_mine == {"events:3", "events:5"}


def test_push_from_the_window_lists_conflicts_and_sends_the_choice(
    make_window, qtbot, monkeypatch, demo_case_path: Path, pg_url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    push(demo_case_path, pg_url)
    path = tmp_path / "laptop.case"
    pull(pg_url, path)
    with Case.open(pg_url) as shared:
        shared.update_event(3, expected_version=shared.event(3).version, title="Server side")
    seen: list[list[str]] = []

    def choose(dialog: ConflictDialog) -> int:
        seen.append([c.name for c in dialog.conflicts])
        dialog.choose_all(2)
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(ConflictDialog, "exec", choose)
    window = make_window(Case.open(path))
    window.case.update_event(3, expected_version=window.case.event(3).version, title="Laptop side")
    window.shared.push()
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    assert seen == [["events:3"]]
    with Case.open(pg_url) as shared:
        qtbot.waitUntil(lambda: shared.event(3).title == "Laptop side", timeout=20000)
    qtbot.waitUntil(lambda: "Pushed" in window.statusBar().currentMessage(), timeout=20000)
    assert window.case.event(3).title == "Laptop side"


def test_a_standby_opens_read_only_and_says_so(
    make_window, qtbot, message_boxes, pg_server, pg_standby, server_templates
) -> None:  # type: ignore[no-untyped-def]
    from tests.pg_server import PgServer
    from tests.server.test_standby import either

    database = PgServer.database_of(server_templates.demo())
    pg_server.wait_replayed_by(pg_standby)
    window = make_window(None)
    window.shared.open(either(pg_server, pg_standby, database, "read-only"))
    qtbot.waitUntil(lambda: window.case is not None, timeout=20000)
    assert window.case.read_only and window.editing.review.banner.isVisible()
    assert any("read-only standby" in m for _k, m in message_boxes)
    assert window.model.rowCount() == 8
    window.set_case(None)  # the session (which hears nothing on a standby) closes cleanly
