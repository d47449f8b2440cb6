"""File > Export…: the dialog's options, each format written as a job, and the old file
left untouched when an export fails or is cancelled."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from app.domain.records import EventFilter
from app.interchange.export_choices import ExportOptions
from app.store.case import Case
from app.ui import exporting as exporting_module
from app.ui.dialogs.export import ExportDialog
from app.ui.main_window import MainWindow

DATA = Path(__file__).resolve().parents[1] / "data"
TIMEOUT = 20000


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("csv", "out.csv"),
        ("json", "out.json"),
        ("timelinejs", "out.json"),
        ("html", "out.html"),
        ("pdf", "out.pdf"),
    ],
)
def test_export_each_format(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path, fmt: str, name: str
) -> None:
    out = tmp_path / name
    with qtbot.waitSignal(window.exporting.exported, timeout=TIMEOUT) as blocker:
        window.exporting.start_export(out, ExportOptions(fmt=fmt))
    qtbot.waitUntil(lambda: not window.exporting.busy, timeout=TIMEOUT)
    # TimelineJS cannot place the undated event: the count is what the file holds
    dated = [e for e in demo_case.events() if e.start is not None]
    expected = len(dated) if fmt == "timelinejs" else len(demo_case.event_ids())
    assert blocker.args == [out, expected]
    data = out.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    elif fmt == "html":
        assert b"<html" in data.lower()
    elif fmt == "json":
        assert json.loads(data)["format"] == "casetrail"
    elif fmt == "timelinejs":
        dated = [e for e in demo_case.events() if e.start is not None]  # TimelineJS: dated only
        assert len(json.loads(data)["events"]) == len(dated)
    else:
        assert data.count(b"\n") > len(demo_case.event_ids())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no leftovers
    assert str(out) in window.statusBar().currentMessage()


def test_csv_export_respects_only_filtered_events(
    qtbot, window: MainWindow, demo_case: Case, tmp_path: Path
) -> None:
    flt = EventFilter(key_only=True)
    window.filters.set_filter(flt)
    window.filters.flush()
    wanted = demo_case.event_ids(flt)
    assert 0 < len(wanted) < len(demo_case.event_ids())
    dialog = ExportDialog(window, window._panel_filter, 3, 8)
    assert dialog.filtered_box.isEnabled() and dialog.filtered_box.isChecked()
    assert dialog.safe_box.isEnabled() and dialog.safe_box.isChecked()
    assert not dialog.page_box.isEnabled()
    options = dialog.options()
    assert options.only_filtered and options.safe_cells and options.fmt == "csv"
    filtered, whole = tmp_path / "filtered.csv", tmp_path / "whole.csv"
    with qtbot.waitSignal(window.exporting.exported, timeout=TIMEOUT) as blocker:
        window.exporting.start_export(filtered, options)
    assert blocker.args[1] == len(wanted)
    with qtbot.waitSignal(window.exporting.exported, timeout=TIMEOUT) as blocker:
        window.exporting.start_export(whole, ExportOptions(fmt="csv", only_filtered=False))
    assert blocker.args[1] == len(demo_case.event_ids())
    qtbot.waitUntil(lambda: not window.exporting.busy, timeout=TIMEOUT)
    titles = filtered.read_text(encoding="utf-8-sig")
    for event in demo_case.events():
        assert (event.title in titles) == (event.id in wanted)


def test_export_dialog_options_follow_the_format(window: MainWindow) -> None:
    dialog = ExportDialog(window, EventFilter(statuses=("disputed",)), 2, 8)
    dialog.set_format("json")
    assert not dialog.filtered_box.isEnabled() and not dialog.key_only_box.isEnabled()
    assert not dialog.options().only_filtered
    assert "whole case" in dialog.note.text()
    dialog.set_format("pdf")
    assert dialog.page_box.isEnabled() and not dialog.safe_box.isEnabled()
    dialog.page_box.setCurrentText("A4")
    dialog.key_only_box.setChecked(True)
    assert dialog.options() == ExportOptions("pdf", True, True, "A4", True)
    dialog.set_format("csv")
    dialog.safe_box.setChecked(False)
    assert dialog.options().safe_cells is False  # raw
    no_filter = ExportDialog(window, EventFilter(), 8, 8)
    assert not no_filter.filtered_box.isEnabled() and not no_filter.options().only_filtered


def test_export_dialog_flow_through_the_menu(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "chosen"
    monkeypatch.setattr(ExportDialog, "exec", lambda self: (self.set_format("html"), 1)[1])
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), ""))
    )
    with qtbot.waitSignal(window.exporting.exported, timeout=TIMEOUT):
        window.exporting.export_action.trigger()
    qtbot.waitUntil(lambda: not window.exporting.busy, timeout=TIMEOUT)
    assert (tmp_path / "chosen.html").read_text(encoding="utf-8").lstrip().startswith("<!")


def test_failing_export_leaves_the_old_file_and_says_so(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch, message_boxes
) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"old contents")

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporting_module, "write_chronology_pdf", broken)
    job = window.exporting.start_export(out, ExportOptions(fmt="pdf"))
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=TIMEOUT):
        pass
    qtbot.waitUntil(lambda: not window.exporting.busy, timeout=TIMEOUT)
    assert out.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    kind, text = message_boxes[-1]
    assert "Not exported" in text and "No space left on device" in text
    assert str(out) in text and ".part" not in text and "unchanged" in text


def test_cancelled_export_leaves_the_old_file(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    gate = threading.Event()
    real = exporting_module.export_file

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(exporting_module, "export_file", slow)
    out = tmp_path / "events.csv"
    out.write_bytes(b"old")
    job = window.exporting.start_export(out, ExportOptions(fmt="csv"))
    assert job is not None
    job.progress.canceled.emit()
    assert not job.progress.isVisible()
    gate.set()
    qtbot.waitUntil(lambda: not window.exporting.busy, timeout=TIMEOUT)
    qtbot.wait(50)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert "cancelled" in window.statusBar().currentMessage()
