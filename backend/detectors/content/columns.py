"""The column vocabulary: how student-information-system exports spell their headings, as data.

Each `ColumnRule` names a role a column can play (a student ID, a guardian's phone, an allergy
note), the data kind it carries when its values confirm it, the value shape that confirms it, and
the heading patterns that announce it. Rules are tried in order; the first that matches wins, so
specific rules ("Lunch Balance" is a fee) come before general ones ("Lunch" is lunch status).

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

Role = Literal[
    "ssn",
    "health",
    "special_education",
    "lunch",
    "fees",
    "discipline",
    "demographics",
    "transport",
    "bus_route",
    "grades",
    "grade",  # "Grade": a grade level or a mark; the values decide
    "grade_level",
    "student_id",
    "generic_id",
    "birth_date",
    "email",
    "phone",
    "address",
    "address_part",
    "first_name",
    "last_name",
    "middle_name",
    "full_name",
    "teacher",
    "homeroom",
    "school",
    "gender",
    "relationship",
    "staff_context",
    "date",
]

Subject = Literal["student", "guardian", "staff"]

Shape = Literal[
    "id",  # mostly distinct digit or short alphanumeric codes
    "ssn",  # 123-45-6789 or nine digits
    "date",  # ISO, US or compact dates
    "phone",  # North American phone numbers
    "email",
    "address",  # street addresses: a house number and a street
    "name",  # words of letters: people's names
    "flag_or_text",  # Y/N flags with at least one yes, or real text (not "None", "N/A")
    "any",  # anything but blanks and placeholders
    "grade",  # grade levels (K, 3, 10) or marks (A-, 92); the values decide
    "none",  # headings only: no value check
]


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

# Values of a yes/no flag that mean "no": a 504 column of all "N" exposes no one's plan.
NO: Final[frozenset[str]] = frozenset(
    {"n", "no", "0", "false", "f", "off", "not eligible", "ineligible", "inactive", "exited", "no plan",
     "not identified", "not applicable", "not homeless", "not ell", "not lep", "never", "negative"}
)
# In a lunch column "F" is free and "P" is paid: only free, reduced and their codes expose a status.
LUNCH_NO: Final[frozenset[str]] = frozenset(
    {"p", "paid", "n", "no", "0", "false", "full pay", "full price", "not eligible", "ineligible",
     "denied", "none"}
)

RULES: Final[tuple[ColumnRule, ...]] = (
    # --- the most sensitive kinds, announced anywhere in the heading ---------------------------
    ColumnRule(
        "ssn", "ssn", "ssn",
        anywhere=(r"ssn", r"social security(?: number)?", r"social sec", r"soc sec"),
        why="Social Security number heading",
    ),
    ColumnRule(
        "health", "health", "flag_or_text",
        anywhere=(
            r"allerg\w*", r"medical\w*", r"medication\w*", r"medicine\w*", r"health\w*", r"nurse\w*",
            r"asthma\w*", r"diabet\w*", r"seizure\w*", r"epilep\w*", r"epi ?pen", r"inhaler", r"insulin",
            r"immuni[sz]\w*", r"vaccin\w*", r"illness\w*", r"diagnos\w*", r"doctor\w*", r"physician\w*",
            r"dentist\w*", r"medi cal", r"medicaid", r"dosage", r"prescription\w*", r"conditions?",
            r"hearing (?:aid|screening|impair\w*)", r"vision screening", r"eyeglasses\w*", r"wheelchair",
            r"dietary\w*", r"food restriction\w*", r"anaphyla\w*", r"concussion\w*", r"mental health",
            r"counseling notes", r"alert medical", r"medically fragile", r"critical illness",
        ),
        unless=(r"weather", r"field conditions?", r"terms? and conditions?", r"opt out medical \w+"),
        nothing=NO,
        why="health heading",
    ),
    ColumnRule(
        "demographics", "demographics", "flag_or_text",
        # Custody and pickup restrictions are family circumstances too.
        anywhere=(
            r"custod\w*", r"divorce\w*", r"restraining", r"court orders?", r"no contact", r"alert guardian",
            r"can pick ?up", r"guardianship",
        ),
        nothing=NO,
        why="custody or court-order heading",
    ),
    ColumnRule(
        "special_education", "special_education", "flag_or_text",
        anywhere=(
            r"504", r"section 504", r"iep\w*", r"bip", r"sp ?ed", r"special ?ed\w*", r"special education",
            r"disabilit\w*", r"disabled", r"idea (?:eligibility|indicator|status)", r"ec status",
            r"exceptional children", r"swd", r"accommodations?", r"case manager", r"speech(?: \w+)? therapy",
            r"speech language", r"occupational therapy", r"physical therapy", r"resource specialist",
            r"indicator speced", r"speced",
        ),
        unless=(r"divorce\w*", r"special accommodation requirements", r"hotel accommodations?"),
        nothing=NO,
        why="504, IEP or special-education heading",
    ),
    ColumnRule(
        "fees", "fees", "any",
        anywhere=(r"lunch balance", r"meal balance", r"cafeteria balance", r"lunch account", r"meal account"),
        why="meal-account balance heading",
    ),
    ColumnRule(
        "lunch", "lunch", "flag_or_text",
        anywhere=(
            r"f r(?: lunch| meals?| status| eligibility)?", r"frl\w*", r"free (?:and |or )?reduced\w*",
            r"free red\w*", r"f red", r"fr lunch", r"lunch (?:status|code|code type|program|eligib\w*|type)",
            r"meal (?:status|eligib\w*|benefit\w*|program)", r"frm(?: code)?", r"eco dis\w*",
            r"econ\w* disadvantage\w*", r"disadvantaged", r"direct cert\w*", r"nslelg", r"nslp",
            r"low income", r"reduced lunch", r"free lunch", r"lunch status override", r"meal code",
        ),
        nothing=LUNCH_NO,
        why="free or reduced lunch heading",
    ),
    ColumnRule(
        "fees", "fees", "any",
        anywhere=(
            r"fees?(?: \w+)?", r"balance\w*", r"amount (?:due|owed|paid|outstanding)", r"owe[ds]?",
            r"paid", r"unpaid", r"outstanding", r"fines?", r"payment\w*", r"debt\w*", r"tuition",
            r"past due",
        ),
        why="fee or balance heading",
    ),
    ColumnRule(
        "discipline", "discipline", "flag_or_text",
        anywhere=(
            r"disciplin\w*", r"incident\w*", r"suspen\w*", r"susp", r"expul\w*", r"expelled", r"behaviou?r\w*",
            r"offen[cs]e\w*", r"infraction\w*", r"detention\w*", r"consequence\w*", r"office referral\w*",
            r"odr", r"misconduct", r"violation\w*", r"action taken", r"weapon\w*", r"truan\w*",
            r"write ?ups?",
        ),
        nothing=NO,
        why="discipline heading",
    ),
    ColumnRule(
        "demographics", "demographics", "flag_or_text",
        anywhere=(
            r"homeless\w*", r"mc ?kinney\w*", r"foster\w*", r"migrant\w*", r"immigrant\w*",
            r"unaccompanied(?: youth)?", r"runaway", r"nighttime residence", r"night time residence",
            r"ell\w*", r"lep", r"el(?: status)?", r"esl", r"esol\w*", r"eld", r"english (?:language )?learner\w*",
            r"limited english\w*", r"english language acquisition\w*", r"language fluency", r"lang fluency",
            r"ela status", r"rfep", r"ifep", r"phlote", r"race\w*", r"ethnic\w*", r"hispanic\w*", r"latino",
            r"tribal\w*", r"military(?: connected| family| parent)?", r"refugee\w*", r"dwelling type",
        ),
        unless=(r"race (?:time|results?|name|distance|event)", r"opt out military", r"military recruiters?"),
        nothing=NO,
        why="family-circumstance heading (homeless, foster, English learner, race)",
    ),
    # A stop or pick-up place says where a child lives and waits; a bus or route number alone does not
    # (a field-trip sheet's "Bus" column), so it only says the people are students.
    ColumnRule(
        "transport", "transport", "any",
        anywhere=(
            r"(?:am|pm) (?:stop|pick ?up|drop ?off|alternate address)", r"(?:bus )?stops?(?: \w+)?",
            r"pick ?up(?: \w+)*", r"drop ?off(?: \w+)*", r"bus stop\w*",
        ),
        unless=(r"pick ?up (?:time|person|by|authori[sz]ed\w*)", r"drop ?off time"),
        why="bus stop or pick-up place heading",
    ),
    ColumnRule(
        "bus_route", None, "any",
        anywhere=(
            r"bus\w*", r"(?:am|pm) (?:route|bus|time)", r"routes?(?: \w+)?", r"transport\w*", r"am or pm",
            r"van", r"rider\w*", r"walker",
        ),
        unless=(r"route of administration",),
        why="bus or route number heading",
    ),
    # --- grade level before grades: "Grade_Level" is not a mark ---------------------------------
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
        "grades", "grades", "any",
        anywhere=(
            r"gpa\w*", r"grade point(?: average)?", r"scores?", r"scale score", r"percentile\w*", r"rit",
            r"letter grade", r"final grade", r"(?:q|t|s|p|mp|quarter|semester|term|trimester|period) ?\d* grade",
            r"grade (?:earned|percent|mark)", r"course grade", r"marks?", r"class rank\w*", r"credits? earned",
            r"earned credits?", r"test results?", r"proficiency(?: level)?", r"performance level",
            r"act(?: composite| english| math| reading| science)", r"sat(?: total| math| verbal)",
            r"report card", r"transcript\w*", r"assessment results?", r"percent", r"pct",
        ),
        why="grade or score heading",
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
