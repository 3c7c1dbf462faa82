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
from backend.detectors.content.text_base import Hit, Layout, lowered, mask_name, stem_positions
from backend.detectors.content.text_stopwords import NOT_NAMES, PLACE_WORDS

NAME: Final = "names"
LIST_MIN: Final = 3  # lines of names before a body counts as a list of people

_UP: Final = "A-ZÀ-ÖØ-Þ"
_LOW: Final = "a-zß-öø-ÿ"
TOKEN: Final = rf"(?:[{_UP}]['’])?[{_UP}][{_LOW}]+(?:[{_UP}][{_LOW}]+)?(?:-[{_UP}][{_LOW}]+)?"
_CAPS: Final = rf"[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})?"

# A run of capitalised words, allowing one middle initial: "Maya", "Maya Chen", "Maya J. Chen".
_RUN: Final = re.compile(rf"(?<![\w@.])({TOKEN})(?:[ \t]+[{_UP}]\.)?(?:[ \t]+({TOKEN}))?(?![\w@])")

TITLES: Final = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "mx",
        "miss",
        "dr",
        "prof",
        "professor",
        "nurse",
        "coach",
        "principal",
        "superintendent",
        "counselor",
        "counsellor",
        "teacher",
        "officer",
        "pastor",
        "rev",
        "judge",
        "dean",
        "director",
        "senator",
        "president",
        "sister",
        "brother",
        "mayor",
        "sr",
    ]
)
# Words after a name-only sentence start that say the word is a person: "Maya has ...", "Maya's".
PERSON_VERBS: Final = re.compile(
    r"['’]s\b|[ \t]+(?:has|had|is|was|needs|needed|takes|took|uses|used|will|gets|got|carries|should|must"
    r"|cannot|can't|can|may|missed|received|returned|requires|went|came|left|threw|hit|said|told|did"
    r"|does|and|[-–—:(])",
)

# A lone first name inside prose ("spoke with Maya about") follows a lower-case word and one space;
# at a sentence start or in a table cell ("Active", "Status") it needs a verb after it to count.
_IN_PROSE: Final = re.compile(r"[a-z,;] $")
_GREETING: Final = re.compile(r"^[ \t>]*(?:dear|hi|hello|hey|greetings|good (?:morning|afternoon|evening))\b", re.I)
_SIGNOFF: Final = re.compile(
    r"^[ \t>]*(?:thanks|thank you|many thanks|best|best regards|kind regards|regards|sincerely|cheers|warmly"
    r"|respectfully|take care|all the best|yours|with gratitude|--)\b",
    re.IGNORECASE,
)
_HEADER_LINE: Final = re.compile(r"^[ \t>]*(?:from|to|cc|bcc|sent|date|subject|reply-to|on .{0,80} wrote):", re.I)
SIGNATURE_LINES: Final = 4
# A closing block like "Claire Delacroix, 504 Coordinator" is the sender's signature even without a sign-off.
_STAFF_ROLE = re.compile(
    r"\b(coordinator|teacher|principal|nurse|counsel+or|director|specialist|manager|secretary|assistant|"
    r"superintendent|coach|psychologist|registrar|clerk|department|office|advisor|administrator|librarian)\b",
    re.IGNORECASE,
)

# "Chen, Maya", "CHEN, MAYA J.", "Chen, Maya Lin" and "Maya Chen", "Maya J. Chen", "Maya Lin Chen".
LAST_FIRST: Final = (
    rf"(?P<last>{TOKEN}|{_CAPS})[ \t]*,[ \t]*(?P<first>{TOKEN}|{_CAPS})(?:[ \t]+(?:{TOKEN}|{_CAPS}|[{_UP}]\.?))?"
)
FIRST_LAST: Final = rf"(?P<first2>{TOKEN})(?:[ \t]+(?:[{_UP}]\.|{TOKEN}))?[ \t]+(?P<last2>{TOKEN})"
_BULLET: Final = r"[ \t>]*(?:[-*•·‣◦▪]|\(?\d{1,4}[.):]|[a-z][.)])?[ \t]*"
_SEPARATOR: Final = r"[ \t]*(?:[-–—:|,;(\t/]|[ \t]{2,})"
# One name per line, optionally bulleted or numbered, then the end of the line or a separator and data.
NAME_LINE: Final = re.compile(rf"^{_BULLET}(?:{LAST_FIRST}|{FIRST_LAST})(?P<rest>{_SEPARATOR}.*)?[ \t]*$", re.MULTILINE)
# "Chen, Maya (#0113070), Gr 11: ..." at the start of a line or item: one person, not two.
_LEADING_LAST_FIRST: Final = re.compile(rf"{_BULLET}{LAST_FIRST}(?={_SEPARATOR}|[ \t]*$)")
MIN_SINGLE: Final = 3  # letters in a first name standing alone ("Gr", "Rm" are abbreviations)


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
    before = text[max(0, start - 20) : start].split()
    return bool(before) and before[-1].rstrip(".").lower() in TITLES


def is_furniture(line: str) -> bool:
    """A greeting ('Dear ...', 'Hi ...'), sign-off or mail header line names the letter's own people."""
    return bool(_GREETING.match(line) or _SIGNOFF.match(line) or _HEADER_LINE.match(line))


# First words of greeting, sign-off and header lines: str.find on them is the fast first pass.
_FURNITURE_STEMS: Final = (
    "dear",
    "hi",
    "hello",
    "hey",
    "greetings",
    "good",
    "thank",
    "many",
    "best",
    "kind",
    "regards",
    "sincerely",
    "cheers",
    "warmly",
    "respectfully",
    "take",
    "all",
    "yours",
    "with",
    "--",
    "from",
    "to",
    "cc",
    "bcc",
    "sent",
    "date",
    "subject",
    "reply",
    "on",
)


def _starts_line(text: str, pos: int, line_start: int) -> bool:
    return pos == line_start or text[line_start:pos].strip(" \t>") == ""


def furniture_lines(layout: Layout) -> frozenset[int]:
    """Greeting, header and sign-off lines, and the signature block after a sign-off."""
    text = layout.text
    lines: set[int] = set()
    for pos in stem_positions(lowered(text), _FURNITURE_STEMS):
        if pos and text[pos - 1] not in " \t>\n":
            continue
        line = layout.line_of(pos)
        start, end = layout.starts[line], layout.ends[line]
        if line in lines or not _starts_line(text, pos, start):
            continue
        if _SIGNOFF.match(text, start, end):
            lines.add(line)
            for after in range(line + 1, min(len(layout), line + 1 + SIGNATURE_LINES)):
                if layout.is_blank(after):
                    break
                lines.add(after)
        elif _GREETING.match(text, start, end) or _HEADER_LINE.match(text, start, end):
            lines.add(line)
    lines.update(_closing_signature(layout))
    return frozenset(lines)


def _closing_signature(layout: Layout) -> set[int]:
    """The last short paragraph of the text when it names a staff role: a signature block."""
    last = len(layout) - 1
    while last >= 0 and layout.is_blank(last):
        last -= 1
    block: list[int] = []
    line = last
    while line >= 0 and not layout.is_blank(line) and len(block) <= SIGNATURE_LINES:
        block.append(line)
        line -= 1
    # Only a block set apart below the message; the whole text is never a signature.
    if not block or len(block) > 2 or line < 0 or not layout.is_blank(line):
        return set()
    text = layout.text
    for i in block:
        words = text[layout.starts[i]:layout.ends[i]].split()
        if len(words) <= 8 and _STAFF_ROLE.search(text, layout.starts[i], layout.ends[i]):
            return set(block)
    return set()


def _make(text: str, start: int, end: int, first: str, last: str | None) -> Name:
    parts = (first, last) if last else (first,)
    return Name(start=start, end=end, key=person_key(*parts), sample=mask_name(*parts))


def find_names(text: str, start: int, end: int) -> list[Name]:
    """Names of people (not staff, not places) in `text[start:end]`, one line or sentence."""
    found: list[Name] = []
    lead = _LEADING_LAST_FIRST.match(text, start, end)
    if lead is not None and (name := line_name(lead)) is not None:
        found.append(_make(text, lead.start("last"), lead.end(), *name))
        start = lead.end()
    for m in _RUN.finditer(text, start, end):
        first, last = m.group(1), m.group(2)
        first_start = m.start(1)
        if (last is not None and is_place(last)) or _place_follows(text, m.end(), end):
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
            if len(first) < MIN_SINGLE:
                continue
            in_prose = _IN_PROSE.search(text, max(start, first_start - 2), first_start) is not None
            if not in_prose and PERSON_VERBS.match(text, m.end(), end) is None:
                continue
        found.append(_make(text, first_start, m.end(), first, last))
    return found


_NEXT_WORD: Final = re.compile(r"[ \t]+([A-Za-z]+)\b")


def _place_follows(text: str, pos: int, end: int) -> bool:
    """'Maple Valley USD', 'Cedar Falls Unified': a district's name, not a person's."""
    m = _NEXT_WORD.match(text, pos, end)
    return m is not None and m.group(1)[0].isupper() and is_place(m.group(1))


def line_name(m: re.Match[str]) -> tuple[str, str] | None:
    groups = m.groupdict()
    first = groups.get("first") or groups.get("first2") or ""
    last = groups.get("last") or groups.get("last2") or ""
    if is_not_name(first) or is_not_name(last) or is_place(last) or is_place(first):
        return None
    return first.title(), last.title()


def recognize(layout: Layout, furniture: frozenset[int]) -> list[Hit]:
    """Lines that each name one person. Reported only when there are at least LIST_MIN of them."""
    hits: list[Hit] = []
    text = layout.text
    for line, (start, end) in enumerate(zip(layout.starts, layout.ends, strict=True)):
        if line in furniture or layout.blank[line] or text[start].islower():
            continue
        m = NAME_LINE.match(text, start, end)
        if m is None or is_titled(text, m.start()):
            continue
        name = line_name(m)
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
