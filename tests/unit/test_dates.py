"""Tests for app.domain.dates: fuzzy, source-faithful date claims."""

from __future__ import annotations

import dataclasses
import json
from calendar import monthrange
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.domain.date_interval import MAX_YEAR, MIN_YEAR
from app.domain.dates import (
    MAX_INSTANT,
    MIN_INSTANT,
    DateError,
    FuzzyDate,
    Instant,
    Precision,
    Qualifier,
    parse_optional,
)

dt = datetime
Y, M, D, MIN = Precision.YEAR, Precision.MONTH, Precision.DAY, Precision.MINUTE


def interval(text: str, *, day_first: bool = False) -> tuple[datetime, datetime]:
    d = FuzzyDate.parse(text, day_first=day_first)
    return d.earliest, d.latest


def reason(text: str, *, day_first: bool = False) -> str:
    with pytest.raises(DateError) as info:
        FuzzyDate.parse(text, day_first=day_first)
    return info.value.reason


# ---------------------------------------------------------------------------
# Precisions and exact intervals


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest"),
    [
        ("2004", Y, dt(2004, 1, 1), dt(2005, 1, 1)),
        ("December 2016", M, dt(2016, 12, 1), dt(2017, 1, 1)),
        ("Dec 2016", M, dt(2016, 12, 1), dt(2017, 1, 1)),
        ("2016-12", M, dt(2016, 12, 1), dt(2017, 1, 1)),
        ("12/2016", M, dt(2016, 12, 1), dt(2017, 1, 1)),
        ("February 2020", M, dt(2020, 2, 1), dt(2020, 3, 1)),
        ("25 March 2019", D, dt(2019, 3, 25), dt(2019, 3, 26)),
        ("March 25, 2019", D, dt(2019, 3, 25), dt(2019, 3, 26)),
        ("2019-03-25", D, dt(2019, 3, 25), dt(2019, 3, 26)),
        ("25th March 2019", D, dt(2019, 3, 25), dt(2019, 3, 26)),
        ("31 December 2019", D, dt(2019, 12, 31), dt(2020, 1, 1)),
        ("2020-02-29", D, dt(2020, 2, 29), dt(2020, 3, 1)),
        ("2019-03-25 14:30", MIN, dt(2019, 3, 25, 14, 30), dt(2019, 3, 25, 14, 31)),
        ("2019-03-25T14:30", MIN, dt(2019, 3, 25, 14, 30), dt(2019, 3, 25, 14, 31)),
        ("25 March 2019 2:30 pm", MIN, dt(2019, 3, 25, 14, 30), dt(2019, 3, 25, 14, 31)),
        ("March 25, 2019, 12:00 am", MIN, dt(2019, 3, 25, 0, 0), dt(2019, 3, 25, 0, 1)),
        ("2019-03-25 23:59", MIN, dt(2019, 3, 25, 23, 59), dt(2019, 3, 26, 0, 0)),
    ],
)
def test_precision_and_interval(text, precision, earliest, latest):
    d = FuzzyDate.parse(text)
    assert d.precision is precision
    assert d.qualifier is Qualifier.EXACT
    assert (d.earliest, d.latest) == (earliest, latest)
    assert d.ambiguous is False


@pytest.mark.parametrize(
    ("text", "second"),
    [("2019-03-25 14:30:45", 45), ("2019-03-25T14:30:59.999", 59), ("25 March 2019 14:30:07", 7)],
)
def test_seconds_keep_their_precision(text, second):
    d = FuzzyDate.parse(text)
    assert d.precision is Precision.SECOND
    start = dt(2019, 3, 25, 14, 30, second)
    assert (d.earliest, d.latest) == (start, start + timedelta(seconds=1))
    assert FuzzyDate.parse(d.format()).same_claim(d)
    assert d.to_iso() == f"2019-03-25T14:30:{second:02d}"


def test_parse_keeps_stripped_text_as_written():
    d = FuzzyDate.parse("   on or about 25 March 2019 \n")
    assert d.text == "on or about 25 March 2019"


def test_missing_parts_are_not_filled_from_today():
    # dateutil on its own would fill the month/day of "2004" from today's date.
    d = FuzzyDate.parse("2004")
    assert d.earliest == dt(2004, 1, 1)
    assert FuzzyDate.parse("Dec 2016").earliest == dt(2016, 12, 1)


# ---------------------------------------------------------------------------
# Rejections


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March", "no year given"),
        ("Dec 16", "no year given"),
        ("25 March", "no year given"),
        ("25 March 14:30", "no year given"),
        ("14:30", "a time needs a date"),
        ("2:30 pm", "a time needs a date"),
        ("December 2016 14:30", "a time needs a day"),
        ("25 March 2019 2 pm", "a time needs hours and minutes (e.g. 2:00 pm)"),
    ],
)
def test_missing_parts_are_rejected(text, expected):
    assert reason(text) == expected


@pytest.mark.parametrize("text", ["2021-02-30", "31/04/2020", "30 February 2020", "2019-02-29"])
def test_impossible_dates_name_the_problem(text):
    assert reason(text) == "day is out of range for month"
    assert reason(text, day_first=True) == "day is out of range for month"


@pytest.mark.parametrize("text", ["2019-13-01", "13/2016"])
def test_impossible_month(text):
    assert "month" in reason(text)


@pytest.mark.parametrize("text", ["2019-03-25 24:00", "2019-03-25 14:60"])
def test_impossible_times(text):
    with pytest.raises(DateError):
        FuzzyDate.parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "290000000001 AD",
        "+290000000001",
        "12 May 10000",
        "-290000000000",
        "-10000-01-01",
        "290000000001 BC",
    ],
)
def test_years_outside_the_supported_range_are_rejected(text):
    assert "year" in reason(text)


def test_years_after_9999_are_year_precision_claims():
    for text in ("12000", "12000 AD", "AD 12,000", "12,000", "+12000", "12,000 CE"):
        d = FuzzyDate.parse(text)
        assert (d.precision, d.earliest, d.latest) == (
            Precision.YEAR,
            Instant.of(12000),
            Instant.of(12001),
        ), text
        assert d.format() == "12000 AD" and d.to_iso() == "+12000"
    far = FuzzyDate.parse("196002152034 AD")
    assert far.earliest.year == 196002152034 and far.to_iso() == "+196002152034"
    assert FuzzyDate.parse(far.format()).same_claim(far)
    assert FuzzyDate.parse("13,800,000,000 BC").earliest.year == -13_799_999_999
    # six, eight and twelve digits stay compact dates, as before
    assert FuzzyDate.parse("20030201").precision is Precision.DAY
    assert FuzzyDate.parse("196002152034").precision is Precision.MINUTE
    assert "100000 AD" in reason("100000")
    assert "only supported for years" in reason("March 12000 AD")
    assert "only supported for years" in reason("+12000-03")
    assert FuzzyDate.parse("the 12000s").to_iso() == "+1200X"
    assert FuzzyDate.from_iso("+1200X").same_claim(FuzzyDate.parse("12000s"))
    assert FuzzyDate.parse("circa 290000000000 AD").latest == MAX_INSTANT


@pytest.mark.parametrize(
    "text", ["junk", "hello world", "1e5", "nan", "the 5th of March 2019", "2019-03-25 foo"]
)
def test_junk_is_not_a_date(text):
    assert reason(text) == "not a date"


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty(text):
    with pytest.raises(DateError) as info:
        FuzzyDate.parse(text)
    assert info.value.text == ""
    assert info.value.reason == "empty"


def test_too_long():
    text = "25 March 2019 " + "x" * 200
    with pytest.raises(DateError) as info:
        FuzzyDate.parse(text)
    assert info.value.reason == "too long"
    assert FuzzyDate.parse(("2004" + " " * 196).rjust(200)).precision is Y  # strip first


def test_date_error_shape():
    with pytest.raises(DateError) as info:
        FuzzyDate.parse("  Dec 16 ")
    err = info.value
    assert isinstance(err, ValueError)
    assert err.text == "Dec 16"
    assert err.reason == "no year given"
    assert str(err) == "'Dec 16': no year given"


def test_non_string_input_is_a_date_error():
    with pytest.raises(DateError):
        FuzzyDate.parse(2004)  # type: ignore[arg-type]


def test_last_minute_and_empty_claims_at_the_edges():
    assert FuzzyDate.parse("9999-12-31 23:59").latest == Instant.of(10000)
    assert "before" in reason(f"before {MIN_YEAR}")
    assert "after" in reason(f"after {MAX_YEAR} AD")
    assert FuzzyDate.parse("after 9999-12-31").latest == MAX_INSTANT
    d = FuzzyDate.parse(f"{MAX_YEAR} AD")
    assert (d.earliest, d.latest) == (Instant.of(MAX_YEAR), MAX_INSTANT)


def test_years_below_100_need_iso_form():
    assert reason("25 March 0087") == "years before 100 must be written as YYYY-MM-DD"
    d = FuzzyDate.parse("0087-03-25")
    assert (d.earliest, d.latest) == (dt(87, 3, 25), dt(87, 3, 26))
    assert FuzzyDate.parse("0005").earliest == dt(5, 1, 1)
    assert FuzzyDate.parse("0005-03").precision is M
    assert FuzzyDate.parse("March 987").earliest == dt(987, 3, 1)


# ---------------------------------------------------------------------------
# Qualifiers


@pytest.mark.parametrize(
    "text",
    [
        "circa 2004",
        "Circa 2004",
        "c. 2004",
        "c.2004",
        "ca. 2004",
        "ca 2004",
        "c 2004",
        "about 2004",
        "around 2004",
        "approximately 2004",
        "approx. 2004",
        "~2004",
        "~ 2004",
        "2004~",
    ],
)
def test_circa_prefixes(text):
    d = FuzzyDate.parse(text)
    assert d.qualifier is Qualifier.CIRCA
    assert d.precision is Y
    assert (d.earliest, d.latest) == (dt(2003, 1, 1), dt(2006, 1, 1))


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("circa March 2019", dt(2019, 2, 1), dt(2019, 5, 1)),
        ("circa January 2019", dt(2018, 12, 1), dt(2019, 3, 1)),
        ("on or about 25 March 2019", dt(2019, 3, 24), dt(2019, 3, 27)),
        ("ON OR ABOUT 1 March 2020", dt(2020, 2, 29), dt(2020, 3, 3)),
        ("about 2019-03-25 14:30", dt(2019, 3, 25, 14, 29), dt(2019, 3, 25, 14, 32)),
    ],
)
def test_circa_widens_by_one_unit_of_its_precision(text, earliest, latest):
    assert interval(text) == (earliest, latest)


def test_circa_is_clamped_to_the_supported_range():
    first = FuzzyDate.from_parts(MIN_YEAR, qualifier=Qualifier.CIRCA)
    assert (first.earliest, first.latest) == (MIN_INSTANT, Instant.of(MIN_YEAR + 2))
    last = FuzzyDate.parse(f"circa {MAX_YEAR} AD")
    assert (last.earliest, last.latest) == (Instant.of(MAX_YEAR - 1), MAX_INSTANT)
    assert FuzzyDate.from_iso(first.to_iso()).same_claim(first)
    assert FuzzyDate.from_iso(last.to_iso()).same_claim(last)


@pytest.mark.parametrize("text", ["circa", "about  ", "before", "~"])
def test_qualifier_without_date(text):
    assert reason(text).startswith("no date after")


def test_only_one_qualifier():
    assert reason("circa circa 2004") == "only one qualifier is allowed"
    assert reason("before about 2004") == "only one qualifier is allowed"
    assert reason("between circa 2003 and 2004") == "only one qualifier is allowed"


def test_prefix_needs_a_word_boundary():
    assert reason("circa2004") == "not a date"
    assert reason("before2013") == "not a date"


@pytest.mark.parametrize("text", ["before 2013", "Prior to 2013", "../2013"])
def test_before(text):
    d = FuzzyDate.parse(text)
    assert d.qualifier is Qualifier.BEFORE
    assert (d.earliest, d.latest) == (MIN_INSTANT, dt(2013, 1, 1))
    assert d.anchor == dt(2013, 1, 1)


@pytest.mark.parametrize("text", ["after 2013", "Later than 2013", "2013/.."])
def test_after(text):
    d = FuzzyDate.parse(text)
    assert d.qualifier is Qualifier.AFTER
    assert (d.earliest, d.latest) == (dt(2014, 1, 1), MAX_INSTANT)
    assert d.anchor == dt(2014, 1, 1)


def test_before_and_after_a_day():
    assert interval("before 25 March 2019") == (MIN_INSTANT, dt(2019, 3, 25))
    assert interval("after 25 March 2019") == (dt(2019, 3, 26), MAX_INSTANT)


def test_by_and_since_are_not_qualifiers():
    assert reason("by 2013") == "not a date"
    assert reason("since 2013") == "not a date"


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest", "ends"),
    [
        ("between March 2013 and June 2014", M, dt(2013, 3, 1), dt(2014, 7, 1), (M, M)),
        ("between 2013 and 2014", Y, dt(2013, 1, 1), dt(2015, 1, 1), (Y, Y)),
        ("Between 15 March 2013 and 2014", Y, dt(2013, 3, 15), dt(2015, 1, 1), (D, Y)),
        ("between 2013 and 2013", Y, dt(2013, 1, 1), dt(2014, 1, 1), (Y, Y)),
        ("2013-03/2014-06", M, dt(2013, 3, 1), dt(2014, 7, 1), (M, M)),
    ],
)
def test_between(text, precision, earliest, latest, ends):
    d = FuzzyDate.parse(text)
    assert d.qualifier is Qualifier.BETWEEN
    assert d.precision is precision
    assert (d.earliest, d.latest) == (earliest, latest)
    assert d.range_precisions == ends


def test_between_end_before_start():
    assert reason("between 2014 and 2013") == "end before start"
    assert reason("between June 2014 and March 2014") == "end before start"
    assert reason("2014/2013") == "end before start"


def test_between_needs_and():
    assert reason("between 2013") == "'between' needs two dates joined by 'and'"
    assert reason("between 2013 - 2014") == "'between' needs two dates joined by 'and'"


def test_between_keeps_both_ends_for_display():
    d = FuzzyDate.parse("between 15 March 2013 and 2014")
    assert d.format() == "between March 15, 2013 and 2014"
    assert d.format(day_first=True) == "between 15 March 2013 and 2014"
    assert d.to_iso() == "2013-03-15/2014"


def test_between_ambiguous_if_either_end_is():
    assert FuzzyDate.parse("between 2001 and 01/02/2003").ambiguous is True
    assert FuzzyDate.parse("between 2001 and 13/02/2003").ambiguous is False


# ---------------------------------------------------------------------------
# Ambiguous numeric dates and two-digit years


@pytest.mark.parametrize("text", ["01/02/03", "1/2/2003", "01-02-2003", "01.02.2003"])
def test_ambiguous_numeric_dates_follow_day_first(text):
    month_first = FuzzyDate.parse(text)
    day_first = FuzzyDate.parse(text, day_first=True)
    assert month_first.earliest == dt(2003, 1, 2)
    assert day_first.earliest == dt(2003, 2, 1)
    assert month_first.ambiguous and day_first.ambiguous
    assert month_first.precision is day_first.precision is D


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13/02/2003", dt(2003, 2, 13)),
        ("05/05/2003", dt(2003, 5, 5)),
        ("02/13/2003", dt(2003, 2, 13)),
    ],
)
@pytest.mark.parametrize("day_first", [False, True])
def test_unambiguous_numeric_dates(text, expected, day_first):
    d = FuzzyDate.parse(text, day_first=day_first)
    assert d.earliest == expected
    assert d.ambiguous is False


@pytest.mark.parametrize(
    "text", ["2003-02-01", "2003/02/01", "2003.02.01", "2003 02 01", "20030201"]
)
@pytest.mark.parametrize("day_first", [False, True])
def test_year_first_is_never_ambiguous(text, day_first):
    d = FuzzyDate.parse(text, day_first=day_first)
    assert d.earliest == dt(2003, 2, 1)
    assert d.ambiguous is False


def test_month_names_are_never_ambiguous():
    assert FuzzyDate.parse("1 Feb 2003", day_first=False).ambiguous is False
    assert FuzzyDate.parse("Feb 1, 2003", day_first=True).ambiguous is False


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("01/02/03", 2003),
        ("01/02/00", 2000),
        ("01/02/68", 2068),
        ("01/02/69", 1969),
        ("01/02/75", 1975),
        ("01/02/99", 1999),
        ("75", 1975),
        ("Dec 75", 1975),
        ("March of 19", 2019),
    ],
)
def test_two_digit_year_pivot_is_fixed(text, year):
    assert FuzzyDate.parse(text).earliest.year == year


def test_two_digit_year_does_not_set_ambiguous():
    assert FuzzyDate.parse("13/02/03").ambiguous is False


# ---------------------------------------------------------------------------
# Weekdays and time zones


def test_matching_weekday_is_accepted():
    assert interval("Monday, 25 March 2019") == (dt(2019, 3, 25), dt(2019, 3, 26))
    assert FuzzyDate.parse("Mon 25 Mar 2019 14:30").precision is MIN


def test_wrong_weekday_is_rejected():
    assert reason("Tuesday, 25 March 2019") == "25 March 2019 was a Monday, not a Tuesday"


def test_weekday_without_day_is_rejected():
    # dateutil would silently move "Monday December 2016" to 5 December 2016.
    assert reason("Monday December 2016") == "a weekday needs a day of the month"
    assert reason("Monday Tuesday 25 March 2019") == "more than one weekday"


def test_weekday_can_settle_an_ambiguous_numeric_date():
    # 04/03/2019 is either 3 April (Wednesday) or 4 March (Monday).
    d = FuzzyDate.parse("Monday 04/03/2019", day_first=True)
    assert d.earliest == dt(2019, 3, 4)
    assert d.ambiguous is False


def test_a_written_time_zone_is_kept_with_the_date():
    d = FuzzyDate.parse("2019-03-25T14:30:00Z")
    assert (d.earliest, d.precision, d.zone) == (dt(2019, 3, 25, 14, 30), Precision.SECOND, "UTC")
    assert d.to_iso() == "2019-03-25T14:30:00Z"
    gmt3 = FuzzyDate.parse("25 March 2019 14:30 GMT+3")
    assert (gmt3.earliest, gmt3.zone) == (dt(2019, 3, 25, 11, 30), "+03:00")


# ---------------------------------------------------------------------------
# Canonical form, records, display


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2004", "2004"),
        ("Dec 2016", "2016-12"),
        ("25 March 2019", "2019-03-25"),
        ("25 March 2019 2:30 pm", "2019-03-25T14:30"),
        ("circa 2004", "2004~"),
        ("on or about 25 March 2019", "2019-03-25~"),
        ("before 2013", "../2013"),
        ("after 2013", "2013/.."),
        ("between March 2013 and June 2014", "2013-03/2014-06"),
        ("between 2013 and 14 June 2014 09:05", "2013/2014-06-14T09:05"),
        ("0087-03-25", "0087-03-25"),
    ],
)
def test_to_iso_and_back(text, iso):
    d = FuzzyDate.parse(text)
    assert d.to_iso() == iso
    back = FuzzyDate.from_iso(iso)
    assert back.same_claim(d)
    assert back.text == back.format()


@pytest.mark.parametrize(
    "iso",
    [
        "",
        "04",
        "2004-1",
        "2004-13",
        "2004-02-30",
        "2004~~",
        "~2004",
        "../..",
        "2013/2012",
        "10000",
        "2004-01-01 10:00",
        "2004-01-01T10",
        "circa 2004",
        "../-289999999999",
        "+290000000000/..",
        "2004-01-01T10:00[IST]",
        "2004-24",
        "C0",
    ],
)
def test_from_iso_rejects(iso):
    with pytest.raises(DateError):
        FuzzyDate.from_iso(iso)


def test_to_record_shape_and_json():
    d = FuzzyDate.parse("01/02/03")
    rec = d.to_record()
    assert rec == {
        "text": "01/02/03",
        "precision": "day",
        "qualifier": "exact",
        "earliest": "2003-01-02T00:00",
        "latest": "2003-01-03T00:00",
        "ambiguous": True,
        "iso": "2003-01-02",
    }
    again = FuzzyDate.from_record(json.loads(json.dumps(rec)))
    assert again == d


def test_from_record_validates():
    good = FuzzyDate.parse("between March 2013 and June 2014").to_record()
    assert FuzzyDate.from_record(good).range_precisions == (M, M)
    bad_cases = [
        {k: v for k, v in good.items() if k != "latest"},
        {**good, "latest": "2014-06-30T00:00"},
        {**good, "earliest": "not a date"},
        {**good, "earliest": 5},
        {**good, "precision": "year"},
        {**good, "qualifier": "circa"},
        {**good, "ambiguous": "no"},
        {**good, "text": None},
        {**good, "iso": "2013-03/2014-13"},
        {**good, "iso": 2013},
    ]
    for bad in bad_cases:
        with pytest.raises(DateError):
            FuzzyDate.from_record(bad)
    with pytest.raises(DateError):
        FuzzyDate.from_record(["not", "a", "dict"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "month_first", "day_first"),
    [
        ("2004", "2004", "2004"),
        ("2016-12", "December 2016", "December 2016"),
        ("2019-03-25", "March 25, 2019", "25 March 2019"),
        ("2019-03-25 14:30", "March 25, 2019, 14:30", "25 March 2019, 14:30"),
        ("2019-03-05 09:05", "March 5, 2019, 09:05", "5 March 2019, 09:05"),
        ("c. 2004", "circa 2004", "circa 2004"),
        ("prior to 2013", "before 2013", "before 2013"),
        ("later than 2013", "after 2013", "after 2013"),
        ("2013-03/2014-06", "between March 2013 and June 2014", "between March 2013 and June 2014"),
        ("0087-03-25", "0087-03-25", "0087-03-25"),
        ("987-03", "March 987", "March 987"),
    ],
)
def test_format(text, month_first, day_first):
    d = FuzzyDate.parse(text)
    assert d.format() == month_first
    assert d.format(day_first=True) == day_first


# ---------------------------------------------------------------------------
# from_parts, between, construction


def test_from_parts():
    d = FuzzyDate.from_parts(2019, 3, 25, 14, 30)
    assert d.same_claim(FuzzyDate.parse("2019-03-25 14:30"))
    assert d.text == "March 25, 2019, 14:30"
    assert FuzzyDate.from_parts(2016, 12).text == "December 2016"
    c = FuzzyDate.from_parts(2004, qualifier=Qualifier.CIRCA, text=" c. 2004 ")
    assert c.text == "c. 2004"
    assert c.same_claim(FuzzyDate.parse("circa 2004"))
    assert FuzzyDate.from_parts(2013, qualifier="before").qualifier is Qualifier.BEFORE  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((2019, None, 25), {}),
        ((2019, 3, 25, 14), {}),
        ((2019, 3, 25, None, 30), {}),
        ((2019, 3, None, 14, 30), {}),
        ((MIN_YEAR - 1,), {}),
        ((MAX_YEAR + 1,), {}),
        ((10000, 1), {}),
        ((2019, 2, 30), {}),
        ((2019, 13), {}),
        ((True,), {}),
        (("2019",), {}),
        ((2019.0,), {}),
        ((2019,), {"qualifier": Qualifier.BETWEEN}),
        ((2019,), {"qualifier": "sometime"}),
        ((MIN_YEAR,), {"qualifier": Qualifier.BEFORE}),
        ((-10000, 1), {}),
    ],
)
def test_from_parts_rejects(args, kwargs):
    with pytest.raises(DateError):
        FuzzyDate.from_parts(*args, **kwargs)


def test_between_constructor():
    start, end = FuzzyDate.from_parts(2013, 3), FuzzyDate.from_parts(2014, 6)
    d = FuzzyDate.between(start, end)
    assert d.same_claim(FuzzyDate.parse("between March 2013 and June 2014"))
    assert d.text == "between March 2013 and June 2014"
    with pytest.raises(DateError):
        FuzzyDate.between(end, start)
    with pytest.raises(DateError):
        FuzzyDate.between(FuzzyDate.parse("circa 2013"), end)


def test_direct_construction_is_validated():
    ok = FuzzyDate("2004", Y, Qualifier.EXACT, dt(2004, 1, 1), dt(2005, 1, 1))
    assert ok.same_claim(FuzzyDate.parse("2004"))
    between = FuzzyDate("x", Y, Qualifier.BETWEEN, dt(2013, 1, 1), dt(2015, 1, 1))
    assert between.range_precisions == (Y, Y)
    bad = [
        ("2004", Y, Qualifier.EXACT, dt(2004, 1, 1), dt(2004, 12, 31)),
        ("2004", Y, Qualifier.EXACT, dt(2004, 1, 2), dt(2005, 1, 2)),
        ("2004", M, Qualifier.EXACT, dt(2004, 1, 1), dt(2005, 1, 1)),
        ("2004", Y, Qualifier.EXACT, dt(2005, 1, 1), dt(2004, 1, 1)),
        ("2004", Y, Qualifier.CIRCA, dt(2004, 1, 1), dt(2005, 1, 1)),
        ("2004", Y, Qualifier.BEFORE, dt(2004, 1, 1), dt(2005, 1, 1)),
        ("2004", "decade", Qualifier.EXACT, dt(2004, 1, 1), dt(2005, 1, 1)),
        ("x", MIN, Qualifier.EXACT, dt(2004, 1, 1, 0, 0, 30), dt(2004, 1, 1, 0, 1, 30)),
    ]
    for args in bad:
        with pytest.raises(DateError):
            FuzzyDate(*args)  # type: ignore[arg-type]
    with pytest.raises(DateError):
        FuzzyDate(
            "2004", Y, Qualifier.EXACT, dt(2004, 1, 1), dt(2005, 1, 1), range_precisions=(Y, Y)
        )


def test_frozen():
    d = FuzzyDate.parse("2004")
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.text = "2005"  # type: ignore[misc]


# ---------------------------------------------------------------------------
# Ordering and comparison


def test_sort_order():
    texts = [
        "after 2013",
        "2013",
        "between 2012 and 2014",
        "before 2013",
        "circa 2013",
        "March 2013",
        "1 March 2013",
        "2012",
        "2013-03-01 09:00",
    ]
    ordered = sorted((FuzzyDate.parse(t) for t in texts), key=FuzzyDate.sort_key)
    assert [d.text for d in ordered] == [
        "2012",
        "between 2012 and 2014",
        "circa 2013",
        "before 2013",
        "2013",
        "1 March 2013",
        "March 2013",
        "2013-03-01 09:00",
        "after 2013",
    ]


def test_anchor_and_sort_key():
    before = FuzzyDate.parse("before 2013")
    assert before.anchor == before.latest
    assert before.sort_key() == (dt(2013, 1, 1), dt(2013, 1, 1), MIN_INSTANT)
    circa = FuzzyDate.parse("circa 2013")
    assert circa.anchor == circa.earliest == dt(2012, 1, 1)


def test_same_claim():
    a = FuzzyDate.parse("25 March 2019")
    assert a.same_claim(FuzzyDate.parse("March 25, 2019"))
    assert a.same_claim(FuzzyDate.parse("2019-03-25"))
    assert a != FuzzyDate.parse("March 25, 2019")  # equality includes text
    assert not a.same_claim(FuzzyDate.parse("circa 25 March 2019"))
    assert not a.same_claim(FuzzyDate.parse("March 2019"))
    assert not a.same_claim("2019-03-25")
    # Ambiguity describes the writing, not the claim.
    assert FuzzyDate.parse("01/02/2003").same_claim(FuzzyDate.parse("2003-01-02"))
    # Same interval, different ends.
    assert not FuzzyDate.parse("between 1 March 2013 and 2014").same_claim(
        FuzzyDate.parse("between March 2013 and 2014")
    )


def test_parse_optional():
    assert parse_optional(None) is None
    assert parse_optional("") is None
    assert parse_optional("  \t") is None
    d = parse_optional("01/02/03", day_first=True)
    assert d is not None and d.earliest == dt(2003, 2, 1)
    with pytest.raises(DateError):
        parse_optional("junk")


# ---------------------------------------------------------------------------
# Properties

MONTH_WORDS = ["January", "Feb", "march", "APR", "Sept", "December", "May", "Jun"]
NOISE = [
    "/",
    "-",
    ".",
    " ",
    ", ",
    ":",
    "T",
    "'",
    "th",
    "of",
    "am",
    "pm",
    "~",
    "..",
    "Z",
    "UTC",
    "+",
    "Monday",
    "Sun",
    "circa ",
    "c. ",
    "before ",
    "after ",
    "between ",
    " and ",
    "on or about ",
    "h",
    "m",
    "s",
]


def _number() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(0, 99).map(str),
        st.integers(0, 99).map(lambda n: f"{n:02d}"),
        st.integers(0, 12000).map(str),
        st.integers(0, 9999).map(lambda n: f"{n:04d}"),
        st.integers(0, 10**14).map(str),
    )


date_ish = st.lists(
    st.one_of(_number(), st.sampled_from(MONTH_WORDS), st.sampled_from(NOISE)),
    min_size=1,
    max_size=9,
).map("".join)


def _check_parse(text: str, day_first: bool) -> None:
    try:
        d = FuzzyDate.parse(text, day_first=day_first)
    except DateError as exc:
        assert exc.reason
        return
    assert MIN_INSTANT <= d.earliest < d.latest <= MAX_INSTANT
    assert d.earliest.tzinfo is None and d.latest.tzinfo is None
    assert d.text == text.strip()
    # Whatever was accepted can be written canonically and for display, and read back.
    assert FuzzyDate.from_iso(d.to_iso()).same_claim(d)
    assert FuzzyDate.parse(d.format(day_first=day_first), day_first=day_first).same_claim(d)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60), st.booleans())
def test_any_text_gives_a_date_or_a_date_error(text, day_first):
    _check_parse(text, day_first)


@pytest.mark.slow
@settings(max_examples=1500, deadline=None)
@given(date_ish, st.booleans())
def test_date_ish_text_gives_a_date_or_a_date_error(text, day_first):
    _check_parse(text, day_first)


@st.composite
def parts(draw: st.DrawFn) -> tuple[int, int | None, int | None, int | None, int | None]:
    precision = draw(st.sampled_from([Y, M, D, MIN]))
    year = draw(
        st.one_of(
            st.integers(1, 9999),
            st.integers(1900, 2100),
            st.sampled_from([1, 2, 31, 32, 68, 69, 99, 100, 101, 999, 1000, 9998, 9999]),
        )
    )
    month = day = hour = minute = None
    if precision is not Y:
        month = draw(st.integers(1, 12))
    if precision in (D, MIN):
        assert month is not None
        day = draw(st.integers(1, monthrange(year, month)[1]))
    if precision is MIN:
        hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    return year, month, day, hour, minute


def _from_parts(
    p: tuple[int, int | None, int | None, int | None, int | None], q: Qualifier
) -> FuzzyDate:
    try:
        return FuzzyDate.from_parts(*p, qualifier=q)
    except DateError:
        assume(False)
        raise


@st.composite
def fuzzy_dates(draw: st.DrawFn) -> FuzzyDate:
    qualifier = draw(st.sampled_from(Qualifier))
    if qualifier is not Qualifier.BETWEEN:
        return _from_parts(draw(parts()), qualifier)
    start = _from_parts(draw(parts()), Qualifier.EXACT)
    end = _from_parts(draw(parts()), Qualifier.EXACT)
    if end.latest <= start.earliest:
        start, end = end, start
    try:
        return FuzzyDate.between(start, end)
    except DateError:
        assume(False)
        raise


PROPERTY_SETTINGS = settings(
    max_examples=600, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


@pytest.mark.slow
@PROPERTY_SETTINGS
@given(fuzzy_dates())
def test_iso_round_trip(d):
    iso = d.to_iso()
    back = FuzzyDate.from_iso(iso)
    assert back.same_claim(d)
    assert back.to_iso() == iso
    assert d.earliest < d.latest


@pytest.mark.slow
@PROPERTY_SETTINGS
@given(fuzzy_dates(), st.booleans())
def test_format_round_trip(d, day_first):
    shown = d.format(day_first=day_first)
    back = FuzzyDate.parse(shown, day_first=day_first)
    assert back.same_claim(d), shown
    assert back.ambiguous is False


@pytest.mark.slow
@PROPERTY_SETTINGS
@given(fuzzy_dates(), st.booleans())
def test_record_round_trip(d, ambiguous):
    d = dataclasses.replace(d, ambiguous=ambiguous, text=d.text + " (as written)")
    record = d.to_record()
    back = FuzzyDate.from_record(json.loads(json.dumps(record)))
    assert back == d
    assert back.to_record() == record


@pytest.mark.slow
@PROPERTY_SETTINGS
@given(fuzzy_dates())
def test_interval_invariants(d):
    assert MIN_INSTANT <= d.earliest < d.latest <= MAX_INSTANT
    assert d.sort_key() == (d.anchor, d.latest, d.earliest)
    if d.qualifier is Qualifier.BEFORE:
        assert d.earliest == MIN_INSTANT and d.anchor == d.latest
    if d.qualifier is Qualifier.AFTER:
        assert d.latest == MAX_INSTANT
