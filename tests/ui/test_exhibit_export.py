"""File > Export Exhibits…: the dialog's options, the pack written as a job with progress,
Cancel leaving nothing behind, and one plain message when it cannot be written."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

from app.domain.records import EventFilter
from app.ui import exhibit_export as flow_module
from app.ui.exhibit_export import ALL, SHOWN, ExhibitOptions
from app.ui.main_window import MainWindow

TIMEOUT = 30000


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_menu_and_dialog_options(window: MainWindow, tmp_path: Path) -> None:
    action = window.exhibits.action
    assert action in window.menuBar().actions()[0].menu().actions() and action.isEnabled()
    window.case.save_view(name="Key facts", flt=EventFilter(key_only=True))
    dialog = window.exhibits.dialog()
    assert dialog is not None
    items = [dialog.events_box.itemData(i) for i in range(dialog.events_box.count())]
    assert items == [ALL, "Key facts"]  # no filter set: no "events the filter shows"
    assert dialog.folder_button.isChecked()
    dialog.path_edit.setText(str(tmp_path / "binder"))
    dialog.zip_button.setChecked(True)
    dialog.events_box.setCurrentIndex(1)
    assert dialog.options() == ExhibitOptions(tmp_path / "binder.pdf", "Key facts", True)
    dialog.path_edit.setText("  ")
    assert dialog.export_button.text() == "Export"
    assert not dialog.export_button.isEnabled()
    dialog.path_edit.setText("short.pdf")  # a bare name goes beside the case
    assert dialog.options().out == window.case.path.parent / "short.pdf"


def test_an_existing_pack_is_replaced_only_when_asked(
    window: MainWindow, tmp_path: Path, monkeypatch, message_boxes
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"old")
    started: list[ExhibitOptions] = []
    monkeypatch.setattr(window.exhibits, "start_export", started.append)
    monkeypatch.setattr(flow_module.ExhibitsDialog, "exec", lambda self: 1)
    monkeypatch.setattr(flow_module.ExhibitsDialog, "options", lambda self: ExhibitOptions(out))
    window.exhibits.export_dialog()  # the question is answered Cancel
    assert "already exists" in message_boxes[-1][1] and started == []
    assert out.read_bytes() == b"old"


def test_export_runs_as_a_job(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out" / "pack.pdf"
    out.parent.mkdir()
    progress: list[tuple[int, int]] = []
    job = window.exhibits.start_export(ExhibitOptions(out, ALL, as_zip=True))
    assert job is not None and job.progress is not None
    job.progressed.connect(lambda d, t: progress.append((d, t)))
    with qtbot.waitSignal(window.exhibits.exported, timeout=TIMEOUT):
        pass
    qtbot.waitUntil(lambda: not window.exhibits.busy, timeout=TIMEOUT)
    assert _files(out.parent) == ["pack files.zip", "pack.pdf"]
    assert out.read_bytes().startswith(b"%PDF") and b"/Outlines" in out.read_bytes()
    with zipfile.ZipFile(out.parent / "pack files.zip") as archive:
        assert "SHA256SUMS" in archive.namelist()
    assert progress and progress[-1][0] == progress[-1][1]
    assert "pack.pdf" in window.statusBar().currentMessage()


def test_the_events_the_filter_shows(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    seen: list[EventFilter] = []
    real = flow_module.build_pack

    def spy(case, options, flt, reporter):  # type: ignore[no-untyped-def]
        seen.append(flt)
        return real(case, options, flt, reporter)

    monkeypatch.setattr(flow_module, "build_pack", spy)
    monkeypatch.setattr(window.exhibits, "_filter", lambda: EventFilter(key_only=True))
    dialog = window.exhibits.dialog()
    assert dialog is not None and dialog.events_box.itemData(1) == SHOWN
    window.exhibits.start_export(ExhibitOptions(tmp_path / "shown.pdf", SHOWN))
    qtbot.waitUntil(lambda: not window.exhibits.busy, timeout=TIMEOUT)
    assert seen == [EventFilter(key_only=True)] and (tmp_path / "shown.pdf").exists()


def test_cancel_leaves_nothing(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    real = flow_module.build_pack

    def slow(case, options, flt, reporter):  # type: ignore[no-untyped-def]
        gate.wait(10)
        return real(case, options, flt, reporter)

    monkeypatch.setattr(flow_module, "build_pack", slow)
    folder = tmp_path / "out"
    folder.mkdir()
    job = window.exhibits.start_export(ExhibitOptions(folder / "pack.pdf"))
    assert job is not None and job.progress is not None
    job.progress.canceled.emit()
    gate.set()
    qtbot.waitUntil(lambda: not window.exhibits.busy, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=TIMEOUT)
    assert _files(folder) == []


def test_one_clear_message(qtbot, window: MainWindow, tmp_path: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    window.exhibits.start_export(ExhibitOptions(tmp_path / "missing" / "pack.pdf"))
    assert message_boxes[-1][1].startswith("Exhibits not exported: ")
    assert "does not exist" in message_boxes[-1][1]
    folder = tmp_path / "out"
    (folder / "pack files").mkdir(parents=True)
    (folder / "pack files" / "mine.txt").write_text("keep")
    window.exhibits.start_export(ExhibitOptions(folder / "pack.pdf"))
    qtbot.waitUntil(lambda: len(message_boxes) == 2, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.exhibits.busy, timeout=TIMEOUT)
    assert "not an earlier exhibit pack" in message_boxes[-1][1]
    assert "Traceback" not in message_boxes[-1][1]
    assert _files(folder) == ["pack files"] and _files(folder / "pack files") == ["mine.txt"]
