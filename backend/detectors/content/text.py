"""The text analyser: message bodies and document text -> Evidence of whose records they expose.

Each recognizer (one per `text_*.py` module, listed in RECOGNIZERS) finds hits; this module gives
every hit an owner and counts distinct people:

- a hit already tied to a name (a health word in a sentence with a name, a pasted table row) is
  that person's;
- an SSN, ID or birth date belongs to the name on its line, else to the nearest name a few lines
  above in the same paragraph (a record laid out as "Student: ...", "DOB: ..."), else to the name
  heading its block further up (a report with one block per student), else to itself;
- a filled-in health field with no name near it counts for no one: health words are not health data;
- unowned hits of different fields within a few lines of one paragraph ("Student ID: ... State ID:
  ...", "Date of Birth: ...") are one record, so one person; a second hit of the same field starts
  another record.

Evidence carries counts, kinds, masked samples and reasons that name recognizers and context words,
never a matched value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from backend.datakinds import ordered
from backend.detectors.base import Evidence
from backend.detectors.content import text_dob, text_health, text_names, text_rows, text_ssn, text_student_id
from backend.detectors.content.text_base import Hit, Layout
from backend.detectors.content.text_names import Name, find_names
from backend.policy import Policy

Recognizer = Callable[[Layout, frozenset[int]], list[Hit]]

RECOGNIZERS: Final[tuple[tuple[str, Recognizer], ...]] = (
    ("text_ssn", lambda layout, _: text_ssn.recognize(layout.text)),
    ("text_student_id", lambda layout, _: text_student_id.recognize(layout.text)),
    ("text_dob", lambda layout, _: text_dob.recognize(layout.text)),
    ("text_health", text_health.recognize),
    ("text_rows", text_rows.recognize),
    ("text_names", text_names.recognize),
)
OWNER_LINES_ABOVE: Final = 4  # how far above an ID or field its person's name may be
# A report that heads each student's block with their name ("Okafor, Ava M" then course lines, then
# "Student ID: ...") puts the ID further down: the nearest name above still owns it when that name
# stands on a line of its own, the block's heading. Counting the ID apart counted students twice.
HEADING_LINES_ABOVE: Final = 40
HEADING_EXTRA_CHARS: Final = 24  # besides the name, a heading line holds at most an ID or a grade
MAX_SAMPLES: Final = 3


class _Owners:
    """Names per line, found once per line on demand, skipping greetings and signatures."""

    def __init__(self, layout: Layout, furniture: frozenset[int]) -> None:
        self.layout = layout
        self.furniture = furniture
        self.cache: dict[int, list[Name]] = {}
        self.claimed: dict[int, set[str]] = {}  # line of a name -> fields of hits below it that it owns

    def names(self, line: int) -> list[Name]:
        if line not in self.cache:
            found: list[Name] = []
            if line not in self.furniture:
                found = find_names(self.layout.text, self.layout.starts[line], self.layout.ends[line])
            self.cache[line] = found
        return self.cache[line]

    def owner(self, pos: int, field: str) -> Name | None:
        line = self.layout.line_of(pos)
        here = self.names(line)
        if here:
            before = [n for n in here if n.start < pos]
            return before[-1] if before else here[0]
        paragraph = self.layout.paragraphs[line]
        for above in range(line - 1, max(-1, line - 1 - OWNER_LINES_ABOVE), -1):
            if self.layout.paragraphs[above] != paragraph:
                break
            names = self.names(above)
            if names:
                return self._claim(above, field, names[-1])
        return self.heading_above(line, field)

    def _claim(self, line: int, field: str, name: Name) -> Name | None:
        """A name above owns one hit of each field: a second "Student ID" under it is another student's."""
        claimed = self.claimed.setdefault(line, set())
        if field in claimed:
            return None
        claimed.add(field)
        return name

    def heading_above(self, line: int, field: str) -> Name | None:
        """The name heading the block `line` is in: the nearest line above with a name, if it is a heading."""
        for above in range(line - 1, max(-1, line - 1 - HEADING_LINES_ABOVE), -1):
            names = self.names(above)
            if not names:
                continue
            if len(names) > 1:
                return None
            start, end = self.layout.starts[above], self.layout.ends[above]
            rest = len(self.layout.text[start:end].strip()) - (names[0].end - names[0].start)
            return self._claim(above, field, names[0]) if rest <= HEADING_EXTRA_CHARS else None
        return None


class _Records:
    """Groups unowned hits into records: one per paragraph until a field repeats or lines run out."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.open: dict[int, tuple[int, set[str], str]] = {}  # paragraph -> (last line, fields, person)

    def person(self, hit: Hit) -> str:
        assert hit.identity is not None
        line = self.layout.line_of(hit.start)
        paragraph = self.layout.paragraphs[line]
        field = hit.reason
        current = self.open.get(paragraph)
        if current is not None and field not in current[1] and line - current[0] <= OWNER_LINES_ABOVE:
            current[1].add(field)
            self.open[paragraph] = (line, current[1], current[2])
            return current[2]
        self.open[paragraph] = (line, {field}, hit.identity)
        return hit.identity


def analyze_text(text: str, policy: Policy) -> Evidence:
    """Who the text's records describe, and which kinds of data it carries about them."""
    text = text[: policy.limits.text_chars]
    layout = Layout(text)
    furniture = text_names.furniture_lines(layout)
    owners = _Owners(layout, furniture)
    records = _Records(layout)
    people: set[str] = set()
    kinds: set[str] = set()
    samples: dict[str, None] = {}
    reasons: dict[str, None] = {}
    for _, recognize in RECOGNIZERS:
        for hit in recognize(layout, furniture):
            person, sample, named = hit.person, hit.sample, hit.person is not None
            if person is None:
                owner = owners.owner(hit.start, hit.reason)
                if owner is not None:
                    person, named, sample = owner.key, True, sample or owner.sample
                elif not hit.needs_owner and hit.identity is not None:
                    person = records.person(hit)
            if person is None:
                continue
            people.add(person)
            kinds.add(hit.kind)
            if named:
                kinds.add("names")
            if sample and len(samples) < MAX_SAMPLES:
                samples[sample] = None
            reasons[hit.reason] = None
    return Evidence(
        source="",
        source_kind="body",
        people=len(people),
        person_keys=frozenset(people),
        data=frozenset(ordered(kinds)),
        samples=tuple(samples),
        subjects="students" if people else "none",
        reasons=tuple(reasons),
    )
