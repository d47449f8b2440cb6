"""Every verb that writes an output: privileged notes only with --include-privileged (and
then PRIVILEGED on every page), pseudonyms with --pseudonyms (and the output refused, with
exit status 2 and nothing written, when a real name remains)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.interchange.output_policy import PRIVILEGED
from app.store.case import Case
from app.store.stories import stories_of

NOTE = "Ask counsel about the plea timing"


@pytest.fixture
def marked(demo_case_path: Path) -> Path:
    with Case.open(demo_case_path) as case:
        case.update_entity(3, pseudonym="Witness A")
        for event in case.events():
            case.update_event(event.id, expected_version=event.version, privileged_note=NOTE)
    return demo_case_path


def _pdf_pages(path: Path) -> list[str]:
    from app.ui.pdf_text import pdf_pages_text

    return pdf_pages_text(path)


@pytest.mark.parametrize("name", ["x.csv", "x.json", "x.html"])
def test_export_leaves_notes_out_unless_asked(marked: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    assert main(["export", str(marked), str(out)]) == 0
    assert NOTE not in out.read_text(encoding="utf-8-sig")
    assert main(["export", str(marked), str(out), "--include-privileged"]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert NOTE in text and PRIVILEGED in text
    first_line = text.splitlines()[0]
    if name == "x.csv":  # the header says it
        assert PRIVILEGED in first_line


def test_the_pdf_report_says_privileged_on_every_page(marked: Path, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.pdf"
    assert main(["export", str(marked), str(out)]) == 0
    assert not any(PRIVILEGED in page or NOTE in page for page in _pdf_pages(out))
    assert main(["export", str(marked), str(out), "--include-privileged"]) == 0
    pages = _pdf_pages(out)
    assert len(pages) > 1
    assert all(page.count(PRIVILEGED) >= 2 for page in pages)  # the header and the footer
    assert any(NOTE in page for page in pages)


def test_a_pseudonymised_pdf_is_read_back(
    marked: Path, tmp_path: Path, qapp, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.pdf"
    assert main(["export", str(marked), str(out), "--pseudonyms"]) == 0
    text = "\n".join(_pdf_pages(out))
    assert "Witness A" in text and "carl ferrer" not in text.casefold()
    with Case.open(marked) as case:
        case.update_entity(3, pseudonym="Carl Ferrer, a witness")
    out.unlink()
    assert main(["export", str(marked), str(out), "--pseudonyms"]) == 2
    err = capsys.readouterr().err
    assert "real name 'Carl Ferrer'" in err and "page " in err
    assert not out.exists() and not list(tmp_path.glob(".*.part"))


def test_publish(marked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "page.html"
    assert main(["publish", str(marked), str(out)]) == 0
    assert NOTE not in out.read_text(encoding="utf-8")
    assert main(["publish", str(marked), str(out), "--include-privileged", "--pseudonyms"]) == 0
    page = out.read_text(encoding="utf-8")
    assert NOTE in page and PRIVILEGED in page and "carl ferrer" not in page.casefold()
    with Case.open(marked) as case:
        case.update_entity(3, pseudonym="Carl Ferrer (W)")
    assert main(["publish", str(marked), str(tmp_path / "new.html"), "--pseudonyms"]) == 2
    assert "real name 'Carl Ferrer'" in capsys.readouterr().err
    assert not (tmp_path / "new.html").exists()


def test_a_saved_views_setting_applies_pseudonyms(marked: Path, tmp_path: Path) -> None:
    from app.domain.records import EventFilter

    with Case.open(marked) as case:
        case.save_view(name="Anonymous", flt=EventFilter(), pseudonyms=True)
    out = tmp_path / "page.html"
    assert main(["publish", str(marked), str(out), "--view", "anonymous"]) == 0
    assert "carl ferrer" not in out.read_text(encoding="utf-8").casefold()


def test_exhibits(marked: Path, tmp_path: Path, qapp, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    with Case.open(marked) as case:
        event = case.events()[0]
        case.update_citation(event.citations[0].id, privileged_note="Cite note")
    out = tmp_path / "pack.pdf"
    assert main(["exhibits", str(marked), str(out)]) == 0
    plain = _pdf_pages(out)
    assert not any(PRIVILEGED in p or "Cite note" in p for p in plain)
    assert main(["exhibits", str(marked), str(out), "--include-privileged"]) == 0
    pages = _pdf_pages(out)
    assert len(pages) == len(plain) and all(PRIVILEGED in p for p in pages)
    assert "Cite note" in pages[0]
    # the demo's stored documents name Carl Ferrer: an original is never altered, so the
    # pseudonymised pack is refused and nothing is written
    fresh = tmp_path / "anon.pdf"
    assert main(["exhibits", str(marked), str(fresh), "--pseudonyms"]) == 2
    err = capsys.readouterr().err
    assert "real name 'Carl Ferrer'" in err and str(fresh) in err
    assert not fresh.exists() and not (tmp_path / "anon files").exists()


def test_present_takes_the_options(marked: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def run_present(path, view, story=None, **options):  # type: ignore[no-untyped-def]
        seen.update(options, path=path, story=story)
        return 0

    monkeypatch.setattr("app.ui.present.launch.run_present", run_present)
    monkeypatch.setattr("app.cli.qt_libraries.problem", lambda: None)
    with Case.open(marked) as case:
        stories_of(case).create(name="S")
    args = ["--present", str(marked), "--story", "S", "--include-privileged", "--pseudonyms"]
    assert main(args) == 0
    assert seen["include_privileged"] is True and seen["pseudonyms"] is True
    assert main([str(marked), "--pseudonyms"]) == 2  # only with --present


def test_history_withholds_the_notes_unless_asked(
    marked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["history", str(marked)]) == 0
    out = capsys.readouterr().out
    assert NOTE not in out and "(privileged note withheld)" in out
    assert main(["history", str(marked), "--json"]) == 0
    assert NOTE not in capsys.readouterr().out
    assert main(["history", str(marked), "--include-privileged"]) == 0
    assert NOTE in capsys.readouterr().out
