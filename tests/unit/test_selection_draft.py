"""What a selected passage proposes: quote, pinpoint, title and date (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.domain.citations import parse_pinpoint
from app.domain.selection_draft import (
    bates_of_page,
    find_date,
    pinpoint_for,
    propose,
    propose_title,
    quote_of,
)


def test_a_pdf_passage_with_a_bates_range() -> None:
    got = propose(
        2,
        "6. From 2013 until Backpage closed in 2018, the complaint\r\nalleges, Salesforce",
        page=3,
        bates_start="DEMO-000001",
    )
    assert got is not None
    assert got.pinpoint == "DEMO-000003"
    assert got.quote.startswith("6. From 2013 until Backpage closed in 2018, the complaint alleges")
    assert got.title == "From 2013 until Backpage closed in 2018, the complaint alleges\u2026"
    assert got.date is not None and (got.date.text, got.date.precision) == ("2013", "year")


def test_pinpoints_of_pages_and_paragraphs() -> None:
    assert pinpoint_for(page=2) == "p. 2"
    assert pinpoint_for(paragraph=7) == "\u00b6 7"
    assert pinpoint_for(page=2, bates_start="SF_000120") == "SF_000121"
    assert pinpoint_for(page=2, bates_start="not bates") == "p. 2"
    assert pinpoint_for() == ""
    assert propose(1, "  \u2029 ") is None


def test_the_most_precise_date_is_proposed() -> None:
    found = find_date("In 2016, on 23 December 2016, California charged him")
    assert found is not None and found.text == "23 December 2016" and found.precision == "day"
    month = find_date("filed in March 2019 in San Francisco")
    assert month is not None and month.precision == "month"
    assert find_date("no date here, only 12 apples") is None


def test_short_passages_make_whole_titles() -> None:
    assert propose_title("the relationship began in 2013") == "The relationship began in 2013"
    assert quote_of("a\u2029b  c\n") == "a b c"


_WORDS = {"P", "PP", "PG", "PGS", "PAGE", "PAGES", "AT", "PAR", "PARA", "PARAS", "DEPO"}
_heads = st.from_regex(r"[A-Z]{1,5}[-_ ]?", fullmatch=True).filter(
    lambda head: head.rstrip("-_ ") not in _WORDS  # "P 000001" is page 1, as written
)


@given(_heads, st.integers(1, 9999), st.integers(1, 500))
def test_bates_of_a_page_opens_that_page(head: str, first: int, page: int) -> None:
    from app.domain.citation_open import bates_page
    from app.domain.records import SourceRecord

    start = f"{head}{first:06d}"
    stamped = bates_of_page(start, page)
    assert stamped is not None and stamped.startswith(head)
    source = SourceRecord(id=1, kind="document", title="S", bates_start=start)  # type: ignore[call-arg]
    assert bates_page(source, stamped) == page
    pin = parse_pinpoint(stamped)
    assert pin.kind == "bates" and pin.bates == stamped
