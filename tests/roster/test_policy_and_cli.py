"""The `[roster]` policy section loads loudly, and `crossing-guard check` uses the imported roster."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.cli import main
from backend.errors import PolicyError
from backend.policy.loader import parse_policy
from tests.fakedata import delimited, oneroster
from tests.roster.helpers import SECRET, population

DISTRICT = '[district]\nname = "Maple Valley"\ndomains = ["maplevalley.k12.example"]\n'


def test_the_roster_section_has_safe_defaults() -> None:
    roster = parse_policy(DISTRICT).roster
    assert roster.other_family == "warn" and roster.unknown_recipient == "allow" and roster.names_in_text
    assert {"health", "special_education"} <= set(roster.other_family_block)


@pytest.mark.parametrize(("section", "key"), [
    ('other_family_block = ["health", "shoe_size"]', "roster.other_family_block"),
    ('other_family = "sometimes"', "roster.other_family"),
    ("names_in_text = 1", "roster.names_in_text"),
    ("colour = 1", "roster.colour"),
])
def test_a_bad_roster_key_is_named(section: str, key: str) -> None:
    with pytest.raises(PolicyError) as raised:
        parse_policy(DISTRICT + "[roster]\n" + section + "\n")
    assert key in str(raised.value)


def test_check_on_the_command_line_tells_the_wrong_family(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CROSSING_GUARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CROSSING_GUARD_DATABASE_URL", raising=False)
    monkeypatch.setenv("CROSSING_GUARD_ROSTER_KEY", SECRET)
    students = population()[:300]
    assert main(["roster", "import", str(oneroster.write_dir(oneroster.bundle(students), tmp_path / "b"))]) == 0
    maya, other = students[5], students[6]
    report = tmp_path / "report.csv"
    report.write_bytes(delimited.table(("Student_Number", "First_Name", "Last_Name", "Course", "Quarter_Grade"),
                                       [(maya.local_id, maya.first, maya.last, "Algebra I", "B+")]))
    wrong = next(g.email for g in other.guardians if g.email not in {h.email for h in maya.guardians})
    capsys.readouterr()
    assert main(["check", str(report), "--to", wrong]) == 1  # warn
    assert "other_family" in capsys.readouterr().out
    assert main(["check", str(report), "--to", *[g.email for g in maya.guardians]]) == 0
