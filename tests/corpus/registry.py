"""What a corpus case is, and the registry the case modules fill.

A case function builds the request and says what the service must answer. Expected values follow the
design and the demo policy's defaults:

- health, special_education, lunch, discipline, demographics: warn at 1 student, block at 2;
- address, transport, student_id, birth_date, contact, grades, fees: warn at 2, block at 10;
- names alone never count; district staff may receive anything; the bus contractor may receive
  names, addresses, bus data, contacts and student IDs;
- one student's record to at most 4 outside recipients is that student's family: allowed;
- a protected list (AllStudents...) warns a person and blocks an automation (client.app "api");
- 15 or more outside addresses visible in To/Cc warn and suggest Bcc;
- an attachment that cannot be read warns a person and blocks an automation.

`people` is `exposure.people`, the distinct students whose records the message carries: an exact
number where the content fixes it, a (low, high) range where it is prose a reader may or may not
attribute to a student, None where the content is not in the message (a link not looked up).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

from tests.fakedata.students import Student

Verdict = Literal["allow", "warn", "block"]
RANK: dict[str, int] = {"allow": 0, "warn": 1, "block": 2}


@dataclass(frozen=True)
class Case:
    description: str
    request: dict[str, Any]
    verdict: Verdict
    people: int | tuple[int, int] | None
    at_least: bool = False  # the verdict may be stricter than `verdict`
    codes: tuple[str, ...] = ()  # finding codes that must be present
    private: frozenset[str] = frozenset()  # names and IDs that must never appear in the answer
    id: str = ""

    def verdict_ok(self, got: str) -> bool:
        if self.at_least:
            return RANK.get(got, -1) >= RANK[self.verdict]
        return got == self.verdict

    def people_ok(self, got: int) -> bool:
        if self.people is None:
            return True
        if isinstance(self.people, tuple):
            return self.people[0] <= got <= self.people[1]
        return got == self.people


CaseFunction = Callable[[], Case]
CASES: dict[str, CaseFunction] = {}


def case(fn: CaseFunction) -> CaseFunction:
    """Register a case under its function's name."""
    if fn.__name__ in CASES:
        raise ValueError(f"two cases named {fn.__name__}")

    def build() -> Case:
        return replace(fn(), id=fn.__name__)

    build.__name__ = fn.__name__
    build.__doc__ = fn.__doc__
    CASES[fn.__name__] = build
    return build


def private(students: Iterable[Student]) -> frozenset[str]:
    return frozenset(x for s in students for x in s.identifiers())
