"""Privileged notes stay out of every output unless asked for (and then the output says
PRIVILEGED); pseudonyms replace real names everywhere, and an output that still names a real
person is refused and not kept."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from app.domain.records import EventFilter
from app.interchange.casejson import export_document
from app.interchange.chronology import build_chronology, render_html
from app.interchange.formats import ExportProblem, export_file
from app.interchange.output_policy import (
    PRIVILEGED,
    OutputPolicy,
    RealNameLeft,
    check_bytes,
    make_policy,
    output_case,
)
from app.interchange.publish import PublishProblem, publish_file
from app.store.case import Case
from app.store.stories import stories_of

NOTE = "Ask counsel about the plea timing"
CITE_NOTE = "Weak source; corroborate"


def _mark(case: Case) -> int:
    """Give Carl Ferrer a pseudonym, an event that names him a note, a citation a note."""
    case.update_entity(3, pseudonym="Witness A")
    event = next(e for e in case.events() if any(x.entity_id == 3 for x in e.entities))
    case.update_event(event.id, expected_version=event.version, privileged_note=NOTE)
    case.update_citation(case.events()[0].citations[0].id, privileged_note=CITE_NOTE)
    return event.id


def _outputs(case: Case, tmp_path: Path, **options: bool) -> dict[str, bytes]:
    out = {}
    for name, fmt in (
        ("x.csv", None),
        ("x.json", None),
        ("x.html", None),
        ("t.json", "timelinejs"),
    ):
        target = tmp_path / name
        export_file(case, target, fmt=fmt, **options)  # type: ignore[arg-type]
        out[name] = target.read_bytes()
    return out


def test_by_default_no_output_carries_a_note(demo_case: Case, tmp_path: Path) -> None:
    _mark(demo_case)
    for name, data in _outputs(demo_case, tmp_path).items():
        text = data.decode("utf-8")
        assert NOTE not in text and CITE_NOTE not in text, name
        assert "PRIVILEGED" not in text and "privileged_note" not in text, name
    doc = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert "history" not in doc  # the audit log records the note: it stays behind too


def test_included_notes_come_with_the_marking(demo_case: Case, tmp_path: Path) -> None:
    event_id = _mark(demo_case)
    outputs = _outputs(demo_case, tmp_path, include_privileged=True)
    for name, data in outputs.items():
        text = data.decode("utf-8")
        assert NOTE in text and PRIVILEGED in text, name
    rows = list(csv.reader(io.StringIO(outputs["x.csv"].decode("utf-8-sig"))))
    assert rows[0][-1] == f"privileged_note ({PRIVILEGED})"
    noted = {r[0]: r[-1] for r in rows[1:]}
    assert noted[str(event_id)] == NOTE
    assert any(CITE_NOTE in cell for cell in noted.values())
    doc = json.loads(outputs["x.json"])
    assert doc["privileged"] == PRIVILEGED and "history" in doc
    assert next(e for e in doc["events"] if e["id"] == event_id)["privileged_note"] == NOTE
    html = outputs["x.html"].decode("utf-8")
    assert html.count('class="privileged-banner"') == 2  # the top and the foot of the page


def test_a_casetrail_json_with_notes_comes_back_whole(
    demo_case: Case, empty_case, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from app.interchange.casejson import import_document

    event_id = _mark(demo_case)
    policy = make_policy(demo_case, include_privileged=True)
    doc = export_document(output_case(demo_case, policy))
    with empty_case(tmp_path / "copy.case") as copy:
        import_document(copy, doc)
        assert copy.event(event_id).privileged_note == NOTE
        assert next(e for e in copy.entities() if e.id == 3).pseudonym == "Witness A"
        assert copy.check() == []


def test_pseudonyms_replace_every_real_name(demo_case: Case, tmp_path: Path) -> None:
    _mark(demo_case)
    for name, data in _outputs(demo_case, tmp_path, pseudonyms=True).items():
        text = data.decode("utf-8")
        assert "carl ferrer" not in text.casefold(), name
    assert "Witness A" in (tmp_path / "x.html").read_text(encoding="utf-8")
    doc = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert "files" not in doc and "history" not in doc  # originals and the log stay behind


def test_the_case_as_an_output_sees_it(demo_case: Case) -> None:
    _mark(demo_case)
    stories_of(demo_case).create(name="Ferrer", introduction="About Carl Ferrer.")
    seen = output_case(demo_case, make_policy(demo_case, pseudonyms=True))
    events = seen.events(EventFilter())
    assert all(e.privileged_note == "" for e in events)
    assert all(c.privileged_note == "" for e in events for c in e.citations)
    assert "Witness A" in {x.name for e in events for x in e.entities}
    entity = next(e for e in seen.entities() if e.id == 3)
    assert (entity.name, entity.pseudonym) == ("Witness A", "")
    story = stories_of(seen).find("Ferrer")
    assert story is not None and story.introduction == "About Witness A."
    assert output_case(demo_case, OutputPolicy()) is demo_case  # a plain output: no wrapper


def test_a_real_name_left_refuses_the_output_and_keeps_the_old_file(
    demo_case: Case, tmp_path: Path
) -> None:
    demo_case.update_entity(3, pseudonym="Carl Ferrer's driver")  # the pseudonym names him
    out = tmp_path / "x.csv"
    out.write_bytes(b"the old file")
    with pytest.raises(ExportProblem) as refused:
        export_file(demo_case, out, pseudonyms=True)
    message = str(refused.value)
    assert message.startswith(f"{out}: the real name 'Carl Ferrer'")
    assert "line " in message and "not kept" in message
    assert out.read_bytes() == b"the old file"
    assert not list(tmp_path.glob(".*.part"))


def test_the_check_reads_html_references_and_json_strings() -> None:
    policy = OutputPolicy(pseudonyms=make_policy_names())
    with pytest.raises(RealNameLeft, match="HTML character references"):
        check_bytes(policy, "page.html", b"<p>Jos&#233; Ruiz</p>")
    with pytest.raises(RealNameLeft, match="decoded JSON string"):
        check_bytes(policy, "doc.json", b'{"a": "Jos\\u00e9 Ruiz"}')
    check_bytes(policy, "doc.json", b'{"a": "Survivor 1"}')


def make_policy_names():  # type: ignore[no-untyped-def]
    from app.domain.pseudonyms import Pseudonyms

    return Pseudonyms([("Jos\u00e9 Ruiz", "Survivor 1")])


def test_the_report_model_carries_notes_only_when_asked(demo_case: Case) -> None:
    event_id = _mark(demo_case)
    plain = build_chronology(demo_case)
    assert not plain.privileged and all(not e.privileged_note for e in plain.all_entries)
    seen = output_case(demo_case, make_policy(demo_case, include_privileged=True))
    marked = build_chronology(seen)
    assert marked.privileged == PRIVILEGED
    entry = next(e for e in marked.all_entries if e.event_id == event_id)
    assert entry.privileged_note == NOTE
    assert NOTE in render_html(marked) and NOTE not in render_html(plain)


def test_publish_leaves_notes_out_and_uses_a_storys_pseudonyms(
    demo_case: Case, tmp_path: Path
) -> None:
    event_id = _mark(demo_case)
    stories_of(demo_case).create(
        name="Charges",
        introduction="Carl Ferrer is charged.",
        steps=(),
        pseudonyms=True,
    )
    story = stories_of(demo_case).find("Charges")
    assert story is not None
    from app.domain.stories import StoryStep

    stories_of(demo_case).update(story.id, steps=(StoryStep(event_id, "Carl Ferrer, again"),))
    out = tmp_path / "story.html"
    publish_file(demo_case, out, story="Charges")
    page = out.read_text(encoding="utf-8")
    assert "carl ferrer" not in page.casefold() and "Witness A is charged." in page
    assert NOTE not in page and PRIVILEGED not in page
    publish_file(demo_case, out, include_privileged=True)
    page = out.read_text(encoding="utf-8")
    assert NOTE in page and PRIVILEGED in page
    demo_case.update_entity(3, pseudonym="Carl Ferrer (W)")
    with pytest.raises(PublishProblem, match="real name 'Carl Ferrer'"):
        publish_file(demo_case, tmp_path / "new.html", pseudonyms=True)
    assert not (tmp_path / "new.html").exists()
