"""The students and files the cases share, built once per process (the 18,000-row roster takes a second)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from tests.fakedata import delimited, layouts, xlsx
from tests.fakedata.students import Student, generate, guardian_emails, with_504

ALL_GRADES = tuple(range(-1, 13))


@cache
def population(n: int, seed: int, grades: tuple[int, ...] = ALL_GRADES) -> tuple[Student, ...]:
    return tuple(generate(n, seed, grades=grades))


@cache
def families(count: int, seed: int) -> tuple[str, ...]:
    """`count` parent addresses, from a population other than any attachment's."""
    return tuple(guardian_emails(list(population(count, seed)), count))


def district_roster() -> tuple[Student, ...]:
    """Incident 1: every bus rider in the district."""
    return population(18_000, 1)


@cache
def bus_roster_xlsx() -> bytes:
    return xlsx.roster(layouts.TRANSPORT, district_roster(), title="All Routes")


@cache
def bus_roster_csv() -> bytes:
    return delimited.roster(layouts.TRANSPORT, district_roster())


@cache
def bus_roster_tab() -> bytes:
    return delimited.roster(layouts.VERSATRANS, district_roster(), delimiter="\t")


def section_504() -> tuple[Student, ...]:
    """Incident 3: the 230 students on 504 plans."""
    return tuple(with_504(230, 3))


def program_roster() -> tuple[Student, ...]:
    """Incident 4: the 2,900 students of the after-school program, with medical and fee columns."""
    return population(2_900, 4, tuple(range(0, 6)))


@cache
def program_roster_xlsx() -> bytes:
    return xlsx.roster(layouts.WELCOME_ROSTER, program_roster(), title="Confirmed Sites")


@cache
def program_roster_csv() -> bytes:
    return delimited.roster(layouts.WELCOME_ROSTER, program_roster(), bom=True)


def with_health(students: tuple[Student, ...], count: int) -> tuple[Student, ...]:
    """The first `count` students who have an allergy, a medication or a condition on file."""
    found = tuple(s for s in students if s.allergies or s.conditions or s.medications)[:count]
    if len(found) < count:
        raise ValueError(f"only {len(found)} students with health records")
    return found


def on_routes(students: tuple[Student, ...], routes: tuple[str, ...]) -> tuple[Student, ...]:
    return tuple(replace(s, route=routes[i % len(routes)]) for i, s in enumerate(students))
