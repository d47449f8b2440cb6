"""Sealed hand-overs: ``seal``, ``verify`` and ``key``, run in-process as a user would."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from app.cli import main
from app.interchange.sealing import key_path, seal_path


@pytest.fixture(autouse=True)
def _private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


@pytest.fixture
def sealed(demo_case_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["seal", str(demo_case_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"sealed {demo_case_path} with key ")
    return demo_case_path


def verify(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["verify", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_round_trip_and_the_key_made_private(
    sealed: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert stat.S_IMODE(key_path().stat().st_mode) == 0o600
    assert str(key_path()).startswith(str(tmp_path / "config"))
    seal = json.loads(seal_path(sealed).read_text())
    assert {"audit_head", "data_fingerprint", "signature", "public_key"} <= set(seal)
    code, out, err = verify(sealed, capsys)
    assert code == 0, err
    assert out.strip().endswith("; unchanged since")
    assert f"sealed by {seal['key_id'][:8]} at " in out
    # the seal is also in the case (and its history): verify works without the file
    seal_path(sealed).unlink()
    assert verify(sealed, capsys)[0] == 0
    assert main(["history", str(sealed)]) == 0
    assert " seal " in capsys.readouterr().out


def test_exported_key_is_accepted_and_another_key_refused(
    sealed: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert main(["key", "--export"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("casetrail-ed25519 ")
    (tmp_path / "mine.pub").write_text(line + "\n")
    assert verify(sealed, capsys, "--key", str(tmp_path / "mine.pub"))[0] == 0
    assert verify(sealed, capsys, "--key", line)[0] == 0
    from cryptography.hazmat.primitives import serialization

    private = serialization.load_pem_private_key(key_path().read_bytes(), password=None)
    pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (tmp_path / "mine.pem").write_bytes(pem)
    assert verify(sealed, capsys, "--key", str(tmp_path / "mine.pem"))[0] == 0
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "someone-else"))
    assert main(["key", "--export"]) == 0
    other = capsys.readouterr().out.strip()
    code, out, err = verify(sealed, capsys, "--key", other)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "not by the key given" in err


def test_a_changed_field_is_named(sealed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(sealed) as conn:
        conn.execute("UPDATE events SET key_fact = 1 - key_fact WHERE id = 3")
    conn.close()
    code, out, _err = verify(sealed, capsys)
    assert code == 1
    assert "; changed since" in out
    assert "events row 3: field `key_fact` changed behind the program's back" in out


def test_a_flipped_byte_in_a_stored_file_is_found(
    sealed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(sealed) as conn:
        sha, data = conn.execute(
            "SELECT sha256, data FROM source_files WHERE data IS NOT NULL"
        ).fetchone()
        flipped = data[:10] + bytes([data[10] ^ 1]) + data[11:]
        conn.execute("UPDATE source_files SET data = ? WHERE sha256 = ?", (flipped, sha))
    conn.close()
    code, out, _err = verify(sealed, capsys)
    assert code == 1
    assert "field `data` changed behind the program's back" in out


def test_recorded_changes_since_the_seal_are_summarised(
    sealed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.store.case import Case

    with Case.open(sealed) as case:
        case.update_event(2, expected_version=case.event(2).version, title="Edited")
    code, out, _err = verify(sealed, capsys)
    assert code == 1
    assert "1 recorded change(s) since the seal:" in out and "Edited" in out


def test_a_rewritten_seal_or_garbled_file_is_one_clear_line(
    sealed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = seal_path(sealed)
    seal = json.loads(path.read_text())
    for text, says in (
        (json.dumps({**seal, "audit_count": seal["audit_count"] + 1}), "signature is not valid"),
        (json.dumps({**seal, "signature": "AAAA"}), "cannot be read"),
        ("{not json", "not JSON"),
        ("[]", "is not a Casetrail seal"),
        ("", "not JSON"),
        (json.dumps({**seal, "audit_head": 5}), "`audit_head` is missing or wrong"),
    ):
        path.write_text(text)
        code, out, err = verify(sealed, capsys)
        assert code == 2 and out == "", text
        assert err.count("\n") == 1 and says in err and "Traceback" not in err, err


def test_an_unsealed_case_and_a_bad_key_argument(
    demo_case_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = verify(demo_case_path, capsys)
    assert code == 2 and "is not sealed" in err
    code, _out, err = verify(demo_case_path, capsys, "--key", "casetrail-ed25519 AAAA")
    assert code == 2 and err.startswith("casetrail: --key: not a Casetrail public key")


def test_a_case_with_problems_is_not_sealed(
    demo_case_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(demo_case_path) as conn:
        conn.execute("UPDATE events SET title = 'x' WHERE id = 2")
    conn.close()
    assert main(["seal", str(demo_case_path)]) == 2
    err = capsys.readouterr().err
    assert "cannot be sealed" in err and "events row 2" in err
    assert not seal_path(demo_case_path).exists()


def test_a_key_readable_by_others_is_refused(
    sealed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_path().chmod(0o644)
    assert main(["seal", str(sealed)]) == 2
    assert "can be read by other users" in capsys.readouterr().err


def test_one_byte_changed_in_the_file_itself_is_named(
    sealed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(sealed) as conn:
        title = conn.execute("SELECT title FROM events WHERE id = 1").fetchone()[0]
    conn.close()
    data = bytearray(sealed.read_bytes())
    at = data.find(title.encode())
    assert at > 0
    while at >= 0:  # the row's copy, and any in the history or the search index
        data[at] ^= 0x20  # the title's first letter changes case; SQLite keeps no checksums
        at = data.find(title.encode(), at + 1)
    sealed.write_bytes(bytes(data))
    code, out, _err = verify(sealed, capsys)
    assert code == 1
    assert "- events row 1" in out and "changed behind the program's back" in out


def test_verify_names_an_audit_row_whose_text_is_not_utf8(
    sealed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hand edit after the seal that leaves text SQLite cannot give as UTF-8 in the audit
    log: verify gives its verdict (it used to stop with the driver's error)."""
    from app.store.case import Case

    with Case.open(sealed) as case:
        case.create_event(title="after the seal")
    db = sqlite3.connect(sealed)
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute(
        "UPDATE audit_log SET actor = CAST(x'41ff42' AS TEXT) "
        "WHERE id = (SELECT max(id) FROM audit_log)"
    )
    db.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )
    db.commit()
    db.close()
    code, out, err = verify(sealed, capsys)
    assert code != 0 and "Traceback" not in err
    assert "actor not text (UTF-8)" in out + err
