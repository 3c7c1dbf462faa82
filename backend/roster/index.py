"""The active roster in memory: read-only maps from keyed hashes to students, and back to guardians.

Built from the store's rows (`store.load`) or straight from an import (`hashed`). `Matcher` is the
small part content analysis needs (which hashes are roster students' IDs and names); `RosterIndex`
is the whole, for entitlement: whose guardian an address is, whose own address it is, staff.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from backend.roster.hashing import RosterKey


@dataclass(frozen=True)
class Matcher:
    """What a reader process needs to keep only the candidates that are roster students."""

    key: RosterKey = field(repr=False, compare=False)
    generation: int
    ids: frozenset[bytes]
    names: frozenset[bytes]


@dataclass(frozen=True)
class RosterIndex:
    generation: int
    students: int
    by_digest: dict[bytes, tuple[int, ...]]  # ID or name hash -> students (a name may be two students')
    guardians_of: dict[int, frozenset[bytes]]  # student -> their guardians' address hashes
    children_of: dict[bytes, frozenset[int]]  # guardian address hash -> their students
    student_emails: dict[bytes, int]  # a student's own address hash -> that student
    staff: frozenset[bytes]
    matcher: Matcher

    @classmethod
    def build(cls, key: RosterKey, generation: int, students: int,
              keys: Iterable[tuple[str, bytes, int]], links: Iterable[tuple[int, bytes]]) -> RosterIndex:
        by_digest: dict[bytes, list[int]] = {}
        ids: set[bytes] = set()
        names: set[bytes] = set()
        emails: dict[bytes, int] = {}
        staff: set[bytes] = set()
        for kind, digest, student in keys:
            if kind == "staff":
                staff.add(digest)
            elif kind == "email":
                emails[digest] = student
            else:
                by_digest.setdefault(digest, []).append(student)
                (ids if kind == "id" else names).add(digest)
        guardians: dict[int, set[bytes]] = {}
        children: dict[bytes, set[int]] = {}
        for student, guardian in links:
            guardians.setdefault(student, set()).add(guardian)
            children.setdefault(guardian, set()).add(student)
        return cls(
            generation=generation,
            students=students,
            by_digest={d: tuple(sorted(set(s))) for d, s in by_digest.items()},
            guardians_of={s: frozenset(g) for s, g in guardians.items()},
            children_of={g: frozenset(s) for g, s in children.items()},
            student_emails=emails,
            staff=frozenset(staff),
            matcher=Matcher(key, generation, frozenset(ids), frozenset(names)),
        )

    @property
    def key(self) -> RosterKey:
        return self.matcher.key

    def students_of(self, digests: Iterable[bytes]) -> frozenset[int]:
        """The distinct students these matched hashes name; a name two students share counts once."""
        get = self.by_digest.get
        matched = [s for d in digests if (s := get(d)) is not None]
        found = {s[0] for s in matched if len(s) == 1}
        for students in (s for s in matched if len(s) > 1):
            if not found.intersection(students):
                found.add(students[0])
        return frozenset(found)
