"""Offline laptops: a pulled case edited offline pushed back after the shared case moved on:
both sides' changes merge, rows changed on both sides are conflicts nothing overwrites
unless the person chooses, and a failing push changes nothing on the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.store.case import Case
from app.store.merge import Choices, MergeConflicts
from app.store.shared_copy import origin, pull, push


@pytest.fixture
def laptop(demo_case_path: Path, pg_url: str, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    push(demo_case_path, pg_url)
    path = tmp_path / "laptop.case"
    pull(pg_url, path)
    yield path, pg_url


def edit(where: str | Path, event_id: int, **fields: object) -> None:
    with Case.open(where) as case:
        case.update_event(event_id, expected_version=case.event(event_id).version, **fields)


def test_changes_on_both_sides_merge_and_a_second_push_sends_only_newer_edits(
    laptop: tuple[Path, str],
) -> None:
    path, url = laptop
    edit(url, 3, title="Server title")
    edit(url, 4, description="Server description")
    edit(path, 4, title="Laptop title")  # the same row, another field: merged
    edit(path, 6, title="Laptop only")
    with Case.open(path) as case:
        new_id = case.create_event(title="Found on the train").created("event")
    done = push(path, url)
    assert done.merged == ("events:4",)  # type: ignore[attr-defined]
    with Case.open(url) as shared, Case.open(path) as file_case:
        for case in (shared, file_case):
            assert case.event(3).title == "Server title"
            assert case.event(4).title == "Laptop title"
            assert case.event(4).description == "Server description"
            assert case.event(6).title == "Laptop only"
            assert case.event(new_id).title == "Found on the train"
            assert case.check() == []
        assert [e.title for e in shared.events()] == [e.title for e in file_case.events()]
        position = len(shared.audit_log())
        found = origin(file_case)
        assert found is not None and found.position == position
    edit(path, 7, title="Later edit")
    again = push(path, url)
    assert again.sent == 1  # type: ignore[attr-defined]
    with Case.open(url) as shared:
        assert shared.event(7).title == "Later edit" and shared.check() == []
        assert shared.event(4).title == "Laptop title"


def test_a_field_changed_on_both_sides_is_a_conflict_and_nothing_is_sent(
    laptop: tuple[Path, str],
) -> None:
    path, url = laptop
    with Case.open(url) as shared:
        base = shared.event(3).title
    edit(url, 3, title="Server side")
    edit(path, 3, title="Laptop side")
    edit(path, 6, title="Laptop only")
    with Case.open(url) as shared:
        before = shared.audit_log()
    with pytest.raises(MergeConflicts) as caught:
        push(path, url)
    (conflict,) = caught.value.conflicts
    assert conflict.name == "events:3"
    (field,) = conflict.fields
    assert (field.field, field.theirs, field.ours, field.base) == (
        "title",
        "Server side",
        "Laptop side",
        base,
    )
    with Case.open(url) as shared:
        assert shared.audit_log() == before and shared.event(6).title != "Laptop only"
    push(path, url, Choices(take_mine=frozenset({"events:3"})))
    with Case.open(url) as shared, Case.open(path) as file_case:
        assert shared.event(3).title == file_case.event(3).title == "Laptop side"
        assert shared.event(6).title == "Laptop only"
        assert shared.check() == [] and file_case.check() == []


def test_keeping_theirs_keeps_the_server_version_in_both(laptop: tuple[Path, str]) -> None:
    path, url = laptop
    edit(url, 3, title="Server side")
    edit(path, 3, title="Laptop side", description="Laptop description")
    push(path, url, Choices(take_theirs=frozenset({"all"})))
    with Case.open(url) as shared, Case.open(path) as file_case:
        for case in (shared, file_case):
            assert case.event(3).title == "Server side"
            assert case.event(3).description == "Laptop description"  # not in conflict


def test_a_delete_against_an_edit_is_a_conflict(laptop: tuple[Path, str]) -> None:
    path, url = laptop
    edit(url, 5, title="Edited on the server")
    with Case.open(path) as case:
        case.delete_event(5)
    with pytest.raises(MergeConflicts) as caught:
        push(path, url)
    assert any(c.name == "events:5" for c in caught.value.conflicts)
    (row,) = next(c for c in caught.value.conflicts if c.name == "events:5").fields
    assert (row.theirs, row.ours) == ("changed", "deleted")
    with Case.open(url) as shared:
        assert shared.event(5).title == "Edited on the server"
    push(path, url, Choices(take_theirs=frozenset({"events:5"})))
    with Case.open(url) as shared, Case.open(path) as file_case:
        assert shared.event(5).title == file_case.event(5).title == "Edited on the server"
        assert file_case.check() == [] and shared.check() == []


def test_rows_made_on_both_sides_under_one_id_are_both_kept(laptop: tuple[Path, str]) -> None:
    path, url = laptop
    with Case.open(url) as shared:
        theirs = shared.create_event(title="Server new").created("event")
    with Case.open(path) as case:
        mine = case.create_event(title="Laptop new").created("event")
        source = case.sources()[0].id
        case.add_citation(event_id=mine, source_id=source, pinpoint="p. 9")
    assert mine == theirs
    done = push(path, url)
    assert done.renumbered  # type: ignore[attr-defined]
    with Case.open(url) as shared, Case.open(path) as file_case:
        for case in (shared, file_case):
            titles = {e.title: e.id for e in case.events()}
            assert titles["Server new"] == theirs
            moved = titles["Laptop new"]
            assert moved != theirs
            assert [c.pinpoint for c in case.event(moved).citations] == ["p. 9"]
            assert case.check() == []


def test_a_failure_mid_push_leaves_the_server_unchanged(
    laptop: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.store.merge_apply as merge_apply

    path, url = laptop
    edit(url, 3, title="Server side")
    edit(path, 6, title="Laptop 6")
    edit(path, 7, title="Laptop 7")
    with Case.open(url) as shared:
        before = (shared.audit_log(), [(e.id, e.title) for e in shared.events()])
    real, calls = merge_apply._record, []

    def failing(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the network went away")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(merge_apply, "_record", failing)
    with pytest.raises(RuntimeError):
        push(path, url)
    with Case.open(url) as shared:
        assert (shared.audit_log(), [(e.id, e.title) for e in shared.events()]) == before
    monkeypatch.setattr(merge_apply, "_record", real)
    push(path, url)
    with Case.open(url) as shared:
        assert shared.event(7).title == "Laptop 7" and shared.check() == []


def test_the_cli_lists_conflicts_and_takes_choices(
    laptop: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, url = laptop
    edit(url, 3, title="Server side")
    edit(path, 3, title="Laptop side")
    assert main(["push", str(path), url]) == 2
    err = capsys.readouterr().err
    assert "events:3" in err and "--take-mine" in err and "Traceback" not in err
    assert main(["push", str(path), url, "--list-conflicts"]) == 0
    out = capsys.readouterr().out
    assert "events:3" in out and "Server side" in out and "Laptop side" in out
    assert main(["push", str(path), url, "--take-mine", "events:99"]) == 2
    assert "events:99: no such conflict" in capsys.readouterr().err
    assert main(["push", str(path), url, "--take-mine", "events:3"]) == 0
    assert "sent 1 row(s)" in capsys.readouterr().out
    with Case.open(url) as shared:
        assert shared.event(3).title == "Laptop side"


def test_an_event_kept_against_its_deletion_keeps_its_citations(
    laptop: tuple[Path, str],
) -> None:
    path, url = laptop
    with Case.open(url) as shared:
        cited = next(e.id for e in shared.events() if e.citations)
        citations = [c.id for c in shared.event(cited).citations]
    edit(url, cited, title="Still wanted")
    with Case.open(path) as case:
        case.delete_event(cited)
    push(path, url, Choices(take_theirs=frozenset({f"events:{cited}"})))
    with Case.open(url) as shared, Case.open(path) as file_case:
        for case in (shared, file_case):
            assert [c.id for c in case.event(cited).citations] == citations
            assert case.check() == []


def test_tags_links_and_stored_files_merge_on_both_sides(laptop: tuple[Path, str]) -> None:
    import hashlib

    path, url = laptop
    data = b"a page of a deposition\n" * 50
    digest = hashlib.sha256(data).hexdigest()
    with Case.open(path) as case:
        case.update_event(3, expected_version=case.event(3).version, tags=["offline tag"])
        case.store_file(sha256=digest, data=data, size=len(data), original_name="dep.txt")
    with Case.open(url) as shared:
        shared.update_event(4, expected_version=shared.event(4).version, tags=["server tag"])
    push(path, url)
    with Case.open(url) as shared, Case.open(path) as file_case:
        for case in (shared, file_case):
            assert "offline tag" in case.event(3).tags
            assert "server tag" in case.event(4).tags
            assert case.file_data(digest) == data
            assert case.check() == []


def test_stories_travel_and_follow_a_renumbered_event(laptop: tuple[Path, str]) -> None:
    from app.domain.stories import StoryStep
    from app.store.stories import stories_of

    path, url = laptop
    with Case.open(url) as shared:
        theirs = shared.create_event(title="Server new").created("event")
    with Case.open(path) as case:
        mine = case.create_event(title="Laptop new").created("event")
        stories_of(case).create(name="Opening", steps=[StoryStep(event_id=mine)])
    push(path, url)
    with Case.open(url) as shared, Case.open(path) as file_case:
        for case in (shared, file_case):
            moved = {e.title: e.id for e in case.events()}["Laptop new"]
            assert moved != theirs
            (story,) = stories_of(case).all()
            assert [s.event_id for s in story.steps] == [moved]
            assert case.check() == []


def test_a_citation_added_to_an_event_deleted_on_the_server_is_a_listed_conflict(
    laptop: tuple[Path, str],
) -> None:
    path, url = laptop
    with Case.open(url) as shared:
        source_id = shared.sources()[0].id
        shared.delete_event(5)
    with Case.open(path) as case:
        case.add_citation(event_id=5, source_id=source_id, pinpoint="p. 1")
    with pytest.raises(MergeConflicts) as caught:
        push(path, url)
    (conflict,) = caught.value.conflicts
    assert conflict.name == "events:5"
    assert (conflict.fields[0].theirs, conflict.fields[0].ours) == ("deleted", "changed")
    with Case.open(url) as shared:
        assert 5 not in shared.event_ids()  # nothing was sent
    push(path, url, Choices(take_theirs=frozenset({"events:5"})))
    with Case.open(url) as shared, Case.open(path) as file_case:
        assert 5 not in shared.event_ids() and 5 not in file_case.event_ids()
        assert file_case.check() == [] and shared.check() == []


def test_taking_mine_sends_the_deleted_event_back_with_its_new_citation(
    laptop: tuple[Path, str],
) -> None:
    path, url = laptop
    with Case.open(url) as shared:
        source_id = shared.sources()[0].id
        shared.delete_event(5)
    with Case.open(path) as case:
        case.add_citation(event_id=5, source_id=source_id, pinpoint="p. 77")
        title = case.event(5).title
    push(path, url, Choices(take_mine=frozenset({"events:5"})))
    with Case.open(url) as shared:
        event = shared.event(5)
        assert event.title == title and "p. 77" in [c.pinpoint for c in event.citations]
        assert shared.check() == []
