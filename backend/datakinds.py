"""The kinds of student data Crossing Guard knows, each declared once.

A `DataKind` carries everything about one kind: the words a teacher reads, its place in the order of
sensitivity, its default warn/block rule and policy help, whether its columns say a table is about
students, and its vocabulary (column headings, words tied to a named person in text, the heading of
a pasted table column, cell values that name it whatever the heading). The policy's `data` section,
the README's table and the detectors' vocabularies are all built from `KINDS`; adding a kind is one
declaration here.

The names are a public contract: they appear in findings, in `exposure.data` and as policy keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

# What a column's values must look like to confirm its heading (see detectors.content.column_values).
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

# Does a column of this kind, beside names or IDs, say the people are students? "students": only
# students have it (a 504 plan, a lunch status); "likely": unless the table looks like a staff list
# (staff have birth dates and allergies too).
Marks = Literal["students", "likely"] | None

# Values of a yes/no flag that mean "no": a 504 column of all "N" exposes no one's plan.
NO: Final[frozenset[str]] = frozenset(
    {"n", "no", "0", "false", "f", "off", "not eligible", "ineligible", "inactive", "exited", "no plan",
     "not identified", "not applicable", "not homeless", "not ell", "not lep", "never", "negative"}
)
# In a lunch column "F" is free and "P" is paid: only free, reduced and their codes expose a status.
LUNCH_NO: Final[frozenset[str]] = frozenset(
    {"p", "paid", "n", "no", "0", "false", "full pay", "full price", "full price lunch", "full price breakfast",
     "not eligible", "ineligible", "denied", "none"}
)


@dataclass(frozen=True)
class Headings:
    """Column headings that announce a kind: regular expressions over a normalised heading.

    `anywhere` patterns may match any run of whole words of the heading; `unless` patterns veto.
    `nothing` lists values that expose nothing (the "N" of a flag column).
    """

    anywhere: tuple[str, ...]
    why: str
    unless: tuple[str, ...] = ()
    shape: Shape = "flag_or_text"
    nothing: frozenset[str] = NO


@dataclass(frozen=True)
class DataKind:
    """One kind of student data and all that is known about it."""

    name: str
    label: str  # the words people read: "medical information"
    help: str  # the policy key's help
    warn_people: int = 2  # students whose data, reaching people not entitled to it, warns (0: never)
    block_people: int = 10  # ... blocks (0: never)
    marks: Marks = None
    fragment: bool = False  # kept from a table that names no one (a report's "Allergy | Medication" table)
    staff: bool = False  # still exposed when the records are staff's, not students'
    headings: tuple[Headings, ...] = ()  # column headings, tried in the order of KINDS
    text_terms: tuple[str, ...] = ()  # words that, beside a named person in a sentence, expose them
    row_heading: str = ""  # the heading of a pasted table's column (a regex searched in the cell)
    values: tuple[str, ...] = ()  # cell values that say the kind whatever the heading (Ed-Fi descriptors)
    values_nothing: frozenset[str] = NO  # values of a column found by `values` that expose nothing


KINDS: Final[tuple[DataKind, ...]] = (
    DataKind(
        "health",
        "medical information",
        "Medical information: allergies, medications, conditions.",
        warn_people=1,  # the most sensitive kinds: one student warns, two block
        block_people=2,
        marks="likely",
        fragment=True,
        headings=(
            Headings(
                (
                    r"allerg\w*", r"medical\w*", r"medication\w*", r"medicine\w*", r"health\w*", r"nurse\w*",
                    r"asthma\w*", r"diabet\w*", r"seizure\w*", r"epilep\w*", r"epi ?pen", r"inhaler", r"insulin",
                    r"immuni[sz]\w*", r"vaccin\w*", r"illness\w*", r"diagnos\w*", r"doctor\w*", r"physician\w*",
                    r"dentist\w*", r"medi cal", r"medicaid", r"dosage", r"prescription\w*", r"conditions?",
                    r"hearing (?:aid|screening|impair\w*)", r"vision screening", r"eyeglasses\w*", r"wheelchair",
                    r"dietary\w*", r"food restriction\w*", r"anaphyla\w*", r"concussion\w*", r"mental health",
                    r"counseling notes", r"alert medical", r"medically fragile", r"critical illness",
                ),
                "health heading",
                unless=(r"weather", r"field conditions?", r"terms? and conditions?", r"opt out medical \w+"),
            ),
        ),
        text_terms=(
            r"allerg(?:y|ies|ic)", r"anaphyla\w*", r"epi-?pens?", r"epinephrine", r"inhalers?", r"asthma(?:tic)?",
            r"diabet(?:es|ic)", r"insulin", r"blood\s+sugar", r"seizures?", r"epilep(?:sy|tic)", r"medications?",
            r"meds", r"prescriptions?", r"diagnos(?:is|ed|es)", r"adhd", r"autis(?:m|tic)", r"concussion",
            r"migraines?", r"celiac", r"anxiety", r"depression", r"hearing\s+aids?",
        ),
        row_heading=r"allerg|medic|health|condition|diagnos|epi-?pen|inhaler|asthma|diabet|seizure",
    ),
    DataKind(
        "special_education",
        "504 plans and special education",
        "504 plans, IEPs, special-education status.",
        warn_people=1,  # the most sensitive kinds: one student warns, two block
        block_people=2,
        marks="students",
        fragment=True,
        headings=(
            Headings(
                (
                    r"504", r"section 504", r"iep\w*", r"bip", r"sp ?ed", r"special ?ed\w*", r"special education",
                    r"disabilit\w*", r"disabled", r"idea (?:eligibility|indicator|status)", r"ec status",
                    r"exceptional children", r"swd", r"accommodations?", r"case manager",
                    r"speech(?: \w+)? therapy", r"speech language", r"occupational therapy", r"physical therapy",
                    r"resource specialist", r"indicator speced", r"speced",
                ),
                "504, IEP or special-education heading",
                unless=(r"divorce\w*", r"special accommodation requirements", r"hotel accommodations?"),
            ),
        ),
        text_terms=(
            r"section\s+504\s*(?:plans?|status|accommodations?|meeting|team|eligib\w*)",
            r"504\s*(?:plans?|status|accommodations?|meeting|team|eligib\w*)",
            r"504",  # alone only after "on a", "has a", "her": see text_health.is_bare_number
            r"ieps?",
            r"individuali[sz]ed\s+education(?:al)?\s+(?:program|plan)",
            r"special[\s-]+ed(?:ucation)?",
            r"sped",
            r"accommodations?",
            r"behaviou?r\s+(?:intervention\s+)?plans?",
            r"bips?",
            r"(?:speech|occupational)\s+therapy",
            r"learning\s+disabilit(?:y|ies)",
            r"dyslexi[ac]",
            r"resource\s+room",
            r"extended\s+time",
        ),
        row_heading=r"\b504\b|\biep\b|\bsped\b|special\s*ed|accommodation|disabilit",
    ),
    DataKind(
        "ssn",
        "Social Security numbers",
        "Social Security numbers.",
        warn_people=1,
        block_people=1,
        staff=True,
        headings=(
            Headings(
                (r"ssn", r"social security(?: number)?", r"social sec", r"soc sec"),
                "Social Security number heading",
                shape="ssn",
                nothing=frozenset(),
            ),
        ),
        row_heading=r"\bssn\b|social\s*sec",
    ),
    DataKind(
        "lunch",
        "free or reduced lunch status",
        "Free or reduced lunch eligibility.",
        warn_people=1,  # the most sensitive kinds: one student warns, two block
        block_people=2,
        marks="students",
        fragment=True,
        headings=(
            Headings(
                (
                    r"f r(?: lunch| meals?| status| eligibility)?", r"frl\w*", r"free (?:and |or )?reduced\w*",
                    r"free red\w*", r"f red", r"fr lunch", r"lunch (?:status|code|code type|program|eligib\w*|type)",
                    r"meal (?:status|eligib\w*|benefit\w*|program)", r"frm(?: code)?", r"eco dis\w*",
                    r"econ\w* disadvantage\w*", r"disadvantaged", r"direct cert\w*", r"nslelg", r"nslp",
                    r"low income", r"reduced lunch", r"free lunch", r"lunch status override", r"meal code",
                ),
                "free or reduced lunch heading",
                # A meal-account balance is a fee, whatever the lunch words around it.
                unless=(r"lunch balance", r"meal balance", r"cafeteria balance", r"lunch account", r"meal account"),
                nothing=LUNCH_NO,
            ),
        ),
        text_terms=(
            r"free\s*(?:/|and|or|&|-)\s*reduced(?:[\s-]+(?:price|lunch|meals?))*",
            r"free\s+(?:lunch|meals)",
            r"reduced(?:[\s-]+price)?\s+(?:lunch|meals?)",
            r"f/r\s+lunch",
            r"frl",
            r"(?:lunch|meal)\s+status",
            r"direct\s+certification",
        ),
        row_heading=r"lunch|meal|\bfrl\b|free\s*/?\s*reduced",
    ),
    DataKind(
        "discipline",
        "discipline records",
        "Discipline incidents and actions.",
        warn_people=1,  # the most sensitive kinds: one student warns, two block
        block_people=2,
        marks="students",
        fragment=True,
        headings=(
            Headings(
                (
                    r"disciplin\w*", r"incident\w*", r"suspen\w*", r"susp", r"expul\w*", r"expelled",
                    r"behaviou?r\w*", r"offen[cs]e\w*", r"infraction\w*", r"detention\w*", r"consequence\w*",
                    r"office referral\w*", r"odr", r"misconduct", r"violation\w*", r"action taken", r"weapon\w*",
                    r"truan\w*", r"write ?ups?",
                ),
                "discipline heading",
            ),
        ),
        text_terms=(
            r"suspen(?:ded|sion)",
            r"detentions?",
            r"expel(?:led)?",
            r"expulsion",
            r"incidents?",
            r"(?:office|discipline|disciplinary)\s+(?:referral|action|report)s?",
            r"write-?up",
        ),
        row_heading=r"disciplin|incident|suspen|detention|behavio",
    ),
    DataKind(
        "demographics",
        "family circumstances (such as homeless, foster or English-learner status)",
        "Homeless, foster, migrant, English-learner, race.",
        warn_people=1,  # the most sensitive kinds: one student warns, two block
        block_people=2,
        marks="likely",
        fragment=True,
        headings=(
            # Custody and pickup restrictions are family circumstances too.
            Headings(
                (
                    r"custod\w*", r"divorce\w*", r"restraining", r"court orders?", r"no contact", r"alert guardian",
                    r"can pick ?up", r"guardianship",
                ),
                "custody or court-order heading",
            ),
            Headings(
                (
                    r"homeless\w*", r"mc ?kinney\w*", r"foster\w*", r"migrant\w*", r"immigrant\w*",
                    r"unaccompanied(?: youth)?", r"runaway", r"nighttime residence", r"night time residence",
                    r"ell\w*", r"lep", r"el(?: status)?", r"esl", r"esol\w*", r"eld",
                    r"english (?:language )?learner\w*", r"limited english\w*", r"english language acquisition\w*",
                    r"language fluency", r"lang fluency", r"ela status", r"rfep", r"ifep", r"phlote", r"race\w*",
                    r"ethnic\w*", r"hispanic\w*", r"latino", r"tribal\w*", r"military(?: connected| family| parent)?",
                    r"refugee\w*", r"dwelling type",
                ),
                "family-circumstance heading (homeless, foster, English learner, race)",
                unless=(r"race (?:time|results?|name|distance|event)", r"opt out military", r"military recruiters?"),
            ),
        ),
    ),
    DataKind("address", "home addresses", "Home and mailing addresses."),
    DataKind(
        "transport",
        "bus stops",
        "Bus routes and stops.",
        marks="students",
        # A stop or pick-up place says where a child lives and waits; a bus or route number alone does
        # not (a field-trip sheet's "Bus" column), so it only says the people are students.
        headings=(
            Headings(
                (
                    r"(?:am|pm) (?:stop|pick ?up|drop ?off|alternate address)", r"(?:bus )?stops?(?: \w+)?",
                    r"pick ?up(?: \w+)*", r"drop ?off(?: \w+)*", r"bus stop\w*",
                ),
                "bus stop or pick-up place heading",
                unless=(r"pick ?up (?:time|person|by|authori[sz]ed\w*)", r"drop ?off time"),
                shape="any",
                nothing=frozenset(),
            ),
        ),
    ),
    DataKind("student_id", "student ID numbers", "State and local student ID numbers.", marks="students",
             row_heading=(
                 r"(?:student|state|local|stu|perm\w*)[\s_]*(?:id|#|number|no)\b|\b(?:ssid|sasid|lasid|id|eduid)\b"
                 r"|mosis|nyssis"
             )),
    DataKind("birth_date", "dates of birth", "Dates of birth.", marks="likely", row_heading=r"\bdob\b|birth"),
    DataKind(
        "contact",
        "contact details",
        "Phone numbers and emails: often shared on purpose (a team phone tree), so they warn and never block alone.",
        warn_people=10,
        block_people=0,
    ),
    DataKind(
        "grades",
        "grades and test scores",
        "Grades, scores, transcripts.",
        marks="students",
        fragment=True,
        headings=(
            Headings(
                (
                    r"gpa\w*", r"grade point(?: average)?", r"scores?", r"scale score", r"percentile\w*", r"rit",
                    r"letter grade", r"final grade",
                    r"(?:q|t|s|p|mp|quarter|semester|term|trimester|period) ?\d* grade",
                    r"grade (?:earned|percent|mark)", r"course grade", r"marks?", r"class rank\w*",
                    r"credits? earned", r"earned credits?", r"test results?", r"proficiency(?: level)?",
                    r"performance level", r"act(?: composite| english| math| reading| science)",
                    r"sat(?: total| math| verbal)", r"report card", r"transcript\w*", r"assessment results?",
                    r"percent", r"pct",
                ),
                "grade or score heading",
                unless=(r"grade level\w*", r"grade code", r"grade id"),
                shape="any",
                nothing=frozenset(),
            ),
        ),
    ),
    DataKind(
        "fees",
        "fee and payment status",
        "Fees owed or paid.",
        headings=(
            Headings(
                (r"lunch balance", r"meal balance", r"cafeteria balance", r"lunch account", r"meal account"),
                "meal-account balance heading",
                shape="any",
                nothing=frozenset(),
            ),
            Headings(
                (
                    r"fees?(?: \w+)?", r"balance\w*", r"amount (?:due|owed|paid|outstanding)", r"owe[ds]?",
                    r"paid", r"unpaid", r"outstanding", r"fines?", r"payment\w*", r"debt\w*", r"tuition",
                    r"past due",
                ),
                "fee or balance heading",
                shape="any",
                nothing=frozenset(),
            ),
        ),
    ),
    DataKind("names", "names", "Names alone (directory information).", warn_people=0, block_people=0),
)

BY_NAME: Final[dict[str, DataKind]] = {k.name: k for k in KINDS}
DATA_KINDS: Final[dict[str, str]] = {k.name: k.label for k in KINDS}

# Most to least sensitive: the order in which words name them.
ORDER: Final[tuple[str, ...]] = tuple(DATA_KINDS)


def label(kind: str) -> str:
    return DATA_KINDS.get(kind, kind.replace("_", " "))


def ordered(kinds: set[str] | frozenset[str] | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Kinds in order of sensitivity, unknown ones last, each once."""
    known = [k for k in ORDER if k in kinds]
    return tuple(known + sorted(set(kinds) - set(known)))


def marking(marks: Marks) -> frozenset[str]:
    """Names of the kinds whose columns mark a table as about students in this way."""
    return frozenset(k.name for k in KINDS if k.marks == marks)


FRAGMENT_KINDS: Final[frozenset[str]] = frozenset(k.name for k in KINDS if k.fragment)
STAFF_KINDS: Final[frozenset[str]] = frozenset(k.name for k in KINDS if k.staff)
