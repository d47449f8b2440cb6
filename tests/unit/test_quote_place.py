"""Finding a citation's quote in a document's text, and the nearest match (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.domain.quote_place import QuoteHit, find_all, find_quote, locate_quote, nearest_quote

PAGES = [
    "Header\r\n1. Backpage went online in 2004\r\nas a classifieds website.",
    "2. Salesforce sold it a heavily customised\r\nenterprise database.",
    "3. The suit was filed in March 2019.",
]


def test_find_quote_spans_line_breaks_and_gives_raw_offsets() -> None:
    span = find_quote(PAGES[0], "went online in 2004 as a classifieds")
    assert span is not None
    assert PAGES[0][span[0] : span[1]] == "went online in 2004\r\nas a classifieds"
    assert find_quote(PAGES[0], "went  offline") is None
    assert find_quote(PAGES[0], "   ") is None
    assert find_quote(PAGES[0], "BACKPAGE WENT", ignore_case=True) is not None


def test_locate_at_the_cited_page_first() -> None:
    hit, at_pinpoint = locate_quote(PAGES, "heavily customised enterprise database", [1])
    assert at_pinpoint and hit is not None and (hit.page, hit.exact) == (1, True)
    elsewhere, at_pinpoint = locate_quote(PAGES, "heavily customised enterprise database", [2])
    assert not at_pinpoint and elsewhere is not None and elsewhere.page == 1
    anywhere, at_pinpoint = locate_quote(PAGES, "filed in March 2019")
    assert at_pinpoint and anywhere is not None and anywhere.page == 2


def test_nearest_match_when_the_words_differ() -> None:
    hit, at_pinpoint = locate_quote(PAGES, "Salesforce sold a heavily customized database", [0])
    assert not at_pinpoint and hit is not None
    assert (hit.page, hit.exact) == (1, False) and hit.score >= 0.5
    assert "heavily" in PAGES[1][hit.start : hit.end]
    assert locate_quote(PAGES, "nothing like this at all anywhere", [0]) == (None, False)
    assert nearest_quote(PAGES, "...") is None


def test_other_capitals_are_a_nearest_match() -> None:
    hit, at_pinpoint = locate_quote(PAGES, "THE SUIT WAS FILED", [2])
    assert hit == QuoteHit(2, 3, 21, exact=False, score=1.0) and not at_pinpoint


def test_find_all_counts_every_match() -> None:
    assert len(find_all("a cat, A CAT and a\ncat", "a cat")) == 3
    assert find_all("abc", "") == []


_words = st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "2019", "¶"]), min_size=1)
_gaps = st.sampled_from([" ", "\r\n", "  ", "\n\t"])


@given(_words, _words, _words, _gaps)
def test_a_quote_taken_from_the_text_is_found_there(
    before: list[str], quote: list[str], after: list[str], gap: str
) -> None:
    text = gap.join(before + quote + after)
    span = find_quote(text, " ".join(quote))
    assert span is not None
    assert " ".join(text[span[0] : span[1]].split()) == " ".join(quote)
