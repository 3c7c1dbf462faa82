"""The roster as detectors see it for one check: whose records the evidence names, whose each
recipient is. Pure and in memory: built by the engine from the active `RosterIndex` and the matched
hashes content analysis returned, and handed to detectors in `Context.roster`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from backend.audience import Audience, Seat
from backend.detectors.base import Evidence
from backend.detectors.content.keys import person_key
from backend.roster.hashing import canonical_email
from backend.roster.index import RosterIndex

Role = Literal["staff", "student", "guardian", "unknown"]


@dataclass
class RosterView:
    index: RosterIndex
    _emails: dict[str, bytes] = field(default_factory=dict)
    _students: dict[frozenset[bytes], frozenset[int]] = field(default_factory=dict)

    def _digest(self, email: str) -> bytes:
        d = self._emails.get(email)
        if d is None:
            d = self._emails[email] = self.index.key.digest("email", canonical_email(email))
        return d

    def students_in(self, ev: Evidence) -> frozenset[int]:
        hits = ev.roster_hits
        found = self._students.get(hits)
        if found is None:
            found = self._students[hits] = self.index.students_of(hits)
        return found

    def children(self, email: str) -> frozenset[int]:
        return self.index.children_of.get(self._digest(email), frozenset())

    def own(self, email: str) -> frozenset[int]:
        """The students whose records this address may receive: its children, or itself."""
        d = self._digest(email)
        itself = self.index.student_emails.get(d)
        mine = self.index.children_of.get(d, frozenset())
        return mine | {itself} if itself is not None else mine

    def role(self, email: str) -> Role:
        d = self._digest(email)
        if d in self.index.staff:
            return "staff"
        if d in self.index.student_emails:
            return "student"
        if d in self.index.children_of:
            return "guardian"
        return "unknown"

    def people(self, audience: Audience) -> tuple[Seat, ...]:
        """Single addresses outside the staff: the ones a record's family question is about."""
        return tuple(s for s in audience.seats if s.cls != "internal" and not s.is_list
                     and self.role(s.recipient.email) != "staff")

    def family_params(self, ev: Evidence, audience: Audience) -> dict[str, str | int]:
        """What the roster adds to a record finding's words: one student's record known to go to
        their own family, or how many of the students are other families' children."""
        students = self.students_in(ev)
        seats = self.people(audience)
        if not students or not seats:
            return {}
        entitled: set[int] = set()
        for s in seats:
            entitled |= self.own(s.recipient.email)
        if ev.people == 1 and len(students) == 1:
            return {"family": "on_roster"} if all(students <= self.own(s.recipient.email) for s in seats) else {}
        return {"other_children": ev.people - len(students & entitled)}


def augment(evidence: Iterable[Evidence], view: RosterView) -> tuple[Evidence, ...]:
    """Evidence that names more roster students than its headings showed counts them: a paragraph or
    a PDF naming three students of the roster is about three students, with their names."""
    out = []
    for ev in evidence:
        students = view.students_in(ev) if ev.roster_hits else frozenset()
        if len(students) > ev.people and ev.subjects != "staff":
            ev = replace(
                ev,
                people=len(students),
                person_keys=frozenset(person_key(f"roster:{s}") for s in students),
                key_aliases=frozenset(),
                subjects="students",
                data=ev.data | {"names"},
                reasons=(*ev.reasons, f"{len(students)} students found through the roster"),
            )
        out.append(ev)
    return tuple(out)
