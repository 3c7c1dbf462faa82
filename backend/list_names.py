"""What an address's name says about whom it reaches: a vocabulary, not a list of addresses.

`transportation-families@`, `parents-grade5@`, `allfamilies@`, `All.Families@`, `AllStudents@` and
`students-2027@` are lists of families or students, whatever the district called them; `staff@`,
`teachers-ms@` and `student-services@` reach staff. The local part is split into words on
separators, case changes and digits, and run-together words (`allfamilies`) are read by the word
they end with, the head of an English compound ("all families", "transportation families").
Only plural nouns count: `parent@` or `familyengagement@` is one office, not the families.
"""

from __future__ import annotations

import re
from typing import Final

# Nouns that, as the head of an address's name, mean many families or students.
AUDIENCE_NOUNS: Final[tuple[str, ...]] = (
    "families", "parents", "guardians", "caregivers", "households", "students", "pupils", "learners",
    "kids", "children", "freshmen", "sophomores", "juniors", "seniors",
)  # fmt: skip

# Nouns that say a list reaches district staff: a list the mail client marks, named so, stays staff.
STAFF_NOUNS: Final[tuple[str, ...]] = (
    "staff", "teachers", "faculty", "employees", "admins", "administrators", "administration", "principals",
    "counselors", "counsellors", "nurses", "office", "dept", "department", "team", "leadership", "cabinet",
    "coaches", "paras", "paraeducators", "custodians", "secretaries", "clerks", "registrars", "librarians",
    "helpdesk", "payroll", "hr", "it", "tech", "services",
)  # fmt: skip

_WORDS: Final = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def words(local_part: str) -> list[str]:
    """The words of a local part, lower case: separators, case changes and digits split it
    ("transportation-families" -> transportation, families; "ParentsGrade5" -> parents, grade, 5)."""
    return [w.lower() for w in _WORDS.findall(local_part)]


def _head_noun(word: str, nouns: tuple[str, ...] = AUDIENCE_NOUNS) -> str | None:
    """The noun of `nouns` a word is or ends with ("allfamilies" -> "families"), if any."""
    for noun in nouns:
        if word == noun or (len(noun) >= 4 and word.endswith(noun) and len(word) - len(noun) >= 2):
            return noun
    return None


def reaches_families_or_students(local_part: str) -> bool:
    """True when the name says the address reaches families or students, not one person or office."""
    return any(_head_noun(w) is not None for w in words(local_part))


def names_staff(local_part: str) -> bool:
    """True when the name says the address reaches district staff (`staff@`, `teachers-ms@`)."""
    return any(_head_noun(w, STAFF_NOUNS) is not None for w in words(local_part))
