"""The command line: exit codes per verdict, readable and JSON output, policy validation, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest

from backend.cli import main

CLI = str(Path(sys.executable).parent / "crossing-guard")


def roster(path: Path, students: int, health: bool = True) -> Path:
    lines = ["Student_Number,Last_Name,First_Name,Grade_Level" + (",Allergies,Medication" if health else "")]
    first = ["Ava", "Liam", "Maya", "Noah", "Zoe", "Eli", "Ines", "Omar", "Lena", "Ravi"]
    last = ["Okafor", "Lindqvist", "Moreau", "Haddad", "Tanaka", "Novak", "Brennan", "Castillo", "Duarte", "Keane"]
    for i in range(students):
        row = f"{204100 + i},{last[i % 10]}{i // 10},{first[(i * 3) % 10]},{i % 12 + 1}"
        lines.append(row + (",Peanuts,EpiPen" if health else ""))
    path.write_text("\n".join(lines) + "\n")
    return path


def test_block_exit_code_and_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = roster(tmp_path / "nurse list.csv", 120)
    code = main(["check", str(file), "--bcc"] + [f"p{i}@gmail.com" for i in range(30)])
    out = capsys.readouterr().out
    assert code == 2
    assert out.startswith("BLOCK")
    assert "120 students' medical information" in out


def test_allow_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--body", "The field trip is on Friday.", "--bcc", "a@gmail.com"])
    assert code == 0
    assert capsys.readouterr().out.startswith("ALLOW")


def test_warn_exit_code_for_a_list(capsys: pytest.CaptureFixture[str]) -> None:
    # The command line is an automation: a whole-school list blocks.
    code = main(["check", "--body", "Reminder", "--list", "AllStudents@maplevalley.k12.example"])
    assert code == 2
    assert "protected_list" in capsys.readouterr().out


def test_json_output_matches_the_api(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = roster(tmp_path / "r.csv", 30, health=False)
    main(["check", str(file), "--to", "coteacher@maplevalley.k12.example", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "allow"
    assert data["exposure"]["people"] == 30


def test_eml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    msg = EmailMessage()
    msg["From"] = "Kiran Patel <kpatel@maplevalley.k12.example>"
    msg["To"] = "kiran.patel1987@gmail.com"
    msg["Subject"] = "files"
    msg.set_content("see attached")
    msg.add_attachment(roster(tmp_path / "x.csv", 40).read_bytes(), maintype="text", subtype="csv",
                       filename="x.csv")
    eml = tmp_path / "m.eml"
    eml.write_bytes(msg.as_bytes())
    assert main(["check", "--eml", str(eml), "--json"]) == 2
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "personal_account" in codes


def test_missing_file_exits_65(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "/nonexistent/roster.xlsx"])
    assert info.value.code == 65
    assert "roster.xlsx" in capsys.readouterr().err


def test_usage_error_exits_64() -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "--nope"])
    assert info.value.code == 64


def test_policy_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.toml"
    good.write_text('[district]\nname = "T"\ndomains = ["t.k12.example"]\n')
    assert main(["policy", "validate", str(good)]) == 0
    bad = tmp_path / "bad.toml"
    bad.write_text('[district]\nname = "T"\ndomains = ["t.k12.example"]\n[audience]\nlarge = -3\n')
    with pytest.raises(SystemExit) as info:
        main(["policy", "validate", str(bad)])
    assert info.value.code == 65
    err = capsys.readouterr().err
    assert "bad.toml" in err and "audience.large" in err and "whole number" in err


def test_serve_with_bad_policy_exits_naming_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "district.toml"
    bad.write_text('[district]\nname = "T"\ndomains = ["t.k12.example"]\n[unreadable]\naction_person = "shrug"\n')
    result = subprocess.run([CLI, "serve", "--policy", str(bad), "--port", "0"], capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 65
    assert "district.toml" in result.stderr and "unreadable.action_person" in result.stderr


def test_manifests_writes_outlook_and_gmail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = str(entra_policy_file(tmp_path))
    out = tmp_path / "out"
    assert main(["manifests", "--base-url", "https://guard.district.example", "--policy", policy,
                 "--out", str(out)]) == 0
    written = {Path(line).relative_to(out).as_posix() for line in capsys.readouterr().out.split()}
    assert {"outlook/manifest.xml", "outlook/manifest.json", "gmail/deployment.json"} <= written
    with pytest.raises(SystemExit) as info:
        main(["manifests", "--base-url", "http://guard.district.example", "--policy", policy, "--out", str(out)])
    assert info.value.code == 64


def test_manifests_refuses_an_outlook_manifest_without_the_entra_client_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["manifests", "--base-url", "https://guard.district.example", "--out", str(tmp_path)])
    assert info.value.code == 65
    assert "outlook.client_id" in capsys.readouterr().err
    assert not (tmp_path / "outlook" / "manifest.xml").exists()


def entra_policy_file(folder: Path) -> Path:
    """The demo district with its Entra app registration: what `manifests` needs for Outlook."""
    from importlib import resources

    demo = resources.files("backend.policy").joinpath("demo.toml").read_text("utf-8")
    path = folder / "district.toml"
    path.write_text(demo + '\n[outlook]\nclient_id = "5e6f7a8b-1111-4222-8333-444455556666"\n'
                    'tenant_ids = ["7d3c2b1a-0000-4000-8000-00000000d157"]\n', "utf-8")
    return path
