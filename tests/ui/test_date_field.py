"""The date field shows its interpretation as you type and flags errors inline."""

from __future__ import annotations

from app.ui.widgets.date_field import DateField


def test_live_interpretation_and_errors(qtbot) -> None:
    field = DateField(day_first=False)
    qtbot.addWidget(field)
    with qtbot.waitSignal(field.changed):
        field.set_text("December 2016")
    assert field.valid and field.date is not None and field.date.precision.value == "month"
    assert field.note.text() == "December 2016 \u2192 month, 1\u201331 Dec 2016"
    field.set_text("2021-02-30")
    assert not field.valid and field.date is None
    assert field.note.text().startswith("\u2717 ")
    assert "border" in field.edit.styleSheet()
    field.set_text("01/02/03")
    assert field.valid and "ambiguous" in field.note.text()
    field.set_text("")
    assert field.valid and field.note.text() == "undated"


def test_required_field(qtbot) -> None:
    field = DateField(allow_empty=False)
    qtbot.addWidget(field)
    assert not field.valid and "required" in field.note.text()
