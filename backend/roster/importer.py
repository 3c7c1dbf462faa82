"""`crossing-guard roster import PATH`: read a bundle or an export, hash it, make it the active roster.

The plain values read never leave this module's memory: each student becomes a number, and their
IDs, names and addresses become HMACs (`hashing`). What the import reports is counts and refusals
(file, row number, reason), never a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backend.roster.hashing import RosterKey, canonical_email, canonical_id, name_text
from backend.roster.oneroster import is_bundle, read_bundle
from backend.roster.records import Refusal, Roster
from backend.roster.sis import load_mapping, read_export


@dataclass(frozen=True)
class Hashed:
    """A roster as the store keeps it: (kind, digest, student) rows and (student, guardian digest) links."""

    source: str
    students: int
    guardians: int
    staff: int
    keys: list[tuple[str, bytes, int]]
    links: list[tuple[int, bytes]]


@dataclass(frozen=True)
class Outcome:
    roster: Roster
    hashed: Hashed | None  # None when the import was refused

    @property
    def refused(self) -> list[Refusal]:
        return self.roster.broken


def read_source(path: Path, mapping: Path | None) -> Roster:
    """A OneRoster bundle (a directory or a zip), or with a mapping an SIS export."""
    if mapping is not None:
        return read_export(path, load_mapping(mapping))
    if not path.exists():
        roster = Roster(source="oneroster")
        roster.broken.append(Refusal(path.name, 0, "does not exist"))
        return roster
    if not is_bundle(path):
        roster = Roster(source="sis")
        roster.broken.append(Refusal(path.name, 0, "is not a OneRoster bundle; give --mapping for an SIS export"))
        return roster
    return read_bundle(path)


def hash_roster(roster: Roster, key: RosterKey) -> Hashed:
    keys: set[tuple[str, bytes, int]] = set()
    links: set[tuple[int, bytes]] = set()
    for number, student in enumerate(roster.students.values(), start=1):
        for value in student.ids:
            keys.add(("id", key.digest("id", canonical_id(value)), number))
        for first, last in student.names:
            keys.add(("name", key.digest("name", name_text(first, last)), number))
        for email in student.emails:
            keys.add(("email", key.digest("email", canonical_email(email)), number))
        for email in student.guardian_emails:
            links.add((number, key.digest("email", canonical_email(email))))
    for email in roster.staff_emails:
        keys.add(("staff", key.digest("email", canonical_email(email)), 0))
    return Hashed(roster.source, len(roster.students), roster.guardians, len(roster.staff_emails),
                  sorted(keys), sorted(links))


def prepare(path: Path, key: RosterKey, mapping: Path | None = None) -> Outcome:
    """Read and hash; refused (no hashes) when anything is broken or no student was read."""
    roster = read_source(path, mapping)
    if not roster.broken and not roster.students:
        roster.broken.append(Refusal(path.name, 0, "holds no students"))
    if roster.broken:
        return Outcome(roster, None)
    return Outcome(roster, hash_roster(roster, key))
