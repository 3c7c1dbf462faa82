"""A seeded population of fake K-12 students with the records a district really keeps.

`generate(n, seed)` returns the same students for the same arguments, every time. Names are unique
within one population (a hyphenated family name is drawn when a pair is taken), and so are local and
state IDs, so a count of distinct students is exactly `n`.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from tests.fakedata import names

SCHOOL_YEAR_START = dt.date(2024, 9, 1)


@dataclass(frozen=True, slots=True)
class Guardian:
    first: str
    last: str
    relationship: str
    cell: str
    email: str

    @property
    def full_name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True, slots=True)
class Student:
    local_id: str  # zero-padded, seven digits: the school's Student_Number
    state_id: str  # ten digits; some start with 0, which spreadsheets silently drop
    first: str
    middle: str
    last: str
    gender: str
    grade: int  # -1 is pre-kindergarten, 0 kindergarten
    dob: dt.date
    school: str
    school_number: int
    teacher: str
    street: str
    city: str
    zip: str
    home_phone: str
    route: str
    am_stop: str
    am_time: str
    pm_stop: str
    pm_time: str
    guardians: tuple[Guardian, ...]
    allergies: tuple[str, ...]
    medications: tuple[str, ...]
    conditions: tuple[str, ...]
    section_504: bool
    iep: bool
    disability: str
    accommodations: tuple[str, ...]
    lunch: str  # PowerSchool LunchStatus: FDC (free), RDC (reduced), P (paid)
    ell: bool
    fee_balance: float

    @property
    def full_name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def last_first(self) -> str:
        """PowerSchool's LastFirst: "Last, First Middle"."""
        return f"{self.last}, {self.first} {self.middle}".rstrip()

    @property
    def state(self) -> str:
        return names.STATE

    @property
    def grade_code(self) -> str:
        return {-1: "PK", 0: "KG"}.get(self.grade, f"{self.grade:02d}")

    @property
    def fees_paid(self) -> bool:
        return self.fee_balance == 0

    @property
    def med_alert(self) -> str:
        parts = [f"Allergy: {a}" for a in self.allergies] + list(self.conditions)
        if self.medications:
            parts.append("Meds: " + ", ".join(self.medications))
        return "; ".join(parts)

    @property
    def lunch_words(self) -> str:
        return {"FDC": "Free", "RDC": "Reduced", "P": "Paid"}[self.lunch]

    def identifiers(self) -> tuple[str, ...]:
        """What must never come back from the service: names and IDs, in the spellings files use."""
        name = (self.full_name, f"{self.last}, {self.first}")
        return (*name, self.local_id, self.state_id, self.state_id.lstrip("0"))


def _phone(rng: random.Random) -> str:
    return f"({rng.choice((253, 425, 206, 360))}) 555-{rng.randrange(10000):04d}"


def _guardians(rng: random.Random, last: str) -> tuple[Guardian, ...]:
    count = 1 if rng.random() < 0.3 else 2
    out = []
    for i in range(count):
        first = rng.choice(names.FIRST_NAMES)
        glast = last if i == 0 or rng.random() < 0.7 else rng.choice(names.LAST_NAMES)
        relationship = ("Mother", "Father")[i] if rng.random() < 0.85 else rng.choice(names.RELATIONSHIPS)
        number = rng.randrange(10, 99)
        handles = (f"{first}.{glast}", f"{first[0]}{glast}", f"{first}{glast}{number}", f"{glast}.family")
        handle = rng.choice(handles)
        email = f"{handle.lower().replace(' ', '').replace('-', '')}@{rng.choice(names.WEBMAIL)}"
        out.append(Guardian(first, glast, relationship, _phone(rng), email))
    return tuple(out)


def _unique_name(rng: random.Random, taken: set[tuple[str, str]]) -> tuple[str, str]:
    while True:
        first = rng.choice(names.FIRST_NAMES)
        last = rng.choice(names.LAST_NAMES)
        if (first, last) in taken:
            last = f"{last}-{rng.choice(names.LAST_NAMES)}"
        if (first, last) not in taken:
            taken.add((first, last))
            return first, last


def _stop(rng: random.Random) -> str:
    a, b = rng.sample(names.STREET_NAMES, 2)
    return f"{a} {rng.choice(names.STREET_TYPES)} & {b} {rng.choice(names.STREET_TYPES)}"


def generate(n: int, seed: int = 2024, *, grades: tuple[int, ...] | None = None) -> list[Student]:
    """`n` distinct students. `grades` limits them to those grade levels (default: PK to 12)."""
    rng = random.Random(seed)
    taken: set[tuple[str, str]] = set()
    state_ids = rng.sample(range(10**8, 10**10), n)  # some below 10**9, so they need a leading zero
    local = rng.randrange(100_000, 400_000)
    levels = grades or tuple(range(-1, 13))
    schools = {g: [s for s in names.SCHOOLS if s[2] <= g <= s[3]] for g in levels}
    out: list[Student] = []
    for i in range(n):
        local += rng.randrange(1, 4)
        first, last = _unique_name(rng, taken)
        grade = rng.choice(levels)
        school = rng.choice(schools[grade])
        age = grade + 5
        dob = dt.date(SCHOOL_YEAR_START.year - age - 1, 9, 1) + dt.timedelta(days=rng.randrange(365))
        town, zip_code = rng.choice(names.TOWNS)
        route = rng.randrange(1, names.ROUTES + 1)
        am = rng.randrange(6 * 60 + 35, 8 * 60 + 10)
        pm = rng.randrange(14 * 60 + 45, 16 * 60 + 5)
        allergies: tuple[str, ...] = ()
        medications: tuple[str, ...] = ()
        conditions: tuple[str, ...] = ()
        health = rng.random()
        if health < 0.22:
            allergies = tuple(rng.sample(names.ALLERGIES, 1 if rng.random() < 0.8 else 2))
            if "Peanuts" in allergies or "Tree nuts" in allergies or "Bee stings" in allergies:
                medications = ("EpiPen 0.3 mg",)
        if health > 0.85:
            conditions = (rng.choice(names.CONDITIONS),)
            if rng.random() < 0.6:
                medications = (*medications, rng.choice(names.MEDICATIONS))
        section_504 = rng.random() < 0.07
        iep = not section_504 and rng.random() < 0.12
        disability = rng.choice(names.DISABILITIES) if section_504 or iep else ""
        accommodations = tuple(rng.sample(names.ACCOMMODATIONS, rng.randrange(1, 4))) if disability else ()
        lunch = rng.choices(("FDC", "RDC", "P"), weights=(32, 9, 59))[0]
        fee_balance = 0.0 if rng.random() < 0.7 else float(rng.choice((15, 25, 40, 45, 60, 85, 120)))
        out.append(
            Student(
                local_id=f"{local:07d}",
                state_id=f"{state_ids[i]:010d}",
                first=first,
                middle=rng.choice(names.MIDDLE_NAMES),
                last=last,
                gender=rng.choice("FM"),
                grade=grade,
                dob=dob,
                school=school[0],
                school_number=school[1],
                teacher=rng.choice(names.TEACHERS),
                street=f"{rng.randrange(100, 39999)} {rng.choice(names.STREET_NAMES)} "
                f"{rng.choice(names.STREET_TYPES)}",
                city=town,
                zip=zip_code,
                home_phone=_phone(rng),
                route=f"{route:03d}",
                am_stop=_stop(rng),
                am_time=f"{am // 60}:{am % 60:02d} AM",
                pm_stop=_stop(rng),
                pm_time=f"{pm // 60 - 12}:{pm % 60:02d} PM",
                guardians=_guardians(rng, last),
                allergies=allergies,
                medications=medications,
                conditions=conditions,
                section_504=section_504,
                iep=iep,
                disability=disability,
                accommodations=accommodations,
                lunch=lunch,
                ell=rng.random() < 0.11,
                fee_balance=fee_balance,
            )
        )
    return out


def with_504(n: int, seed: int = 504) -> list[Student]:
    """`n` students who all have a 504 plan (the roster of incident 3)."""
    rng = random.Random(seed)
    out = []
    for s in generate(n, seed):
        disability = s.disability or rng.choice(names.DISABILITIES)
        accommodations = s.accommodations or tuple(rng.sample(names.ACCOMMODATIONS, 2))
        out.append(
            replace(s, section_504=True, iep=False, disability=disability, accommodations=accommodations)
        )
    return out


def guardian_emails(students: list[Student], count: int) -> list[str]:
    """The first `count` distinct guardian addresses of these students (the audience of a mass email)."""
    seen: dict[str, None] = {}
    for s in students:
        for g in s.guardians:
            seen.setdefault(g.email, None)
            if len(seen) == count:
                return list(seen)
    raise ValueError(f"only {len(seen)} guardian addresses among {len(students)} students")
