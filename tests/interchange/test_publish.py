"""``casetrail publish``: one self-contained page, no external reference, text escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.cli import main
from app.domain.dates import FuzzyDate
from app.domain.records import EventFilter
from app.interchange.publish import PublishProblem, publish_file
from app.store.case import Case

URL_ATTRS = {"src", "href", "srcset", "action", "formaction", "data", "poster", "background"}


class _Refs(HTMLParser):
    """Every reference a browser could follow: URL attributes, tags that load things,
    ``url(...)`` and ``@import`` in styles."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in URL_ATTRS and value is not None:
                self.refs.append(value)
            if name == "style" and value:
                self.refs.extend(_css_refs(value))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _css_refs(css: str) -> list[str]:
    refs = re.findall(r"url\(\s*['\"]?([^'\")]*)", css, re.IGNORECASE)
    refs += re.findall(r"@import\s+['\"]?([^'\";\s]*)", css, re.IGNORECASE)
    return refs


def _parse(page: str) -> _Refs:
    parser = _Refs()
    parser.feed(page)
    for style in re.findall(r"<style[^>]*>(.*?)</style>", page, re.DOTALL | re.IGNORECASE):
        parser.refs.extend(_css_refs(style))
    return parser


def _assert_self_contained(page: str) -> _Refs:
    parsed = _parse(page)
    for ref in parsed.refs:
        assert ref.startswith("#") or ref.startswith("data:"), ref
    assert not {"link", "iframe", "img", "object", "embed", "audio", "video", "source"} & set(
        parsed.tags
    )
    # the one script is inline, and the policy allows nothing else to load
    assert "<script src" not in page.lower()
    assert "default-src &#x27;none&#x27;" in page
    # nothing outside the text content (escaped case text) names another place
    markup = re.sub(r">[^<]*<|aria-label=\"[^\"]*\"", "><", page)
    assert "://" not in markup
    return parsed


def test_publishes_the_demo_as_one_offline_page(demo_case: Case, tmp_path: Path) -> None:
    out = tmp_path / "story.html"
    steps = publish_file(demo_case, out)
    page = out.read_text("utf-8")
    parsed = _assert_self_contained(page)
    assert steps == len(demo_case.events()) == page.count('<section class="step"')
    text = "".join(parsed.text)
    # dates as written, in order; citations with pinpoint, quote and stance
    first = demo_case.events()[0]
    assert first.start is not None and first.start.text in text
    citation = first.citations[0]
    assert citation.quote in text and citation.stance in text
    assert "para. 7" in text or "\u00b6 7" in text
    dated = [e for e in demo_case.events() if e.start is not None]
    positions = [text.index(e.title) for e in dated]
    assert positions == sorted(positions)


def test_allegations_are_marked_and_text_is_escaped(new_case: Case, tmp_path: Path) -> None:
    new_case.create_source(title="Complaint <b>", kind="filing")
    source_id = new_case.sources()[0].id
    new_case.create_event(
        title='<img src="https://evil.example/x.png">Paid',
        description="</section><script>fetch('https://evil.example')</script>",
        start=FuzzyDate.parse("March 2019"),
        status="alleged",
    )
    event_id = new_case.events()[0].id
    new_case.add_citation(
        event_id=event_id,
        source_id=source_id,
        pinpoint="p. 4",
        quote='"quoted" <a href="http://x">',
        stance="supports",
    )
    new_case.create_event(
        title="Undisputed thing", start=FuzzyDate.parse("2020"), status="undisputed"
    )
    out = tmp_path / "p.html"
    publish_file(new_case, out)
    page = out.read_text("utf-8")
    parsed = _assert_self_contained(page)
    assert parsed.tags.count("script") == 1
    text = "".join(parsed.text)
    assert '<img src="https://evil.example/x.png">Paid' in text  # shown, as text
    assert "Allegation" in text and "March 2019" in text and "p. 4" in text
    # the allegation's own step says so; the other does not
    steps = page.split('<section class="step"')[1:]
    assert "Allegation" in steps[0] and "Allegation" not in steps[1]
    assert "supported by the citations" in steps[0]


def test_publishes_a_saved_view(demo_case: Case, tmp_path: Path) -> None:
    demo_case.save_view(name="Key facts", flt=EventFilter(key_only=True))
    out = tmp_path / "v.html"
    assert main(["publish", str(demo_case.path), str(out), "--view", "key FACTS"]) == 0
    page = out.read_text("utf-8")
    keys = [e for e in demo_case.events() if e.key_fact]
    assert page.count('<section class="step"') == len(keys) > 0
    assert "Key facts" in page


def test_faults_are_one_line_and_change_nothing(
    demo_case_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "old.html"
    out.write_text("old")
    assert main(["publish", str(demo_case_path), str(out), "--view", "Nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Nope" in err and "Traceback" not in err
    assert out.read_text() == "old"
    assert main(["publish", str(demo_case_path), str(tmp_path / "none" / "x.html")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["publish", str(demo_case_path), str(demo_case_path)]) == 2
    assert "case file itself" in capsys.readouterr().err
    assert main(["publish", str(tmp_path / "missing.case"), str(out)]) == 2
    assert out.read_text() == "old"


def test_problem_names_the_saved_views(demo_case: Case, tmp_path: Path) -> None:
    demo_case.save_view(name="Trial", flt=EventFilter())
    with pytest.raises(PublishProblem, match="'Trial'"):
        publish_file(demo_case, tmp_path / "x.html", view="other")


def test_publishes_a_story_in_its_order_with_commentary(demo_case: Case, tmp_path: Path) -> None:
    from app.domain.stories import StoryStep
    from app.store.stories import stories_of

    events = demo_case.events()
    late, early = events[5], events[0]
    stories_of(demo_case).create(
        name="For the <jury>",
        introduction="Two facts & a claim.",
        steps=[StoryStep(late.id, "Start with the suit."), StoryStep(early.id, "Then go back.")],
    )
    out = tmp_path / "story.html"
    assert main(["publish", str(demo_case.path), str(out), "--story", "for the <JURY>"]) == 0
    page = out.read_text("utf-8")
    parsed = _assert_self_contained(page)
    text = "".join(parsed.text)
    assert page.count('<section class="step"') == 2
    assert text.index(late.title) < text.index(early.title)  # the story's order, not dates
    assert "Start with the suit." in text and "Two facts & a claim." in text
    assert "For the <jury>" in text and "<jury>" not in page.replace("&lt;jury&gt;", "")
    with pytest.raises(SystemExit, match="2"):  # argparse: not both
        main(["publish", str(demo_case.path), str(out), "--story", "x", "--view", "y"])
    with pytest.raises(PublishProblem, match="'For the <jury>'"):
        publish_file(demo_case, out, story="nope")
