"""A OneRoster 1.1 or 1.2 CSV bundle (a directory or a zip) -> `Roster`.

users.csv holds everyone: students, their guardians (roles guardian, parent, relative) and staff.
`agentSourcedIds` links a student to guardians and a guardian to students; both directions count.
1.2 bundles may give roles in roles.csv instead of a users.csv column. The other files
(demographics, enrollments, classes, orgs) are read and counted so a broken one refuses the bundle,
but hold nothing the roster keeps. `identifier` and `userIds` ("{state:0123},{LDAP:ab12}") carry the
state and local IDs a spreadsheet uses.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path, PurePosixPath
from typing import Final

from backend.roster.records import BrokenFile, Refusal, Roster, StudentRecord, decode, read_rows

STUDENT: Final = "student"
GUARDIAN_ROLES: Final = frozenset({"guardian", "parent", "relative"})
STAFF_ROLES: Final = frozenset({
    "teacher", "administrator", "aide", "proctor", "principal", "counselor", "districtadministrator",
    "siteadministrator", "systemadministrator", "teacherassistant",
})
OTHER_FILES: Final = {
    "demographics.csv": ("sourcedId",),
    "enrollments.csv": ("sourcedId", "classSourcedId", "userSourcedId", "role"),
    "classes.csv": ("sourcedId",),
    "orgs.csv": ("sourcedId",),
}
MEMBER_BYTES: Final = 512 * 1024 * 1024  # a file in a zip larger than this is refused, not read
_USER_ID = re.compile(r"\{([^:{}]*):([^{}]*)\}")


def is_bundle(path: Path) -> bool:
    if path.is_dir():
        return (path / "users.csv").exists() or (path / "manifest.csv").exists()
    return path.suffix.lower() == ".zip"


def _files(path: Path) -> dict[str, bytes]:
    """The bundle's CSV files by lower-case base name."""
    if path.is_dir():
        return {p.name.lower(): p.read_bytes() for p in path.iterdir() if p.suffix.lower() == ".csv"}
    out: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = PurePosixPath(info.filename).name.lower()
                if info.is_dir() or not name.endswith(".csv"):
                    continue
                if info.file_size > MEMBER_BYTES:
                    raise BrokenFile(Refusal(name, 0, "is too large to read"))
                out[name] = archive.read(info)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        raise BrokenFile(Refusal(path.name, 0, "is not a readable zip file")) from None
    return out


def read_bundle(path: Path) -> Roster:
    roster = Roster(source="oneroster")
    try:
        files = _files(path)
        if "users.csv" not in files:
            raise BrokenFile(Refusal("users.csv", 0, "is missing from the bundle"))
        _read_users(files, roster)
        for name, required in OTHER_FILES.items():
            if name in files:
                for _ in read_rows(name, decode(name, files[name]), required, roster):
                    pass
    except BrokenFile as exc:
        roster.broken.append(exc.refusal)
    return roster


def _roles(files: dict[str, bytes], roster: Roster) -> dict[str, str]:
    """OneRoster 1.2: roles.csv, one row per user and role; a student role wins over others."""
    roles: dict[str, str] = {}
    if "roles.csv" not in files:
        raise BrokenFile(Refusal("users.csv", 1, "the header has no role column and there is no roles.csv"))
    for _, row in read_rows("roles.csv", decode("roles.csv", files["roles.csv"]), ("userSourcedId", "role"), roster):
        user, role = row["usersourcedid"], row["role"].lower()
        if roles.get(user) != STUDENT:
            roles[user] = role
    return roles


def _read_users(files: dict[str, bytes], roster: Roster) -> None:
    text = decode("users.csv", files["users.csv"])
    header = [h.strip().lower() for h in next(csv.reader(io.StringIO(text)), [])]
    roles = None if "role" in header else _roles(files, roster)
    agents: list[tuple[int, str, str, list[str]]] = []  # (row, sourcedId, role, agent ids)
    emails: dict[str, str] = {}  # guardian sourcedId -> address
    seen: set[str] = set()
    for number, row in read_rows("users.csv", text, ("sourcedId", "givenName", "familyName"), roster):
        sid = row["sourcedid"]
        role = (row.get("role", "") if roles is None else roles.get(sid, "")).lower()
        if not sid:
            roster.skipped.append(Refusal("users.csv", number, "has no sourcedId"))
            continue
        if sid in seen:
            roster.skipped.append(Refusal("users.csv", number, "repeats a sourcedId of an earlier row"))
            continue
        seen.add(sid)
        email = row.get("email", "")
        links = [a.strip() for a in row.get("agentsourcedids", "").split(",") if a.strip()]
        if role == STUDENT:
            first, last = row["givenname"], row["familyname"]
            if not (first and last):
                roster.skipped.append(Refusal("users.csv", number, "is a student without a given and family name"))
                continue
            student = StudentRecord(sid, ids={sid})
            student.names.add((first, last))
            preferred = row.get("preferredfirstname", "")
            if preferred:
                student.names.add((preferred, row.get("preferredlastname", "") or last))
            for key in ("identifier", "username"):
                if row.get(key):
                    student.ids.add(row[key])
            student.ids.update(v.strip() for _, v in _USER_ID.findall(row.get("userids", "")) if v.strip())
            if email:
                student.emails.add(email)
            roster.students[sid] = student
        elif role in GUARDIAN_ROLES:
            roster.guardians += 1
            if email:
                emails[sid] = email
        elif role in STAFF_ROLES:
            if email:
                roster.staff_emails.add(email)
            continue
        else:
            roster.skipped.append(Refusal("users.csv", number, "has a role OneRoster does not define"))
            continue
        agents.append((number, sid, role, links))
    for number, sid, role, links in agents:
        for other in links:
            if other not in seen:
                roster.skipped.append(Refusal("users.csv", number, "links to a user not in the bundle"))
            elif role == STUDENT and other in emails:
                roster.students[sid].guardian_emails.add(emails[other])
            elif role != STUDENT and other in roster.students and sid in emails:
                roster.students[other].guardian_emails.add(emails[sid])
