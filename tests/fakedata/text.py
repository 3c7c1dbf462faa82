"""Plain-text bodies: everyday school mail of about a hundred words, and lists typed or pasted as lines."""

from __future__ import annotations

import random
from collections.abc import Sequence

from tests.fakedata import names
from tests.fakedata.students import Student

_OPENINGS = (
    "Hi {parent}, thanks for your note this morning.",
    "Good afternoon families,",
    "Hello {parent}, I wanted to follow up on our conversation.",
    "Dear {parent},",
    "Hi all, a quick reminder before the weekend.",
)
_MIDDLES = (
    "{child} did a great job presenting the science project today and answered questions from the class.",
    "Our field trip to the aquarium is next Thursday; buses leave at 8:45 and return before dismissal.",
    "Picture day has moved to Tuesday the 15th. Order forms went home in Friday folders.",
    "The reading log is due Monday. Twenty minutes a night is plenty, and audiobooks count.",
    "{child} has been working hard on fractions and is ready for the unit test next week.",
    "Conferences are coming up; please use the sign-up link in the newsletter to choose a time.",
    "We are collecting box tops and gently used books for the classroom library.",
    "Early release is Wednesday at 12:40. After-school clubs will not meet that day.",
    "If your child will be picked up by someone new, please send a note or call the office.",
    "The math night in the gym starts at 6:00 with games for the whole family.",
)
_CLOSINGS = (
    "Let me know if you have any questions. Thanks for all you do at home!",
    "Thank you for your support, and have a wonderful weekend.",
    "Please reach out any time; email is the best way to reach me.",
    "See you at pickup,",
)


def everyday_email(rng: random.Random) -> tuple[str, str]:
    """A subject and a body of roughly one hundred words, the daily mail between teachers and families."""
    fill = {"parent": f"Ms. {rng.choice(names.LAST_NAMES)}", "child": rng.choice(names.FIRST_NAMES)}
    words = [rng.choice(_OPENINGS).format(**fill)]
    for middle in rng.sample(_MIDDLES, len(_MIDDLES)):
        if sum(len(p.split()) for p in words) >= 85:
            break
        words.append(middle.format(**fill))
    words.append(rng.choice(_CLOSINGS))
    words.append(
        f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.TEACHERS)}\nGrade 3, Rock Creek Elementary"
    )
    subject = rng.choice(
        ("Friday update", "Field trip Thursday", "Quick question", "Reading log", "Picture day")
    )
    return subject, "\n\n".join(words)


def section_504_lines(students: Sequence[Student]) -> str:
    """One line per student, as a coordinator types a list into an email."""
    return "\n".join(
        f"{s.last}, {s.first} (#{s.local_id}), Gr {s.grade_code}: 504 plan for {s.disability.lower()}; "
        f"{'; '.join(a.lower() for a in s.accommodations)}"
        for s in students
    )


def tab_lines(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Cells pasted from a spreadsheet into a plain-text message: tab-separated lines under the headings."""
    return "\n".join(["\t".join(header), *("\t".join("" if c is None else str(c) for c in r) for r in rows)])
