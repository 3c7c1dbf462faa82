"""The column vocabulary: how student-information-system exports spell their headings, as data.

Each `ColumnRule` names a role a column can play (a student ID, a guardian's phone, an allergy
note), the data kind it carries when its values confirm it, the value shape that confirms it, and
the heading patterns that announce it. Rules are tried in order; the first that matches wins. The
data kinds' own headings are declared with the kinds (`backend.datakinds`) and come first; this
module adds the roles that identify people or give context (IDs, names, grade levels, schools).

Patterns are regular expressions over a *normalised* heading (see `column_headings`): lower case,
accents stripped, camelCase and separators split into words joined by single spaces, abbreviations
expanded ("Stu" -> "student", "Med" -> "medical"), and numbered, table and state prefixes removed.

- `anywhere` patterns may match any run of whole words: "allerg\\w*" matches "allergies epi pen".
- `core` patterns must match the whole heading once the words that say *whose* column it is
  (`SUBJECT_WORDS`: "student", "guardian 1", "teacher") are set aside: "Guardian 1 First Name"
  has subject "guardian" and core "first name".

Spellings come from real exports (PowerSchool, Infinite Campus, Aeries, Skyward, Synergy, Clever,
OneRoster, CALPADS, Ed-Fi, state files, Versatrans); see the project's reference notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from backend.datakinds import KINDS, Shape

# What a column is: a data kind's name (its headings are declared in `backend.datakinds`) or one of
# the roles below, which identify people or only give context.
Role = str

Subject = Literal["student", "guardian", "staff"]

@dataclass(frozen=True)
class ColumnRule:
    """One role a column can play, recognised by its heading and confirmed by its values."""

    role: Role
    kind: str | None  # a kind from backend.datakinds, or None for roles that only give context
    shape: Shape
    anywhere: tuple[str, ...] = ()
    core: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()  # anywhere-patterns that veto this rule
    subject: Subject | None = None  # whose column, when the heading's words do not say
    requires: Subject | None = None  # the rule applies only to headings about this subject
    nothing: frozenset[str] = frozenset()  # values that expose nothing ("N" in a 504 column)
    why: str = ""


# Words that say whose column it is. They are set aside before `core` patterns are matched, and
# the first one found decides the column's subject. Multi-word entries are matched as phrases.
SUBJECT_WORDS: Final[dict[Subject, tuple[str, ...]]] = {
    "guardian": (
        "authorized adult", "emergency contact", "parent guardian", "guardian", "guardians", "parent",
        "parents", "mother", "father", "mom", "dad", "emergency", "contact", "household", "family",
        "caregiver", "volunteer", "mothers", "fathers",
    ),
    "staff": (
        "homeroom teacher", "teacher", "teachers", "staff", "employee", "advisor", "counselor",
        "principal", "coach", "instructor", "faculty", "sponsor", "author",
    ),
    "student": ("student", "students", "pupil", "child", "children", "learner", "kid"),
}

# Words that carry no meaning of their own in a heading: numbers of repeated blocks, articles.
FILLER_WORDS: Final[frozenset[str]] = frozenset(
    {"1", "2", "3", "4", "5", "6", "of", "the", "s", "current", "primary", "secondary", "alt", "alternate"}
)

# Abbreviations and run-together words seen in exports, expanded before matching.
ABBREVIATIONS: Final[dict[str, str]] = {
    "stu": "student", "stud": "student", "std": "student", "studentid": "student id",
    "studentnumber": "student number", "studentname": "student name", "emerg": "emergency",
    "med": "medical", "meds": "medications", "medi": "medical", "addr": "address", "adr": "address",
    "ph": "phone", "tel": "phone", "telephone": "phone", "phn": "phone", "mob": "mobile", "num": "number",
    "nbr": "number", "no": "number", "nr": "number", "dt": "date", "yr": "year", "lvl": "level",
    "grd": "grade", "fname": "first name", "lname": "last name", "mname": "middle name",
    "firstname": "first name", "lastname": "last name", "middlename": "middle name",
    "givenname": "first name", "given": "first", "familyname": "last name", "surname": "last name",
    "lastsurname": "last name", "lastfirst": "last first", "fullname": "full name",
    "birthdate": "birth date", "dateofbirth": "date of birth", "bday": "birth date",
    "birthday": "birth date", "bd": "birth date", "dob": "birth date", "cellphone": "cell phone",
    "homephone": "home phone", "zipcode": "zip", "postal": "zip", "postcode": "zip", "mail": "email",
    "guard": "guardian", "gdn": "guardian", "parentname": "parent name", "homeroom": "homeroom",
    "hr": "homeroom", "advisory": "homeroom", "rm": "room", "ext": "extension", "dept": "department",
    "ssn4": "ssn", "soc": "social", "sec": "security", "ethnicity": "ethnicity", "frlunch": "f r lunch",
    "rel": "relationship", "relation": "relationship", "relationshiptostudent": "relationship",
    "transpo": "transportation", "immunizaton": "immunization", "accomodations": "accommodations",
    "accomodation": "accommodation", "theapy": "therapy",
}

# Phrases that mean another phrase, replaced after abbreviations are expanded ("familyName" is a
# last name, not a family's name).
PHRASES: Final[dict[str, str]] = {
    "family name": "last name", "given name": "first name", "last or surname": "last name",
    "last surname": "last name", "name last": "last name", "name first": "first name",
    "sur name": "last name", "christian name": "first name",
}

# Two-letter state codes that prefix state fields ("CA_ELAStatus", "LA_Homeless"). A prefix is
# dropped only when the heading means nothing with it, so "ID" or "IN" are never lost.
STATE_CODES: Final[frozenset[str]] = frozenset(
    {
        "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia", "ks", "ky",
        "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd",
        "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa", "wv", "wi", "wy", "dc",
        "pr",
    }
)

# Trailing or leading words that say a column is a yes/no flag ("pid_504_tf", "is_homeless").
FLAG_WORDS: Final[frozenset[str]] = frozenset({"yn", "tf", "flag", "ind", "indicator", "is", "has"})

_ID = r"(?:id|number|identifier|num|code|key)"

_CONTEXT_RULES: Final[tuple[ColumnRule, ...]] = (
    # --- after the kinds' own headings (backend.datakinds): numbers, identity and context --------
    ColumnRule(
        "bus_route", None, "any",
        anywhere=(
            r"bus\w*", r"(?:am|pm) (?:route|bus|time)", r"routes?(?: \w+)?", r"transport\w*", r"am or pm",
            r"van", r"rider\w*", r"walker",
        ),
        unless=(r"route of administration",),
        why="bus or route number heading",
    ),
    # --- grade level: "Grade_Level" is not a mark (the grades kind vetoes it too) ----------------
    ColumnRule(
        "grade_level", None, "none",
        anywhere=(
            r"grade level\w*", r"next (?:year )?grade", r"entry grade", r"grade code", r"graduation year",
            r"year of graduation", r"class of", r"classof", r"cohort", r"grad year", r"grade id",
        ),
        core=(r"gr", r"year group", r"grade year", r"year"),
        why="grade-level heading",
    ),
    ColumnRule(
        "grade", None, "grade",
        core=(r"(?:current )?grades?", r"grade \d"),
        why="'Grade' heading: a grade level or a mark, by its values",
    ),
    # --- identifiers ----------------------------------------------------------------------------
    ColumnRule(
        "student_id", "student_id", "id",
        anywhere=(
            r"ssid", r"sasid", r"lasid", r"mosis(?: \w+)*", r"nyssis(?: \w+)*", r"eduid", r"permnumber",
            r"fleid", r"ncwise(?: id)?", r"tsds id", r"msix(?: number)?", r"stn", r"uin", r"pupil number",
            r"unique student id", r"student unique(?: state)? id", r"state student (?:id|number|identifier)",
            r"student state id", r"statewide student identifier", r"state province id", r"local student id",
        ),
        subject="student",
        why="state or local student ID heading",
    ),
    ColumnRule(
        "student_id", "student_id", "id",
        core=(
            rf"(?:(?:state|local|district|permanent|perm|unique|sis|school|statewide|reference|old|legacy"
            rf"|legal|lunch|system|tx|id) )*{_ID}",
            r"cid",
        ),
        requires="student",
        why="student ID heading",
    ),
    ColumnRule(
        "staff_context", None, "none",
        core=(rf"(?:\w+ )?{_ID}",),
        requires="staff",
        why="staff ID heading",
    ),
    ColumnRule(
        "student_id", "student_id", "id",
        core=(rf"(?:state|local|permanent|perm|sis|statewide|unique) {_ID}", r"name id"),
        subject="student",
        why="state or local ID heading",
    ),
    ColumnRule(
        "generic_id", None, "id",
        core=(
            r"id", r"ids", r"id number", r"number", r"record id", r"person id", r"reference id", r"sourced id",
            r"dcid", r"user id", r"identifier", r"sis key", r"external id",
        ),
        why="bare ID heading",
    ),
    # --- birth date, contact, address -----------------------------------------------------------
    ColumnRule(
        "birth_date", "birth_date", "date",
        anywhere=(r"birth date", r"date of birth", r"born", r"birth"),
        unless=(
            r"birth (?:city|state|country|place|county|province|abbreviation)\w*", r"multiple birth\w*",
            r"birth sex", r"birthplace", r"birth certificate\w*",
        ),
        why="date-of-birth heading",
    ),
    ColumnRule(
        "email", "contact", "email",
        anywhere=(r"email\w*",),
        why="email heading",
    ),
    ColumnRule(
        "staff_context", None, "none",
        anywhere=(r"(?:phone )?extension", r"voicemail"),
        why="phone extension heading",
    ),
    ColumnRule(
        "phone", "contact", "phone",
        anywhere=(r"phones?", r"cell(?: phone)?", r"mobile", r"sms", r"text number", r"tl", r"pager"),
        unless=(r"cells? (?:tower|culture)",),
        why="phone heading",
    ),
    ColumnRule(
        "address", "address", "address",
        anywhere=(r"address\w*", r"street\w*", r"residence", r"apt", r"house number", r"student r?ad"),
        unless=(
            r"ip address", r"web address", r"mac address", r"address type", r"school address",
            r"school of residence", r"district of residence", r"residence (?:city|state|zip|county|country)",
        ),
        why="address heading",
    ),
    ColumnRule(
        "address_part", None, "none",
        core=(r"city", r"state", r"zip(?: \w+)?", r"county", r"state abbreviation", r"country"),
        why="city, state or zip heading",
    ),
    # --- context that says whose table it is ----------------------------------------------------
    ColumnRule(
        "homeroom", None, "none",
        anywhere=(r"homeroom\w*", r"home room\w*"),
        why="homeroom heading",
    ),
    ColumnRule(
        "relationship", None, "none",
        anywhere=(r"relationship\w*", r"lives with"),
        subject="guardian",
        why="guardian relationship heading",
    ),
    ColumnRule(
        "relationship", None, "none",
        core=(r"role", r"type", r"relat\w*"),
        requires="guardian",
        why="guardian relationship heading",
    ),
    ColumnRule(
        "teacher", None, "name",
        core=(r"",),
        requires="staff",
        why="teacher heading",
    ),
    ColumnRule(
        "staff_context", None, "none",
        core=(
            r"position\w*", r"job(?: title)?", r"title", r"department", r"room(?: number)?", r"office(?: \w+)?",
            r"hire date", r"supervisor", r"certification\w*", r"subjects? taught", r"classroom", r"assignment",
        ),
        why="staff directory heading",
    ),
    # --- names ----------------------------------------------------------------------------------
    ColumnRule(
        "full_name", "names", "name",
        core=(
            r"(?:legal |preferred |alias )?(?:last first(?: middle)?|first last|full name|name)",
            r"names", r"display name", r"name last first", r"",
        ),
        why="name heading",
    ),
    ColumnRule(
        "first_name", "names", "name",
        core=(
            r"(?:legal |preferred |pref |alias |nick ?)?first(?: name)?(?: legal)?", r"nickname",
            r"preferred name", r"fn", r"fna",
        ),
        why="first-name heading",
    ),
    ColumnRule(
        "last_name", "names", "name",
        core=(r"(?:legal |preferred |pref |alias )?last(?: or)?(?: name)?(?: legal)?", r"ln", r"lna"),
        why="last-name heading",
    ),
    ColumnRule(
        "middle_name", None, "none",
        core=(
            r"(?:legal |preferred |alias )?middle(?: name| initial)?", r"mi", r"mn", r"mna", r"suffix",
            r"name suffix", r"generation code suffix",
        ),
        why="middle-name heading",
    ),
    ColumnRule(
        "school", None, "none",
        anywhere=(r"school\w*", r"site", r"campus\w*", r"building"),
        why="school heading",
    ),
    ColumnRule(
        "gender", None, "none",
        anywhere=(r"gender\w*", r"sex"),
        why="gender heading",
    ),
    ColumnRule(
        "date", None, "none",
        anywhere=(r"date", r"day", r"time"),
        why="date heading",
    ),
)

# The kinds' own headings first, in order of sensitivity (the most sensitive word in a heading wins),
# then the identity and context rules above.
RULES: Final[tuple[ColumnRule, ...]] = (
    *(
        ColumnRule(
            kind.name, kind.name, h.shape, anywhere=h.anywhere, unless=h.unless, nothing=h.nothing, why=h.why
        )
        for kind in KINDS
        for h in kind.headings
    ),
    *_CONTEXT_RULES,
)

# Extra words the typo corrector may correct towards, besides the words in the patterns above.
VOCABULARY_EXTRA: Final[tuple[str, ...]] = (
    "allergies", "allergy", "medications", "medication", "medical", "immunization", "immunizations",
    "accommodations", "accommodation", "guardian", "guardians", "student", "students", "address",
    "discipline", "disciplinary", "incident", "incidents", "suspension", "homeless", "conditions",
    "condition", "birthdate", "emergency", "contact", "balance", "diabetes", "seizures", "asthma",
    "therapy", "first", "last", "middle", "name", "number", "phone", "mother", "father", "parent",
    "relationship", "identifier", "transportation", "route", "stop", "grade", "level", "teacher",
    "homeroom", "school", "status", "lunch", "reduced", "ethnicity", "language", "learner", "disability",
    "special", "education", "preferred", "legal", "mailing", "street", "state", "local", "unique",
    "prescription", "health", "nurse", "physician", "doctor", "insurance", "gender", "score", "scores",
)

# Cell values that hold no data at all: a blank form's placeholders.
NULL_VALUES: Final[frozenset[str]] = frozenset(
    {
        "", "none", "n/a", "na", "n.a.", "n a", "null", "nil", "-", "--", "---", "—", "–", ".", "?",
        "not applicable", "nothing", "no known allergies", "nka", "nkda", "no known", "nkfa", "unknown",
        "removed for privacy", "redacted", "none known", "no allergies", "none reported", "#n/a", "nan",
    }
)
