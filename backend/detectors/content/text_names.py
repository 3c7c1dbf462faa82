"""Names of people in text, and lists of student names in a body.

Without a name dictionary, a name is a capitalised word that is not a common English or school
word, shaped like "First", "First Last" or "Last, First". Names after a title (Ms., Dr., Nurse)
are staff, and names in a greeting or signature are the letter's own people: neither is a student
whose record travels. A body *lists* students when about three or more lines each start with a
name ("Maya Chen", "Chen, Maya", "3. Maya Chen - peanut allergy"); a few names in prose do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from backend.detectors.content.keys import person_key
from backend.detectors.content.text_base import Hit, Layout, mask_name
from backend.detectors.content.text_stopwords import NOT_NAMES, PLACE_WORDS

NAME: Final = "names"
LIST_MIN: Final = 3  # lines of names before a body counts as a list of people

_UP: Final = "A-ZÀ-ÖØ-Þ"
_LOW: Final = "a-zß-öø-ÿ"
TOKEN: Final = rf"(?:[{_UP}]['’])?[{_UP}][{_LOW}]+(?:[{_UP}][{_LOW}]+)?(?:-[{_UP}][{_LOW}]+)?"
_CAPS: Final = rf"[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?"

# A run of capitalised words, allowing one middle initial: "Maya", "Maya Chen", "Maya J. Chen".
_RUN: Final = re.compile(rf"(?<![\w@.])({TOKEN})(?:[ \t]+[{_UP}]\.)?(?:[ \t]+({TOKEN}))?(?![\w@])")

TITLE: Final = re.compile(
    r"\b(?:mr|mrs|ms|mx|miss|dr|prof|professor|nurse|coach|principal|superintendent|counselor|counsellor"
    r"|teacher|officer|pastor|rev|judge|dean|director|senator|president|sister|brother|mayor|sr)\.?[ \t]*$",
    re.IGNORECASE,
)
# Words after a name-only sentence start that say the word is a person: "Maya has ...", "Maya's".
PERSON_VERBS: Final = re.compile(
    r"['’]s\b|[ \t]+(?:has|had|is|was|needs|needed|takes|took|uses|used|will|gets|got|carries|should|must"
    r"|cannot|can't|can|may|missed|received|returned|requires|went|came|left|threw|hit|said|told|did"
    r"|does|and|[-–—:(])",
)

_GREETING: Final = re.compile(
    r"^[ \t>]*(?:dear|hi|hello|hey|greetings|good (?:morning|afternoon|evening))\b", re.I
)
_SIGNOFF: Final = re.compile(
    r"^[ \t>]*(?:thanks|thank you|many thanks|best|best regards|kind regards|regards|sincerely|cheers|warmly"
    r"|respectfully|take care|all the best|yours|with gratitude|--)\b",
    re.IGNORECASE,
)
_HEADER_LINE: Final = re.compile(
    r"^[ \t>]*(?:from|to|cc|bcc|sent|date|subject|reply-to|on .{0,80} wrote):", re.I
)
SIGNATURE_LINES: Final = 4

# One name per line, optionally bulleted or numbered, then the end of the line or a separator and data.
_BULLET: Final = r"^[ \t>]*(?:[-*•·‣◦▪]|\(?\d{1,4}[.):]|[a-z][.)])?[ \t]*"
NAME_LINE: Final = re.compile(
    _BULLET
    + rf"(?:(?P<last>{TOKEN}|{_CAPS})[ \t]*,[ \t]*(?P<first>{TOKEN}|{_CAPS})(?:[ \t]+[{_UP}]\.?)?"
    + rf"|(?P<first2>{TOKEN})(?:[ \t]+[{_UP}]\.)?[ \t]+(?P<last2>{TOKEN}))"
    + r"(?P<rest>[ \t]*(?:[-–—:|,(\t/]|[ \t]{2,}).*)?[ \t]*$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Name:
    """A person named in text. `key` is a salted hash; `sample` is masked."""

    start: int
    end: int
    key: str
    sample: str


def is_not_name(word: str) -> bool:
    """Common English, school and health words are capitalised at sentence starts and in titles."""
    return word.lower() in NOT_NAMES


def is_place(word: str) -> bool:
    """'Lincoln Elementary', 'Oak Street', 'Memorial Hospital' are places, not people."""
    return word.lower() in PLACE_WORDS


def is_titled(text: str, start: int) -> bool:
    """'Ms. Patel', 'Nurse Kim', 'Principal Rivera': staff, whose names are not student records."""
    return TITLE.search(text, max(0, start - 20), start) is not None


def is_furniture(line: str) -> bool:
    """A greeting ('Dear ...', 'Hi ...'), sign-off or mail header line names the letter's own people."""
    return bool(_GREETING.match(line) or _SIGNOFF.match(line) or _HEADER_LINE.match(line))


def furniture_lines(layout: Layout) -> frozenset[int]:
    """Greeting, header and sign-off lines, and the signature block after a sign-off."""
    lines: set[int] = set()
    follow = 0
    for i in range(len(layout)):
        line = layout.line(i)
        if layout.is_blank(i):
            follow = 0
            continue
        if _SIGNOFF.match(line):
            lines.add(i)
            follow = SIGNATURE_LINES
        elif follow:
            lines.add(i)
            follow -= 1
        elif is_furniture(line):
            lines.add(i)
    return frozenset(lines)


def _make(text: str, start: int, end: int, first: str, last: str | None) -> Name:
    parts = (first, last) if last else (first,)
    return Name(start=start, end=end, key=person_key(*parts), sample=mask_name(*parts))


def find_names(text: str, start: int, end: int) -> list[Name]:
    """Names of people (not staff, not places) in `text[start:end]`, one line or sentence."""
    found: list[Name] = []
    for m in _RUN.finditer(text, start, end):
        first, last = m.group(1), m.group(2)
        first_start = m.start(1)
        if last is not None and is_place(last):
            continue
        if is_not_name(first):
            if last is None or is_not_name(last):
                continue
            # "Dear Maya", "Student Maya": the second word may still be a first name alone.
            first, last, first_start = last, None, m.start(2)
        if last is not None and is_not_name(last):
            last = None
        if is_titled(text, first_start):
            continue
        if last is None:
            at_start = text[start:first_start].strip(" \t-*•:>\"'(") == ""
            follow = PERSON_VERBS.match(text, m.end(), end)
            if at_start and follow is None:
                continue
        found.append(_make(text, first_start, m.end(), first, last))
    return found


def _line_name(m: re.Match[str]) -> tuple[str, str] | None:
    first = m.group("first") or m.group("first2")
    last = m.group("last") or m.group("last2")
    if is_not_name(first) or is_not_name(last) or is_place(last) or is_place(first):
        return None
    return first.title(), last.title()


def recognize(layout: Layout, furniture: frozenset[int]) -> list[Hit]:
    """Lines that each name one person. Reported only when there are at least LIST_MIN of them."""
    hits: list[Hit] = []
    for m in NAME_LINE.finditer(layout.text):
        line = layout.line_of(m.start())
        if line in furniture or is_titled(layout.text, m.start()):
            continue
        name = _line_name(m)
        if name is None:
            continue
        form = "last_first" if m.group("last") else "first_last"
        hits.append(
            Hit(
                recognizer="text_names",
                kind=NAME,
                start=m.start(),
                end=m.end(),
                reason=f"text_names: a list of names, one per line ({form})",
                sample=mask_name(*name),
                person=person_key(*name),
            )
        )
    if len({h.person for h in hits}) < LIST_MIN:
        return []
    return hits
