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


def test_new_forms_show_their_precision_word(qtbot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    for text, word in [
        ("1990s", "decade"),
        ("19th century", "century"),
        ("Q3 2015", "quarter"),
        ("early 2016", "early / mid / late"),
        ("Spring 2015", "season"),
        ("2019-03-25 14:05:33", "second"),
        ("500 BC", "year"),
    ]:
        field.set_text(text)
        assert field.valid and field.note.text().startswith(f"{text} \u2192 {word}, "), text
    field.set_text("500 BC")
    assert "500 BC" in field.note.text().split("\u2192")[1]
    field.set_text("-2013")
    assert field.date is not None and field.date.earliest.year == -2013


def test_times_are_read_in_the_case_zone_and_shown_in_it(qtbot) -> None:
    from app.domain.dates import DateSettings

    field = DateField(settings=DateSettings(time_zone="Europe/London", southern=True))
    qtbot.addWidget(field)
    field.set_text("2019-07-01 14:05")
    assert field.date is not None and field.date.zone == "Europe/London"
    assert field.date.earliest.hour == 13  # British Summer Time
    field.set_text("2019-07-01 14:05 EST")
    assert field.date is not None and field.date.zone == "EST"
    assert "(= 1 Jul 2019 20:05 Europe/London)" in field.note.text()
    field.set_text("Spring 2015")
    assert field.date is not None and field.date.earliest.month == 9
    field.set_text("2019-07-01 14:05 IST")
    assert not field.valid and "ambiguous" in field.note.text()
