"""Dates in every written form: they read back the same from their display form, their
canonical form and their record, under every case setting; they sort by their interval."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.date_interval import MAX_YEAR, MIN_YEAR
from app.domain.dates import MAX_INSTANT, MIN_INSTANT, DateError, DateSettings, FuzzyDate

_YEARS = st.one_of(
    st.integers(MIN_YEAR, MAX_YEAR),
    st.integers(10000, MAX_YEAR),
    st.integers(-9999, 9999),
    st.integers(1900, 2030),
)


@st.composite
def written(draw: st.DrawFn) -> str:
    """A date as a person might write it, in one of the forms."""
    y = draw(st.integers(-9999, 9999))
    ad = draw(st.integers(1, 9999))
    hour, minute, second = (
        draw(st.integers(0, 23)),
        draw(st.integers(0, 59)),
        draw(st.integers(0, 59)),
    )
    zone = draw(st.sampled_from(["", " EST", "Z", " +0100", " UTC", " Europe/London", " CEST"]))
    day = draw(st.integers(1, 28))
    month = draw(st.sampled_from(["January", "March", "July", "December"]))
    form = draw(
        st.sampled_from(
            [
                str(draw(_YEARS)),
                f"{draw(st.integers(10000, MAX_YEAR))} AD",
                f"{draw(st.integers(10000, MAX_YEAR)):,}",
                f"+{draw(st.integers(10000, MAX_YEAR))}",
                f"{draw(st.integers(1000, MAX_YEAR // 10)) * 10}s",
                f"{1 - y} BC" if y <= 0 else str(y),
                f"{ad // 10 * 10}s",
                f"{draw(st.integers(1, 99))}th century",
                f"{draw(st.integers(1, 99))}th century BC",
                f"Q{draw(st.integers(1, 4))} {ad}",
                f"{draw(st.sampled_from(['early', 'mid', 'late']))} {ad}",
                f"{draw(st.sampled_from(['Spring', 'Summer', 'Autumn', 'Winter']))} {ad}",
                f"{ad} or {min(ad + draw(st.integers(1, 5)), 9999)}",
                f"{day} {month} {max(ad, 100)} {hour:02d}:{minute:02d}:{second:02d}{zone}",
                f"{day} {month} {max(ad, 100)} {hour:02d}:{minute:02d}{zone}",
            ]
        )
    )
    qualifier = draw(st.sampled_from(["", "circa ", "before ", "after "]))
    return qualifier + form


SETTINGS = st.sampled_from(
    [
        DateSettings(),
        DateSettings(day_first=True, time_zone="America/New_York", southern=True),
        DateSettings(time_zone="+05:30"),
        DateSettings(time_zone="Europe/London"),
    ]
)


@settings(max_examples=800, deadline=None)
@given(written(), SETTINGS)
def test_written_forms_read_back_from_every_form(text: str, dates: DateSettings) -> None:
    try:
        claim = FuzzyDate.parse(text, **dates.reading())
    except DateError as error:
        assert error.reason
        return
    assert MIN_INSTANT <= claim.earliest < claim.latest <= MAX_INSTANT
    shown = claim.format(day_first=dates.day_first)
    assert FuzzyDate.parse(shown, **dates.reading()).same_claim(claim), shown
    assert FuzzyDate.from_iso(claim.to_iso()).same_claim(claim), claim.to_iso()
    record = json.loads(json.dumps(claim.to_record()))
    assert FuzzyDate.from_record(record) == claim


def test_years_sort_across_the_common_era_and_deep_time() -> None:
    texts = ["2016", "1990s", "19th century", "500 BC", "-500", "-13800000000", "Q3 2015"]
    ordered = sorted((FuzzyDate.parse(t) for t in texts), key=FuzzyDate.sort_key)
    assert [d.text for d in ordered] == [
        "-13800000000",
        "-500",
        "500 BC",
        "19th century",
        "1990s",
        "Q3 2015",
        "2016",
    ]


def test_records_written_before_years_bc_still_read() -> None:
    before = FuzzyDate.parse("before 2013").to_record()
    before["earliest"] = "0001-01-01T00:00"  # the old lower bound of every interval
    assert FuzzyDate.from_record(before).same_claim(FuzzyDate.parse("before 2013"))
    after = FuzzyDate.parse("after 2013").to_record()
    after["latest"] = "9999-12-31T23:59"  # the old upper bound
    assert FuzzyDate.from_record(after).same_claim(FuzzyDate.parse("after 2013"))
    after["latest"] = "9999-12-30T23:59"
    with pytest.raises(DateError):
        FuzzyDate.from_record(after)


def test_records_written_before_years_after_9999_still_read() -> None:
    """Until years after 9999 existed, open ends were bounded by the start of 100 billion BC
    and by 10000-01-01, and circa 9999 stopped there too."""
    for text, field, old in (
        ("before 2013", "earliest", "-99999999999-01-01T00:00"),
        ("after 2013", "latest", "+10000-01-01T00:00"),
        ("circa 9999", "latest", "+10000-01-01T00:00"),
        ("circa 100000000000 BC", "earliest", "-99999999999-01-01T00:00"),
    ):
        record = FuzzyDate.parse(text).to_record()
        record[field] = old
        assert FuzzyDate.from_record(record).same_claim(FuzzyDate.parse(text)), text
    exact = FuzzyDate.parse("9999").to_record()
    exact["latest"] = "+10000-01-02T00:00"  # not an old bound: refused
    with pytest.raises(DateError):
        FuzzyDate.from_record(exact)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("'90s", "decade with its century"),  # dateutil read "90s" as 90 seconds
        ("the 90s", "decade with its century"),
        ("AD 0", "no year 0"),
        ("0 BC", "no year 0"),
        ("-500 BC", "either a minus sign or BC"),
    ],
)
def test_short_decades_and_year_zero_are_refused(text: str, reason: str) -> None:
    with pytest.raises(DateError) as info:
        FuzzyDate.parse(text)
    assert reason in info.value.reason


def test_quarters_in_words() -> None:
    assert FuzzyDate.parse("the third quarter of 2015").to_iso() == "2015-35"
    assert FuzzyDate.parse("2015-Q4").to_iso() == "2015-36"
    assert FuzzyDate.parse("ca. 1990s").to_iso() == "199X~"
