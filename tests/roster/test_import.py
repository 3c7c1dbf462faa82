"""`crossing-guard roster import` and `status` on generated OneRoster bundles and an SIS export, on
SQLite and PostgreSQL: counts, refresh, corrupt bundles refused with row numbers, nothing changed."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from backend.cli import main
from backend.roster.hashing import canonical_id
from backend.roster.source import RosterSource
from backend.roster.store import count_rows, load, status
from backend.store import Store
from tests.fakedata import oneroster
from tests.fakedata.students import generate
from tests.roster.helpers import KEY, SECRET, population


@pytest.fixture
def env(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("CROSSING_GUARD_DATABASE_URL", store.url.render_as_string(hide_password=False))
    monkeypatch.setenv("CROSSING_GUARD_ROSTER_KEY", SECRET)
    return store


def _import(path: Path, *extra: str) -> int:
    return main(["roster", "import", str(path), *extra])


def test_import_a_bundle_and_show_its_status(env: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    students = population()
    guardians = len(oneroster.guardian_ids(students))
    assert len(students) >= 2000 and guardians >= 3000
    assert _import(oneroster.write_dir(oneroster.bundle(students), tmp_path / "b")) == 0
    out = capsys.readouterr().out
    assert f"{len(students):,} students, {guardians:,} guardians" in out
    assert "users.csv" in out and "enrollments.csv" in out
    assert main(["roster", "status"]) == 0
    assert f"{len(students):,} students" in capsys.readouterr().out
    index = load(env, KEY)
    assert index is not None and index.students == len(students)
    maya = students[7]
    by_id = index.by_digest[KEY.hashed("id", maya.state_id.lstrip("0"))]
    assert by_id == index.by_digest[KEY.hashed("id", maya.local_id)]
    (number,) = by_id
    assert index.guardians_of[number] == {KEY.hashed("email", g.email) for g in maya.guardians}
    assert KEY.hashed("email", oneroster.student_email(maya)) in index.student_emails
    assert KEY.hashed("email", "teacher3@" + oneroster.STAFF_DOMAIN) in index.staff


def test_a_12_zip_bundle_reads_roles_from_roles_csv(env: Store, tmp_path: Path) -> None:
    students = population()[:300]
    assert _import(oneroster.write_zip(oneroster.bundle(students, version="1.2"), tmp_path / "r.zip")) == 0
    s = status(env)
    assert s is not None and s.students == 300 and s.staff == oneroster.TEACHERS
    assert s.guardians == len(oneroster.guardian_ids(students))


def test_refresh_replaces_the_roster_and_the_service_picks_it_up(env: Store, tmp_path: Path) -> None:
    first = population()[:1000]
    assert _import(oneroster.write_dir(oneroster.bundle(first), tmp_path / "a")) == 0
    source = RosterSource(env, KEY, refresh_seconds=0.0)
    before = source.current()
    assert before is not None and before.students == 1000
    newcomers = generate(50, seed=99)
    second = [*first[100:], *newcomers]
    assert _import(oneroster.write_dir(oneroster.bundle(second), tmp_path / "b")) == 0
    assert source.current() is before  # the old roster serves while the new one loads
    source.wait()
    after = source.current()
    assert after is not None and after.generation > before.generation and after.students == 950
    assert KEY.hashed("id", first[0].local_id) not in after.by_digest  # left the district
    assert KEY.hashed("id", newcomers[0].local_id) in after.by_digest
    s = status(env)
    assert s is not None and s.generation == after.generation
    rows = count_rows(env)
    assert rows == 1 + sum(len(v) for v in after.by_digest.values()) + len(after.student_emails) \
        + len(after.staff) + sum(len(g) for g in after.guardians_of.values())  # the old generation is gone


def _drop_users(files: dict[str, bytes]) -> None:
    del files["users.csv"]


def _header_without_given_name(files: dict[str, bytes]) -> None:
    files["users.csv"] = files["users.csv"].replace(b"givenName", b"firstName", 1)


def _short_row(files: dict[str, bytes]) -> None:
    lines = files["users.csv"].split(b"\r\n")
    lines[56] = b",".join(lines[56].split(b",")[:2] + [b"x"] * 13)  # row 57: three fields short
    files["users.csv"] = b"\r\n".join(lines)


def _not_utf8(files: dict[str, bytes]) -> None:
    files["users.csv"] = files["users.csv"].replace(b"active", "activ\u00e9".encode("latin-1"), 1)


def _broken_enrollment(files: dict[str, bytes]) -> None:
    lines = files["enrollments.csv"].split(b"\r\n")
    lines[9] = lines[9] + b",extra"  # row 10
    files["enrollments.csv"] = b"\r\n".join(lines)


CORRUPT: list[tuple[str, Callable[[dict[str, bytes]], None], str]] = [
    ("missing users.csv", _drop_users, "users.csv: is missing from the bundle"),
    ("bad header", _header_without_given_name, "users.csv row 1: the header has no givenName column"),
    ("short row", _short_row, "users.csv row 57: has 15 fields, the header 18"),
    ("not UTF-8", _not_utf8, "users.csv: is not UTF-8 text"),
    ("broken enrollment", _broken_enrollment, "enrollments.csv row 10: has 6 fields, the header 5"),
]


@pytest.mark.parametrize(("case", "corrupt", "said"), CORRUPT, ids=[c[0] for c in CORRUPT])
def test_a_corrupt_bundle_is_refused_with_row_numbers_and_nothing_changes(
    env: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str,
    corrupt: Callable[[dict[str, bytes]], None], said: str,
) -> None:
    students = population()[:200]
    assert _import(oneroster.write_dir(oneroster.bundle(students), tmp_path / "good")) == 0
    before, rows = status(env), count_rows(env)
    files = oneroster.bundle(population()[200:400])
    corrupt(files)
    capsys.readouterr()
    assert _import(oneroster.write_dir(files, tmp_path / "bad")) == 65
    err = capsys.readouterr().err
    assert said in err and "unchanged" in err
    assert status(env) == before and count_rows(env) == rows
    for s in population()[200:400]:  # refusals name rows, never values
        assert s.last not in err and s.local_id not in err and s.guardians[0].email not in err


def test_a_zip_that_is_not_a_zip_is_refused(env: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "roster.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    assert _import(bad) == 65
    assert "roster.zip: is not a readable zip file" in capsys.readouterr().err
    assert status(env) is None


def test_rows_that_cannot_be_used_are_skipped_and_reported(
    env: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    students = list(population()[:100])
    students[4] = dataclasses.replace(students[4], first="")
    files = oneroster.bundle(students)
    assert _import(oneroster.write_dir(files, tmp_path / "b")) == 0
    captured = capsys.readouterr()
    assert "users.csv row 6: is a student without a given and family name" in captured.err
    assert "99 students" in captured.out


def test_without_the_key_nothing_is_imported(
    env: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CROSSING_GUARD_ROSTER_KEY")
    assert _import(oneroster.write_dir(oneroster.bundle(population()[:20]), tmp_path / "b")) == 64
    assert "CROSSING_GUARD_ROSTER_KEY is not set" in capsys.readouterr().err
    assert status(env) is None


SIS_MAPPING = """
[columns]
student_id = ["Student_Number", "State_StudentNumber"]
last_first = "LastFirst"
guardian_emails = ["Mother_Email", "Father_Email"]
[file]
delimiter = "\\t"
"""


def test_an_sis_export_through_a_column_mapping(env: Store, tmp_path: Path) -> None:
    students = population()[:500]
    lines = ["Student_Number\tState_StudentNumber\tLastFirst\tGrade_Level\tMother_Email\tFather_Email"]
    for s in students:
        emails = [g.email for g in s.guardians] + [""]
        lines.append(f"{s.local_id}\t{s.state_id}\t{s.last}, {s.first} {s.middle}\t{s.grade}\t{emails[0]}\t{emails[1]}")
    export = tmp_path / "students.txt"
    export.write_text("\n".join(lines) + "\n")
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(SIS_MAPPING)
    assert _import(export, "--mapping", str(mapping)) == 0
    index = load(env, KEY)
    assert index is not None and index.students == 500
    s = students[3]
    (number,) = index.by_digest[KEY.hashed("id", canonical_id(s.state_id))]
    assert index.by_digest[KEY.hashed("name", f"{s.first} {s.last}")] == (number,)
    assert index.guardians_of[number] == {KEY.hashed("email", g.email) for g in s.guardians}


@pytest.mark.parametrize(("mapping", "said"), [
    ("[columns]\nlast_first = 'LastFirst'\n", "columns.student_id is required"),
    ("[columns]\nstudent_id = 'ID'\n", "columns needs first_name and last_name, or last_first"),
    ("[columns]\nstudent_id = 'ID'\nlast_first = 'LF'\nnickname = 'N'\n", "columns.nickname is not a known key"),
])
def test_a_bad_mapping_names_the_key(
    env: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], mapping: str, said: str
) -> None:
    (tmp_path / "m.toml").write_text(mapping)
    (tmp_path / "e.csv").write_text("ID,LF\n1,\"Chen, Maya\"\n")
    assert _import(tmp_path / "e.csv", "--mapping", str(tmp_path / "m.toml")) == 65
    assert said in capsys.readouterr().err
