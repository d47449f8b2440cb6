"""Every date form a person can write survives CSV, Casetrail JSON and TimelineJS exactly: the
same claim (precision, interval, zone, hemisphere), in the case's own time zone and
hemisphere, with no invented precision and no lost zone."""

from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.date_interval import MAX_YEAR, MIN_YEAR
from app.domain.dates import DateError, DateSettings, FuzzyDate, Precision
from app.interchange.casejson import export_document
from app.interchange.casejson_import import import_document
from app.interchange.csv_import import import_csv
from app.interchange.csvfmt import export_csv
from app.interchange.timelinejs.export import export_timelinejs
from app.interchange.timelinejs.importer import import_timelinejs
from app.store.case import Case

FORMS = [
    "500 BC",
    "500 BCE",
    "-500",
    "-2013",
    "-13800000000",
    "15 March 44 BC",
    "circa 500 BC",
    "1990s",
    "the 1990s",
    "19th century",
    "the 5th century BC",
    "Q3 2015",
    "3Q 2015",
    "early 2016",
    "mid-2016",
    "late 2016",
    "Spring 2015",
    "Winter 2015",
    "Autumn 2015 (southern hemisphere)",
    "2013 or 2014",
    "2019-03-25 14:05:33",
    "25 March 2019 14:05 EST",
    "2019-03-25 14:05Z",
    "2019-03-25 14:05 +0100",
    "2019-03-25 14:05 UTC",
    "2019-03-25 14:05 Europe/London",
    "2019-03-25 14:05",
    "between 2019-03-25 14:00 and 2019-03-25 15:30 EST",
    "circa 14 July 1789 09:30:15",
    "after Q3 2015",
    "before the 1990s",
    "December 2016",
    "circa 2004",
    "12000 AD",
    "AD 12,000",
    "+196002152034",
    "196002152034 AD",
    "circa 290000000000 AD",
    "after 196002152034 AD",
    "before 13,800,000,000 BC",
    "the 12000s",
    "101st century",
    "between 2013 and 12000 AD",
    "12000 or 12001",
]
CASE_SETTINGS = [
    DateSettings(),
    DateSettings(day_first=True, time_zone="America/New_York", southern=True),
    DateSettings(time_zone="+05:30"),
]


@contextmanager
def cases(dates: DateSettings) -> Iterator[Callable[[], Case]]:
    """Makes new cases with ``dates``' settings in a folder of their own."""
    made: list[Case] = []
    counter = itertools.count()
    with tempfile.TemporaryDirectory() as folder:

        def make() -> Case:
            case = Case.create(Path(folder) / f"{next(counter)}.case", title="Dates")
            case.update_case_info(
                day_first=dates.day_first,
                time_zone=dates.time_zone,
                southern_hemisphere=dates.southern,
            )
            made.append(case)
            return case

        try:
            yield make
        finally:
            for case in made:
                case.close()


def _fill(case: Case, dates: list[FuzzyDate]) -> None:
    with case.batch():
        for i, date in enumerate(dates):
            case.create_event(title=f"event {i}", start=date)


def _claims(case: Case) -> dict[str, tuple[FuzzyDate, str]]:
    return {e.title: (e.start, e.start.text) for e in case.events() if e.start is not None}


def _assert_same(before: dict[str, tuple[FuzzyDate, str]], after: dict[str, tuple[FuzzyDate, str]]):
    assert before.keys() == after.keys()
    for title, (date, _) in before.items():
        back = after[title][0]
        assert back.same_claim(date), (title, date.text, date.to_iso(), back.to_iso())


def _round_trips(dates: DateSettings, claims: list[FuzzyDate]) -> None:
    with cases(dates) as new:
        source = new()
        _fill(source, claims)
        before = _claims(source)

        via_csv = new()
        import_csv(via_csv, export_csv(source), keep_ids=False)
        _assert_same(before, _claims(via_csv))

        via_json = new()
        import_document(via_json, json.loads(json.dumps(export_document(source))))
        after = _claims(via_json)
        _assert_same(before, after)
        assert {t: text for t, (_, text) in after.items()} == {
            t: text for t, (_, text) in before.items()
        }

        via_timelinejs = new()
        import_timelinejs(via_timelinejs, json.dumps(export_timelinejs(source)))
        after = _claims(via_timelinejs)
        _assert_same(before, after)


@pytest.mark.parametrize("dates", CASE_SETTINGS, ids=["utc", "new-york-south", "offset"])
def test_every_written_form_survives_every_format(dates: DateSettings) -> None:
    claims = [FuzzyDate.parse(text, **dates.reading()) for text in FORMS]
    _round_trips(dates, claims)


def test_the_forms_mean_what_they_say() -> None:
    def iso(text: str, **kw: object) -> str:
        return FuzzyDate.parse(text, **kw).to_iso()  # type: ignore[arg-type]

    assert iso("500 BC") == iso("500 BCE") == iso("-499") == "-0499"
    assert iso("-500") == "-0500"  # astronomical: 501 BC
    assert FuzzyDate.parse("-2013").earliest.year == -2013  # never folded into 2013
    assert iso("1990s") == iso("the 1990s") == "199X"
    assert iso("19th century") == "C19"
    assert iso("Q3 2015") == iso("3Q 2015") == "2015-35"
    assert [iso(f"{p} 2016") for p in ("early", "mid", "late")] == ["2016-37", "2016-38", "2016-39"]
    assert iso("Spring 2015") == "2015-25"
    assert iso("Spring 2015", southern=True) == "2015-29"
    assert iso("2013 or 2014") == "2013/2014"
    assert iso("12000") == iso("12,000 AD") == iso("AD 12000") == "+12000"
    assert iso("196002152034 AD") == "+196002152034"
    assert iso("196002152034") == "1960-02-15T20:34"  # twelve digits: a compact date, as before
    assert iso("2019-03-25 14:05:33") == "2019-03-25T14:05:33"
    est = FuzzyDate.parse("25 March 2019 14:05 EST")
    assert (est.earliest.hour, est.earliest.minute, est.zone) == (19, 5, "EST")
    local = FuzzyDate.parse("2019-03-25 14:05", zone="America/New_York")
    assert (local.earliest.hour, local.zone) == (18, "America/New_York")
    assert FuzzyDate.parse("2019-03-25 14:05", zone="UTC").zone is None
    spring = FuzzyDate.parse("Spring 2015", southern=True)
    assert (spring.earliest.month, spring.latest.month, spring.precision) == (
        9,
        12,
        Precision.SEASON,
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("290000000001 BC", "year"),
        ("290000000001 AD", "year"),
        ("March 12000 AD", "only supported for years"),
        ("2019-03-25 14:05 IST", "ambiguous"),
        ("25 March 2019 EST", "needs a time"),
        ("early March 2016", "apply to a year"),
        ("0 BC", "no year 0"),
        ("between 2019-03-25 14:00 PST and 2019-03-25 15:00 EST", "same time zone"),
        ("-10000-03-01", "only supported for years"),
    ],
)
def test_refused_forms_say_why(text: str, reason: str) -> None:
    with pytest.raises(DateError) as info:
        FuzzyDate.parse(text)
    assert reason in info.value.reason


@pytest.mark.slow
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(["", "circa ", "before ", "after "]), st.sampled_from(FORMS)).map(
            "".join
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(CASE_SETTINGS),
)
def test_written_dates_round_trip_through_every_format(texts: list[str], dates: DateSettings):
    claims = []
    for text in texts:
        try:
            claims.append(FuzzyDate.parse(text, **dates.reading()))
        except DateError:
            continue
    if claims:
        _round_trips(dates, claims)


_FAR_YEAR = st.one_of(
    st.integers(10_000, MAX_YEAR),
    st.integers(MIN_YEAR, -10_000),
    st.sampled_from([MIN_YEAR, MAX_YEAR, 10_000, -9_999, 196_002_152_034, -13_799_999_999]),
)


@st.composite
def far_claim(draw: st.DrawFn) -> str:
    """A year far before or after the common era, in one of the ways it can be written."""
    year = draw(_FAR_YEAR)
    if year > 0:
        form = draw(st.sampled_from([f"{year} AD", f"AD {year:,}", f"+{year}", f"{year:,}"]))
    else:
        form = draw(st.sampled_from([f"{1 - year} BC", f"{1 - year:,} BCE", str(year)]))
    return draw(st.sampled_from(["", "circa ", "before ", "after "])) + form


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.lists(far_claim(), min_size=1, max_size=8), st.sampled_from(CASE_SETTINGS))
def test_far_years_round_trip_through_every_format(texts: list[str], dates: DateSettings):
    claims = []
    for text in texts:
        try:
            claims.append(FuzzyDate.parse(text, **dates.reading()))
        except DateError as error:  # "before 290 billion BC" and the like: nothing is left
            assert "nothing can be dated" in error.reason, (text, error.reason)
    if claims:
        _round_trips(dates, claims)
