"""Every fault ends in one clear line naming what and where, exit status 2, no traceback,
nothing changed and nothing left behind (issue 10). The hostile files are made here by the
tests, never stored.

A full disk is simulated without root or mounts: the verb runs in a process of its own with
``RLIMIT_FSIZE`` set and SIGXFSZ ignored, so that a write past the limit fails with EFBIG as
it would with ENOSPC on a full disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.store.engine import Mode

ROOT = Path(__file__).resolve().parents[2]
DISK_FULL = "the disk is full or a file size limit was reached"


# -- helpers ------------------------------------------------------------------------------


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` (hidden ones too) and the SHA-256 of its bytes."""
    state = {}
    for p in sorted(folder.iterdir()):
        if p.is_file() and not p.is_symlink():
            state[p.name] = hashlib.sha256(p.read_bytes()).hexdigest()
        else:
            state[p.name] = "folder" if p.is_dir() else "other"
    return state


def run(
    *args: str, limit: int | None = None, timeout: float = 120, **options: object
) -> subprocess.CompletedProcess[str]:
    """``casetrail ARGS`` in a process of its own; with ``limit``, no file may grow past
    ``limit`` bytes there (writes past it fail with EFBIG, as on a full disk)."""

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    options = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **options}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        text=True,
        env=env,
        timeout=timeout,
        preexec_fn=limited if limit is not None else None,  # noqa: PLW1509 - no threads
        **options,  # type: ignore[arg-type]
    )


def assert_one_line(stderr: str, *words: str) -> str:
    """The error is one line starting "casetrail: ", no traceback, naming ``words``."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if not line.startswith("This plugin")]
    assert lines and lines[0].startswith("casetrail: "), stderr
    for word in words:
        assert word in lines[0], (word, stderr)
    return lines[0]


def refused(capsys: pytest.CaptureFixture[str], argv: list[str], *words: str) -> str:
    """Run ``main(argv)`` in-process: exit status 2 and one line naming ``words``."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    return assert_one_line(err, *words)


def event_count(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])


@contextlib.contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """Make ``path`` (a file or a folder) really unwritable: the immutable flag when run as
    root (whom permission bits do not stop), else the permission bits; skip if neither
    holds (tried, by writing, not assumed)."""
    if os.geteuid() == 0:
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if made.returncode != 0:
            pytest.skip(f"root, and chattr +i is not available here: {made.stderr!r}")
        undo = ["chattr", "-i", str(path)]
    else:
        old = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        undo = None
    try:
        probe = path / ".probe" if path.is_dir() else path
        try:
            with open(probe, "ab" if not path.is_dir() else "xb"):
                pass
        except OSError:
            pass
        else:
            pytest.skip("this file system lets the file be written anyway")
        yield
    finally:
        if undo:
            subprocess.run(undo, check=True)
        else:
            path.chmod(old)


@pytest.fixture
def demo(demo_case_path: Path) -> Path:
    return demo_case_path


@pytest.fixture
def events_csv(tmp_path: Path) -> Path:
    """A valid CSV of 3,000 events of 2 KB each: an import that grows the case by ~6 MB."""
    folder = tmp_path / "in"
    folder.mkdir()
    lines = ["start,title,description"]
    lines += [f"2020-01-{1 + i % 28:02d},event {i},{'x' * 2000}" for i in range(3000)]
    path = folder / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- disk full ----------------------------------------------------------------------------


def test_disk_full_during_import_rolls_back(demo: Path, events_csv: Path) -> None:
    before = folder_state(demo.parent)
    count = event_count(demo)
    result = run("import", str(demo), str(events_csv), limit=demo.stat().st_size + 16384)
    assert result.returncode == 2, result.stderr
    assert_one_line(result.stderr, "big.csv", "demo.case", DISK_FULL, "nothing was changed")
    assert folder_state(demo.parent) == before  # byte-for-byte, and no -journal left
    assert event_count(demo) == count
    assert main(["check", str(demo)]) == 0


@pytest.mark.parametrize("verb", ["new", "demo"])
def test_disk_full_during_new_and_demo(tmp_path: Path, verb: str) -> None:
    target = tmp_path / "made.case"
    args = ["new", "--title", "T", str(target)] if verb == "new" else ["demo", str(target)]
    result = run(*args, limit=20000)
    assert result.returncode == 2, result.stderr
    assert_one_line(result.stderr, "made.case", "cannot be created", DISK_FULL)
    assert folder_state(tmp_path) == {}  # no case, no temporary file, no journal


@pytest.mark.parametrize(
    "verb,out",
    [
        ("image", "timeline.png"),
        ("image", "timeline.svg"),
        ("screenshot", "window.png"),
        ("export", "case.json"),
        ("export", "events.csv"),
        ("export", "report.html"),
        ("export", "report.pdf"),
        ("export", "timeline.timelinejs"),
    ],
)
def test_disk_full_while_writing_an_output_keeps_the_old_one(
    demo: Path, verb: str, out: str
) -> None:
    target = demo.parent / out
    target.write_bytes(b"the old output")
    extra = ["--format", "timelinejs"] if out.endswith(".timelinejs") else []
    before = folder_state(demo.parent)
    result = run(verb, str(demo), str(target), *extra, limit=2000)
    assert result.returncode == 2, result.stderr
    assert "wrote" not in result.stdout  # a truncated SVG or PNG is never reported written
    assert_one_line(result.stderr, out, DISK_FULL, "unchanged")
    assert folder_state(demo.parent) == before


# -- read-only, busy, WAL -------------------------------------------------------------------


def test_read_only_case_refused_for_editing_read_for_reading(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "one.csv"
    data.write_text("start,title\n2020-01-01,one\n", encoding="utf-8")
    before = folder_state(demo.parent)
    with unwritable(demo):
        line = refused(capsys, ["import", str(demo), str(data)], "demo.case", "read-only")
        assert "open it for review" in line
        assert main(["info", str(demo)]) == 0  # a verb that only reads reads it for review
        assert "events      8" in capsys.readouterr().out
    assert folder_state(demo.parent) == before


def test_case_in_read_only_folder(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "one.csv"
    data.write_text("start,title\n2020-01-01,one\n", encoding="utf-8")
    with unwritable(demo.parent):
        refused(capsys, ["import", str(demo), str(data)], "read-only", "open it for review")


@pytest.mark.parametrize("verb", ["new", "demo"])
def test_new_and_demo_into_read_only_folder(
    tmp_path: Path, verb: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "x.case"
    argv = ["new", "--title", "T", str(target)] if verb == "new" else ["demo", str(target)]
    with unwritable(folder):
        refused(capsys, argv, "x.case", "cannot be created (read-only)")
    assert list(folder.iterdir()) == []


def test_case_held_by_another_writer_is_in_use_not_damaged(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    from app.store.sqlite import connect

    monkeypatch.setattr(connect, "BUSY_TIMEOUT_MS", 200)
    data = tmp_path / "one.csv"
    data.write_text("start,title\n2020-01-01,one\n", encoding="utf-8")
    other = sqlite3.connect(demo, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # RESERVED: others may read, not write
        other.execute("UPDATE case_info SET title = title")
        line = refused(capsys, ["import", str(demo), str(data)], "in use by another program")
        assert "damaged" not in line
        other.execute("ROLLBACK")
        other.execute("BEGIN EXCLUSIVE")  # nobody may even read
        other.execute("UPDATE case_info SET title = title")
        line = refused(capsys, ["info", str(demo)], "demo.case", "in use by another program")
        assert "damaged" not in line
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert main(["check", str(demo)]) == 0


def test_wal_case_with_committed_frames_is_folded_in_and_leaves_nothing(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wal_case = tmp_path / "wal" / "w.case"
    wal_case.parent.mkdir()
    other = sqlite3.connect(demo, isolation_level=None)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("PRAGMA wal_autocheckpoint=0")
    other.execute("UPDATE case_info SET title = 'changed in WAL'")
    # copy the case as another program left it: the change only in its -wal
    wal_case.write_bytes(demo.read_bytes())
    Path(f"{wal_case}-wal").write_bytes(Path(f"{demo}-wal").read_bytes())
    other.close()
    assert Path(f"{wal_case}-wal").stat().st_size > 0
    assert main(["info", str(wal_case), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "changed in WAL"
    assert sorted(p.name for p in wal_case.parent.iterdir()) == ["w.case"]
    assert main(["history", str(wal_case)]) == 0  # and review mode afterwards
    assert sorted(p.name for p in wal_case.parent.iterdir()) == ["w.case"]


def test_wal_case_reviewed_leaves_no_side_files(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with contextlib.closing(sqlite3.connect(demo, isolation_level=None)) as other:
        other.execute("PRAGMA journal_mode=WAL")
    before = folder_state(demo.parent)
    assert main(["history", str(demo)]) == 0
    assert main(["screenshot", "--review", str(demo), str(demo.parent / "s.png")]) == 0
    capsys.readouterr()
    after = folder_state(demo.parent)
    after.pop("s.png")
    assert after == before


# -- import inputs that are not files ----------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_import_from_a_device_is_refused_at_once(
    demo: Path, device: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    before = folder_state(demo.parent)
    refused(capsys, ["import", str(demo), device], device, "a device, not a file")
    assert folder_state(demo.parent) == before


def test_import_from_a_fifo_without_writer_does_not_hang(demo: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "events.csv"
    os.mkfifo(fifo)
    result = run("import", str(demo), str(fifo), timeout=60)
    assert result.returncode == 2
    assert_one_line(result.stderr, "events.csv", "a pipe, not a file")


def test_import_from_a_folder(demo: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "folder.json").mkdir()
    refused(capsys, ["import", str(demo), str(tmp_path / "folder.json")], "a folder")


# -- Casetrail JSON checked against its schema ----------------------------------------------


def _casetrail_doc(events: list[dict]) -> dict:
    return {"format": "casetrail", "version": 1, "events": events}


def _import_refused(demo: Path, tmp_path: Path, capsys, text: str, name: str = "doc.json") -> str:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8", errors="surrogatepass")
    count = event_count(demo)
    before = folder_state(demo.parent)
    assert main(["import", str(demo), str(source)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith(f"casetrail: {source}: nothing was imported")
    assert event_count(demo) == count and folder_state(demo.parent) == before
    return err


def test_wrongly_typed_casetrail_json_names_each_json_path(demo, tmp_path, capsys) -> None:
    doc = _casetrail_doc(
        [
            {"title": "a", "key_fact": "no"},
            {"title": "b", "tags": 5},
            {"title": {"text": "an object"}},
            {"title": "d", "id": 2**70},
            {"title": "e", "citations": [{"source_id": "1"}]},
            {"title": "f", "status": "proven"},
            {"title": "g", "surprise": True},
        ]
    )
    doc["entities"] = {"not": "a list"}
    err = _import_refused(demo, tmp_path, capsys, json.dumps(doc))
    for expected in (
        'events[0].key_fact: must be true or false, not "no"',
        "events[1].tags: must be a list, not 5",
        "events[2].title: must be text, not an object",
        "events[3].id: 1180591620717411303424 is out of range",
        'events[4].citations[0].source_id: must be a whole number, not "1"',
        'events[5].status: "proven" is not one of',
        "events[6]: unknown field(s) 'surprise'",
        "entities: must be a list, not an object",
    ):
        assert expected in err, (expected, err)


def test_key_fact_no_never_becomes_a_key_fact(demo, tmp_path, capsys) -> None:
    doc = _casetrail_doc([{"title": "not key", "key_fact": "no"}])
    _import_refused(demo, tmp_path, capsys, json.dumps(doc))


def test_deeply_nested_json_is_refused_without_recursion_error(demo, tmp_path, capsys) -> None:
    deep = "[" * 200_000 + "]" * 200_000
    text = '{"format": "casetrail", "version": 1, "events": ' + deep + "}"
    assert "nested too deeply" in _import_refused(demo, tmp_path, capsys, text)


def test_nested_just_within_reach_is_a_type_error(demo, tmp_path, capsys) -> None:
    text = json.dumps(_casetrail_doc([{"title": "x", "description": [[[[[[["deep"]]]]]]]}]))
    assert "events[0].description: must be text" in _import_refused(demo, tmp_path, capsys, text)


@pytest.mark.parametrize(
    "text,words",
    [
        ('{"format": "casetrail", "version": 1, "version": 1}', "appears twice"),
        ('{"format": "casetrail", "version": 1, "events": [{"title": NaN}]}', "NaN"),
        ('{"format": "casetrail", "version": 1, "events": [{"title": Infinity}]}', "Infinity"),
        ('{"format": "casetrail", "version": 1, "events": [{"title": "\\ud800"}]}', "surrogate"),
        ('{"format": "casetrail", "version": 1, "events": [{"title": "a\\u0000b"}]}', "NUL"),
        ('{"format": "casetrail", "version": 1, "events": [{"title": "x"}', "not valid JSON"),
        ('{"format": "casetrail", "version": 2}', "version 2"),
        (
            '{"format": "casetrail", "version": 1, "events": [{"title": "x", "start": 2020}]}',
            "events[0].start: must be text or an object, not 2020",
        ),
    ],
)
def test_hostile_casetrail_json(demo, tmp_path, capsys, text: str, words: str) -> None:
    assert words in _import_refused(demo, tmp_path, capsys, text)


def test_casetrail_json_nul_in_every_kind_of_text(demo, tmp_path, capsys) -> None:
    doc = _casetrail_doc([{"title": "t", "lane": "a\x00", "tags": ["b\x00"]}])
    doc["sources"] = [{"id": 1, "title": "s", "author": "c\x00", "url": "d\x00"}]
    doc["events"][0]["citations"] = [{"source_id": 1, "quote": "e\x00", "pinpoint": "f\x00"}]
    err = _import_refused(demo, tmp_path, capsys, json.dumps(doc))
    for where in ("events[0].lane", "events[0].tags[0]", "sources[0].author", "sources[0].url",
                  "events[0].citations[0].quote", "events[0].citations[0].pinpoint"):  # fmt: skip
        assert f"{where}: contains a NUL character" in err, (where, err)


def test_schema_file_ships_with_the_package_and_knows_the_domain() -> None:
    from app.domain.records import ENTITY_KINDS, EVENT_STATUSES, SOURCE_KINDS, STANCES
    from app.interchange.casejson_document import schema

    s = schema()
    items = s["properties"]["events"]["items"]["properties"]
    assert items["status"]["enum"] == list(EVENT_STATUSES)
    assert items["citations"]["items"]["properties"]["stance"]["enum"] == list(STANCES)
    assert s["$defs"]["source_kind"]["enum"] == list(SOURCE_KINDS)
    entity = s["properties"]["entities"]["items"]["properties"]
    assert entity["kind"]["enum"] == list(ENTITY_KINDS)


# -- NUL in the other formats and in the store --------------------------------------------


@pytest.mark.parametrize(
    "name,text,words",
    [
        ("nul.csv", "start,title,description\n2020-01-01,a,b\x00c\n", "description: contains"),
        (
            "tl.json",
            json.dumps(
                {"events": [{"start_date": {"year": "2020"}, "text": {"headline": "a\x00"}}]}
            ),
            "headline: contains a NUL",
        ),  # fmt: skip
        ("tl.csv", "Year,Month,Day,Headline,Text\n2020,1,1,a\x00,b\n", "NUL"),
    ],
)
def test_nul_in_other_formats(demo, tmp_path, capsys, name: str, text: str, words: str) -> None:
    assert words in _import_refused(demo, tmp_path, capsys, text, name)


def test_the_store_refuses_nul_in_every_text(new_case) -> None:
    from app.store.errors import ValidationError

    source = new_case.create_source(title="s").created("source")
    event = new_case.create_event(title="e").created("event")
    attempts = {
        "title": lambda: new_case.create_event(title="a\x00"),
        "description": lambda: new_case.create_event(title="a", description="b\x00"),
        "lane": lambda: new_case.create_event(title="a", lane="b\x00"),
        "author": lambda: new_case.create_source(title="a", author="b\x00"),
        "notes": lambda: new_case.update_source(source, notes="b\x00"),
        "quote": lambda: new_case.add_citation(event_id=event, source_id=source, quote="q\x00"),
        "name": lambda: new_case.create_entity(name="n\x00"),
        "description ": lambda: new_case.create_entity(name="n", description="d\x00"),
    }
    for field, attempt in attempts.items():
        with pytest.raises(ValidationError, match=f"{field.strip()} contains a NUL"):
            attempt()
    with pytest.raises(ValidationError, match="name contains a NUL"):
        new_case.create_tag(name="t\x00")
    with pytest.raises(ValidationError, match="contains a NUL"):
        new_case.create_event(title="a", tags=["t\x00"])
    entity = new_case.create_entity(name="someone").created("entity")
    with pytest.raises(ValidationError, match="role contains a NUL"):
        new_case.create_event(title="a", entities=[(entity, "r\x00")])
    with pytest.raises(ValidationError, match="title contains a NUL"):
        new_case.update_case_info(title="case\x00")
    assert len(new_case.event_ids()) == 1


# -- pipes and permissions -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["events"], ["events", "--json"], ["info"], ["history"], ["check"]]
)
def test_closed_pipe_ends_quietly(demo: Path, args: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader (head -1) is gone before the first line
    try:
        result = run(args[0], str(demo), *args[1:], stdout=write_end)
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 141


def test_outputs_get_the_users_permissions(demo: Path, capsys) -> None:
    old = os.umask(0o022)
    try:
        for out in ("e.csv", "e.json", "e.html", "e.pdf", "i.png", "i.svg"):
            verb = "image" if out.startswith("i.") else "export"
            assert main([verb, str(demo), str(demo.parent / out)]) == 0, capsys.readouterr()
            assert (demo.parent / out).stat().st_mode & 0o777 == 0o644, out
    finally:
        os.umask(old)


# -- hostile case files ------------------------------------------------------------------


def test_truncated_case(demo: Path, capsys) -> None:
    with open(demo, "r+b") as fh:
        fh.truncate(demo.stat().st_size // 2)
    before = folder_state(demo.parent)
    refused(capsys, ["info", str(demo)], "demo.case", "truncated")
    assert folder_state(demo.parent) == before


def test_case_cut_inside_its_header(demo: Path, capsys) -> None:
    with open(demo, "r+b") as fh:
        fh.truncate(50)
    refused(capsys, ["events", str(demo)], "truncated")


@pytest.mark.parametrize(
    "content,words",
    [
        (b"", "empty"),
        (b"%PDF-1.7\n", "PDF"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"date,title\n", "text file"),
        (bytes(range(255, -1, -1)), "not an SQLite database"),
    ],
)
def test_not_a_case(tmp_path: Path, capsys, content: bytes, words: str) -> None:
    path = tmp_path / "x.case"
    path.write_bytes(content)
    refused(capsys, ["info", str(path)], "x.case", words)
    assert folder_state(tmp_path) == {"x.case": hashlib.sha256(content).hexdigest()}


def test_sqlite_database_of_another_program(tmp_path: Path, capsys) -> None:
    path = tmp_path / "other.case"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    refused(capsys, ["events", str(path)], "another program")


def test_folder_named_like_a_case(tmp_path: Path, capsys) -> None:
    (tmp_path / "x.case").mkdir()
    refused(capsys, ["info", str(tmp_path / "x.case")], "is a folder")
    refused(capsys, ["new", "--title", "T", str(tmp_path / "x.case")], "already exists")


def test_symlink_loop(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.case").symlink_to(tmp_path / "b.case")
    (tmp_path / "b.case").symlink_to(tmp_path / "a.case")
    refused(capsys, ["info", str(tmp_path / "a.case")], "a.case", "symbolic link")


def test_import_from_a_symlink_loop(demo: Path, tmp_path: Path, capsys) -> None:
    data = tmp_path / "loop.csv"
    data.symlink_to(data)
    refused(capsys, ["import", str(demo), str(data)], "loop.csv", "cannot be read")


def test_missing_case(tmp_path: Path, capsys) -> None:
    refused(capsys, ["check", str(tmp_path / "none.case")], "none.case", "no such file")


# -- hostile CSV -------------------------------------------------------------------------


def test_csv_with_bom_and_crlf_imports(demo: Path, tmp_path: Path, capsys) -> None:
    data = tmp_path / "bom.csv"
    data.write_bytes(b"\xef\xbb\xbfstart,title\r\n2020-01-01,with BOM\r\n")
    assert main(["import", str(demo), str(data)]) == 0, capsys.readouterr().err
    assert main(["events", str(demo), "--search", "BOM"]) == 0
    assert "with BOM" in capsys.readouterr().out


@pytest.mark.parametrize(
    "name,content",
    [
        ("huge.csv", b"start,title,description\n2020-01-01,a," + b"x" * 300_000 + b"\n"),
        ("wide.csv", (",".join(f"c{i}" for i in range(10_000)) + "\n").encode()),
        ("binary.csv", bytes(range(256)) * 4),
        ("ragged.csv", b"start,title\n2020-01-01,a,b,c,d\n"),
        ("dates.csv", b"start,title\n2020-02-30,a\n"),
        ("latin1.csv", "start,title\n2020-01-01,caf\xe9\n".encode("latin-1")),
        ("quote.csv", b'start,title\n2020-01-01,"never closed\n'),
        ("noheader.csv", b"\n\n\n"),
    ],
)
def test_hostile_csv(demo: Path, tmp_path: Path, capsys, name: str, content: bytes) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    count = event_count(demo)
    before = folder_state(demo.parent)
    status = main(["import", str(demo), str(source)])
    err = capsys.readouterr().err
    if name == "huge.csv" and status == 0:  # a long text is allowed; then it is all there
        assert event_count(demo) == count + 1
        return
    assert status == 2, err
    assert_one_line(err, name)
    assert event_count(demo) == count and folder_state(demo.parent) == before


def test_csv_formula_cells_are_kept_as_text(demo: Path, tmp_path: Path, capsys) -> None:
    source = tmp_path / "formula.csv"
    source.write_text('start,title\n2020-01-01,"=HYPERLINK(""http://x"")"\n', encoding="utf-8")
    assert main(["import", str(demo), str(source)]) == 0
    capsys.readouterr()
    out = demo.parent / "out.csv"
    assert main(["export", str(demo), str(out)]) == 0
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8")  # neutralised on the way out


# -- hostile TimelineJS -------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc",
    [
        {"events": {"not": "a list"}},
        {"events": [{"start_date": {"year": "two thousand"}, "text": {"headline": "x"}}]},
        {"events": [{"start_date": {"year": 2020, "month": 13}, "text": {"headline": "x"}}]},
        {"events": [{"start_date": "2020", "text": {"headline": "x"}}]},
        {"events": [{"start_date": {"year": 2**80}, "text": {"headline": "x"}}]},
        {"events": [5, "x", None]},
        {"title": 5, "events": []},
    ],
)
def test_hostile_timelinejs(demo: Path, tmp_path: Path, capsys, doc: dict) -> None:
    err = _import_refused(demo, tmp_path, capsys, json.dumps(doc), "tl.json")
    assert err.count("\n") >= 1


@pytest.mark.parametrize("text", ["[1, 2, 3]", '"just a string"', "42", "null"])
def test_json_of_the_wrong_top_level_type(demo, tmp_path, capsys, text: str) -> None:
    _import_refused(demo, tmp_path, capsys, text, "top.json")


# -- hostile output paths ----------------------------------------------------------------


@pytest.mark.parametrize("verb", ["image", "export", "screenshot"])
def test_output_into_a_missing_folder(demo: Path, tmp_path: Path, capsys, verb: str) -> None:
    out = tmp_path / "missing" / ("o.png" if verb != "export" else "o.csv")
    refused(capsys, [verb, str(demo), str(out)], str(out), "does not exist")
    assert not out.parent.exists()


@pytest.mark.parametrize("verb,name", [("image", "o.svg"), ("export", "o.json")])
def test_output_path_is_a_folder(demo: Path, tmp_path: Path, capsys, verb, name) -> None:
    out = tmp_path / name
    out.mkdir()
    (out / "inside").write_text("kept")
    before = folder_state(tmp_path)
    refused(capsys, [verb, str(demo), str(out)], name, "folder")
    assert folder_state(tmp_path) == before and (out / "inside").read_text() == "kept"


def test_image_into_read_only_folder(demo: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    with unwritable(folder):
        refused(capsys, ["image", str(demo), str(folder / "o.png")], "o.png", "read-only")
    assert list(folder.iterdir()) == []


def test_an_unexpected_error_is_still_one_line(demo: Path, capsys, monkeypatch) -> None:
    from app.cli import case_verbs

    def broken(case):  # type: ignore[no-untyped-def]
        raise RuntimeError("something\nunforeseen")

    monkeypatch.setattr(case_verbs, "file_checker", broken)
    line = refused(capsys, ["check", str(demo)], "something unforeseen", "RuntimeError")
    assert "\n" not in line


def test_recursion_anywhere_is_one_line(demo: Path, capsys, monkeypatch) -> None:
    from app.cli import case_verbs

    def deep(case):  # type: ignore[no-untyped-def]
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(case_verbs, "file_checker", deep)
    refused(capsys, ["check", str(demo)], "nested too deeply")


@pytest.mark.parametrize(
    "verb,name,extra",
    [
        ("export", "x.case", ["--format", "json"]),
        ("export", "x.case", ["--format", "csv"]),
        ("image", "x.png", []),
        ("screenshot", "x.png", []),
    ],
)
def test_an_output_never_replaces_the_case(
    demo: Path, capsys, verb: str, name: str, extra: list[str]
) -> None:
    case = demo.rename(demo.parent / name)
    alias = demo.parent / "sub"
    alias.mkdir()
    before = folder_state(demo.parent)
    out = alias / ".." / name  # the same file by another name
    refused(capsys, [verb, str(case), str(out), *extra], "is the case file itself")
    assert folder_state(demo.parent) == before


def _cut_off_write(case: Path) -> None:
    """Leave ``case`` as a crash in the middle of a large write leaves it: pages of the
    transaction already in the file, the rollback journal (hot) beside it."""
    script = (
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA cache_size=2')\n"
        "conn.execute('BEGIN IMMEDIATE')\n"
        "conn.execute(\"UPDATE events SET title = title || ' (half-written)'\")\n"
        "conn.execute('CREATE TABLE junk (x)')\n"
        "for _ in range(50):\n"
        "    conn.execute('INSERT INTO junk VALUES (randomblob(30000))')\n"
        "os._exit(0)  # dies without rolling back\n"
    )
    subprocess.run([sys.executable, "-c", script, str(case)], check=True)


def test_a_write_cut_off_by_a_crash_is_rolled_back_on_opening(demo: Path, capsys) -> None:
    original = demo.read_bytes()
    _cut_off_write(demo)
    assert demo.read_bytes() != original and Path(f"{demo}-journal").stat().st_size > 0
    line = refused(capsys, ["history", str(demo)], "unfinished write", "open it for editing")
    assert "damaged" not in line
    assert main(["events", str(demo)]) == 0
    assert "half-written" not in capsys.readouterr().out
    assert demo.read_bytes() == original
    assert sorted(p.name for p in demo.parent.iterdir()) == ["demo.case"]


def _cut_off_kept_journal_write(case: Path, committed: Path) -> None:
    """A crash in the middle of a commit of the program's own connection, whose journal is
    kept between transactions: an edit committed (its journal zeroed and left), then a
    large write whose pages already reached the file when the process died."""
    script = (
        "import os, sys\n"
        "from app.store.engine import Mode\n"
        "from app.store.sqlite.connect import connect_raw\n"
        "conn = connect_raw(sys.argv[1], Mode.OPEN)\n"
        "conn.execute(\"UPDATE case_info SET title = title || ' (kept)' WHERE id = 1\")\n"
        "assert os.path.exists(sys.argv[1] + '-journal')  # kept, zeroed\n"
        "with open(sys.argv[1], 'rb') as fh, open(sys.argv[2], 'wb') as out:\n"
        "    out.write(fh.read())  # the last committed state\n"
        "conn.execute('PRAGMA cache_size=2')\n"
        "conn.execute('BEGIN IMMEDIATE')\n"
        "conn.execute(\"UPDATE events SET title = title || ' (half-written)'\")\n"
        "conn.execute('CREATE TABLE junk (x)')\n"
        "for _ in range(50):\n"
        "    conn.execute('INSERT INTO junk VALUES (randomblob(30000))')\n"
        "os._exit(0)  # dies without rolling back\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    subprocess.run([sys.executable, "-c", script, str(case), str(committed)], check=True, env=env)


def test_a_crash_mid_commit_with_the_kept_journal_is_rolled_back(
    demo: Path, tmp_path_factory: pytest.TempPathFactory, capsys
) -> None:
    committed = tmp_path_factory.mktemp("committed") / "case.bin"
    _cut_off_kept_journal_write(demo, committed)
    original = committed.read_bytes()
    assert demo.read_bytes() != original and Path(f"{demo}-journal").read_bytes()[:1] != b"\0"
    line = refused(capsys, ["history", str(demo)], "unfinished write", "open it for editing")
    assert "damaged" not in line
    assert main(["events", str(demo)]) == 0
    assert "half-written" not in capsys.readouterr().out
    assert demo.read_bytes() == original
    assert sorted(p.name for p in demo.parent.iterdir()) == ["demo.case"]


def test_the_journal_is_kept_while_open_and_removed_on_close(demo: Path) -> None:
    """Edits reuse one zeroed journal (no file created and removed per commit); closing
    leaves the case as one file, and a zeroed journal left by a crash is no hot journal."""
    from app.domain.dates import FuzzyDate
    from app.store.case import Case
    from app.store.sqlite.connect import has_hot_journal

    journal = Path(f"{demo}-journal")
    with Case.open(demo) as case:
        made = case.create_event(title="kept", start=FuzzyDate.parse("2020")).created("event")
        assert journal.exists() and not has_hot_journal(demo)
        inode = journal.stat().st_ino
        case.update_event(made, expected_version=case.event(made).version, title="again")
        assert journal.stat().st_ino == inode  # the same file, not a new one
    assert sorted(p.name for p in demo.parent.iterdir()) == ["demo.case"]
    journal.write_bytes(bytes(4096))  # what a process killed between edits leaves
    assert not has_hot_journal(demo)
    with Case.open(demo, Mode.REVIEW) as case:
        assert case.event(made).title == "again"
    with Case.open(demo) as case:
        assert case.check() == []
    assert sorted(p.name for p in demo.parent.iterdir()) == ["demo.case"]


# -- mutated documents: whatever the damage, a verdict and never a traceback ----------------

_ODD_VALUES = [None, True, 0, -1, 2**64, 1.5, "", "\x00", "\ud800", [], [1], {}, {"a": 1},
               "2020-13-45", "=cmd", "x" * 200]  # fmt: skip


def _mutate(node: object, rng) -> None:  # type: ignore[no-untyped-def]
    for depth in range(6):
        if isinstance(node, dict) and node:
            key = rng.choice(sorted(node))
        elif isinstance(node, list) and node:
            key = rng.randrange(len(node))
        else:
            return
        if rng.random() < 0.3 or depth == 5:
            node[key] = rng.choice(_ODD_VALUES)  # type: ignore[index]
            return
        node = node[key]  # type: ignore[index]


@pytest.mark.parametrize("seed", range(4))
def test_mutated_documents_get_a_verdict(demo: Path, tmp_path: Path, capsys, seed: int) -> None:
    import copy
    import random

    rng = random.Random(seed)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    exported = inputs / "whole.json"
    assert main(["export", str(demo), str(exported)]) == 0
    originals = [
        json.loads(exported.read_text(encoding="utf-8")),
        json.loads((ROOT / "tests" / "data" / "timelinejs.json").read_text(encoding="utf-8")),
    ]
    before = folder_state(demo.parent)
    capsys.readouterr()
    source = inputs / "mutated.json"
    for _ in range(15):
        doc = copy.deepcopy(rng.choice(originals))
        for _ in range(rng.randint(1, 3)):
            _mutate(doc, rng)
        source.write_text(json.dumps(doc), encoding="utf-8", errors="surrogatepass")
        status = main(["import", str(demo), str(source), "--dry-run"])
        err = capsys.readouterr().err
        assert status in (0, 2) and "Traceback" not in err
        if status == 2:
            assert err.startswith(f"casetrail: {source}: ")
    assert folder_state(demo.parent) == before
