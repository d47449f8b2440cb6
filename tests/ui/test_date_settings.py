"""The case's date settings: a dialog, one undo step, and the detail panel's two zones."""

from __future__ import annotations

from app.domain.dates import DateSettings, FuzzyDate
from app.store.case import Case
from app.ui.dialogs.date_settings import DateSettingsDialog
from app.ui.panels.detail import describe_date
from app.ui.undo.case_info import CaseInfoEdit


def test_dialog_refuses_an_ambiguous_zone(qtbot) -> None:
    dialog = DateSettingsDialog(DateSettings(time_zone="UTC"))
    qtbot.addWidget(dialog)
    dialog.zone.setCurrentText("IST")
    assert not dialog._ok.isEnabled() and "ambiguous" in dialog.problem.text()
    dialog.zone.setCurrentText("Asia/Kolkata")
    dialog.southern.setChecked(True)
    assert dialog._ok.isEnabled()
    assert dialog.values() == {
        "time_zone": "Asia/Kolkata",
        "southern_hemisphere": True,
        "day_first": False,
    }


def test_changing_the_settings_is_one_undo_step(window) -> None:  # type: ignore[no-untyped-def]
    case: Case = window.case
    editor = window.editing.editor
    before = case.date_settings
    old = {"time_zone": before.time_zone, "southern_hemisphere": before.southern}
    editor.push(CaseInfoEdit(editor, old, {"time_zone": "+05:30", "southern_hemisphere": True}))
    assert case.date_settings == DateSettings(before.day_first, "+05:30", True)
    window.editing.stack.undo()
    assert case.date_settings == before
    window.editing.stack.redo()
    assert case.date_settings.time_zone == "+05:30"


def test_detail_shows_a_time_as_written_and_in_the_case_zone() -> None:
    est = FuzzyDate.parse("25 March 2019 14:05 EST")
    text = describe_date(est, False, "Europe/London")
    assert "as written: 25 March 2019 14:05 EST\n" in text
    local = describe_date(FuzzyDate.parse("2019-03-25 14:05", zone="+01:00"), False, "UTC")
    assert "as written: 2019-03-25 14:05 (+01:00)" in local
    assert "in the case's time zone: 25 Mar 2019 13:05 UTC" in local
    assert "in the case's time zone: 25 Mar 2019 19:05 Europe/London" in text
    assert "minute precision" in text
    decade = describe_date(FuzzyDate.parse("1990s"), False, "UTC")
    assert decade == "1990s (decade precision; 1 Jan 1990 \u2013 31 Dec 1999)"
