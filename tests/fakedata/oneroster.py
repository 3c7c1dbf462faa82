"""OneRoster 1.1 / 1.2 CSV bundles of a seeded student population, as districts export them.

`bundle(students)` gives the files by name: users.csv (students, their guardians, a few teachers),
demographics.csv, enrollments.csv, classes.csv, orgs.csv, and for 1.2 a roles.csv instead of the
users.csv role column. Guardians sharing an address (siblings' parents) are one user linked to each
child; students and guardians link to each other both ways through `agentSourcedIds`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from tests.fakedata.students import Student

USERS_11 = ("sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role", "username",
            "userIds", "givenName", "familyName", "middleName", "identifier", "email", "sms", "phone",
            "agentSourcedIds", "grades", "password")
USERS_12 = ("sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName",
            "familyName", "middleName", "preferredFirstName", "preferredMiddleName", "preferredLastName",
            "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password", "primaryOrg")
STAFF_DOMAIN = "maplevalley.k12.example"
STUDENT_DOMAIN = "students.maplevalley.k12.example"
TEACHERS = 12


def _csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def student_id(s: Student) -> str:
    return f"stu-{s.local_id}"


def student_email(s: Student) -> str:
    return f"{s.first.lower()}.{s.last.lower().replace('-', '')}{s.local_id[-3:]}@{STUDENT_DOMAIN}"


def guardian_ids(students: Sequence[Student]) -> dict[str, str]:
    """Guardian address -> sourcedId: one guardian user per address."""
    out: dict[str, str] = {}
    for s in students:
        for g in s.guardians:
            out.setdefault(g.email, f"gdn-{len(out) + 1:06d}")
    return out


def bundle(students: Sequence[Student], *, version: str = "1.1") -> dict[str, bytes]:
    gids = guardian_ids(students)
    children: dict[str, list[str]] = {}
    guardian_rows: dict[str, tuple[str, str, str]] = {}
    for s in students:
        for g in s.guardians:
            children.setdefault(gids[g.email], []).append(student_id(s))
            guardian_rows.setdefault(gids[g.email], (g.first, g.last, g.email))
    users: list[dict[str, str]] = []
    for s in students:
        agents = ",".join(dict.fromkeys(gids[g.email] for g in s.guardians))
        users.append({"sourcedId": student_id(s), "role": "student", "username": student_email(s).split("@")[0],
                      "userIds": f"{{state:{s.state_id}}},{{local:{s.local_id}}}", "givenName": s.first,
                      "familyName": s.last, "middleName": s.middle, "identifier": s.local_id,
                      "email": student_email(s), "agentSourcedIds": agents, "grades": f"{max(s.grade, 0):02d}"})
    for gid, (first, last, email) in guardian_rows.items():
        users.append({"sourcedId": gid, "role": "guardian", "givenName": first, "familyName": last,
                      "email": email, "agentSourcedIds": ",".join(children[gid])})
    for i in range(TEACHERS):
        users.append({"sourcedId": f"tch-{i:03d}", "role": "teacher", "givenName": f"Teacher{i}",
                      "familyName": "Staff", "email": f"teacher{i}@{STAFF_DOMAIN}"})
    for u in users:
        u.update(status="active", enabledUser="true", orgSourcedIds="org-1", primaryOrg="org-1",
                 dateLastModified="2025-08-01T00:00:00Z")
    header = USERS_11 if version == "1.1" else USERS_12
    files = {"users.csv": _csv(header, [[u.get(h, "") for h in header] for u in users])}
    if version != "1.1":
        files["roles.csv"] = _csv(("sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"),
                                  [(f"r-{i}", u["sourcedId"], "primary", u["role"], "org-1")
                                   for i, u in enumerate(users)])
    files["orgs.csv"] = _csv(("sourcedId", "status", "name", "type", "identifier"),
                             [("org-1", "active", "Maple Valley Schools", "district", "MV")])
    files["classes.csv"] = _csv(("sourcedId", "title", "schoolSourcedId"),
                                [(f"cls-{i}", f"Homeroom {i}", "org-1") for i in range(TEACHERS)])
    files["enrollments.csv"] = _csv(
        ("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
        [(f"enr-{i}", f"cls-{i % TEACHERS}", "org-1", student_id(s), "student") for i, s in enumerate(students)],
    )
    files["demographics.csv"] = _csv(
        ("sourcedId", "birthDate", "sex"),
        [(student_id(s), s.dob.isoformat(), "female" if s.gender == "F" else "male") for s in students],
    )
    files["manifest.csv"] = _csv(("propertyName", "value"), [("manifest.version", "1.0"),
                                                             ("oneroster.version", version)])
    return files


def write_dir(files: dict[str, bytes], path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (path / name).write_bytes(data)
    return path


def write_zip(files: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path
