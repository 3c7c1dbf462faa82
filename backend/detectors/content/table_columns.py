"""One column at a time: its heading's rule, confirmed (or not) by a sample of its values.

Values are sampled, not read whole: a stride of at most `SAMPLE_SIZE` rows across the table, so a
50,000-row sheet costs the same as a 300-row one. Two cases read further, because a sample would lie:
a mostly blank column (a few allergy notes among thousands of empty cells) is scanned for its first
non-blank values, and a flag column whose sample is all "N" is scanned for a single "Y" (230
students on 504 plans among 50,000 are easily missed by 300 rows).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from operator import itemgetter
from typing import Final

from backend.datakinds import KINDS
from backend.detectors.content.column_headings import classify_heading
from backend.detectors.content.column_values import (
    TRUE_FLAGS,
    ValueCheck,
    check,
    grade_meaning,
    guess,
    is_null,
    text_of,
)
from backend.detectors.content.columns import Role, Subject
from backend.detectors.content.table_grid import SAMPLE_SIZE, Row, sample_indices
from backend.models import Grid

SPARSE: Final = 20  # fewer non-blank values than this in a sample of a long table: scan further


@dataclass(frozen=True)
class ColumnFinding:
    """What one column is. `texts` are sampled values, kept in memory for checks and masking only."""

    index: int
    heading: str
    role: Role | None
    kind: str | None
    subject: Subject | None
    has_data: bool
    reason: str
    nothing: frozenset[str] = frozenset()
    texts: tuple[str, ...] = field(default=(), repr=False)

    def example(self) -> str | None:
        """The first sampled value worth a masked sample: not blank, not a bare yes or no."""
        for t in self.texts:
            low = t.lower()
            if not is_null(t) and low not in self.nothing and low not in TRUE_FLAGS:
                return t
        return None


def sample_rows(grid: Grid) -> Sequence[Row]:
    """At most `SAMPLE_SIZE` rows spread evenly over the table (all of them when it is small)."""
    return grid.rows_at(sample_indices(grid.height))


def _texts(rows: Sequence[Row], index: int) -> list[str]:
    return [t for t in map(text_of, map(itemgetter(index), rows)) if t]


def _find_meaningful(grid: Grid, index: int, nothing: frozenset[str]) -> str | None:
    for value in grid.distinct(index):
        text = text_of(value)
        if not is_null(text) and text.lower() not in nothing:
            return text
    return None


def read_column(index: int, heading: str, grid: Grid, sample: Sequence[Row]) -> ColumnFinding:
    """Classify a column by its heading and confirm it by its values."""
    texts = _texts(sample, index)
    if len(texts) < SPARSE and grid.height > len(sample):
        # Mostly blank: read the column's distinct values instead of a stride of mostly nothing.
        texts = [t for t in map(text_of, islice(grid.distinct(index), SAMPLE_SIZE)) if t]
    match = classify_heading(heading) if heading.strip() else None
    if match is None:
        return ColumnFinding(index, heading, None, None, None, False, "heading not recognised", texts=tuple(texts))
    rule = match.rule
    role: Role = rule.role
    kind = rule.kind
    label = f"'{heading}': {rule.why}"
    if role == "grade":
        meaning = grade_meaning(texts)
        if meaning is None:
            return ColumnFinding(
                index, heading, None, None, None, False,
                f"{label}; values are neither grade levels nor marks", texts=tuple(texts),
            )
        role, kind = ("grades", "grades") if meaning == "grades" else ("grade_level", None)
        label += f" ({'marks' if kind else 'grade levels'})"
    result = check(rule.shape, texts, rule.nothing)
    if not result.ok and rule.shape in ("flag_or_text", "any") and grid.height > len(texts):
        found = _find_meaningful(grid, index, rule.nothing)
        if found is not None:
            texts.append(found)
            result = ValueCheck(True, "values present beyond the sample")
    return ColumnFinding(
        index, heading, role, kind, match.subject, result.ok, f"{label}; {result.why}", rule.nothing, tuple(texts)
    )


_GUESSED: Final[dict[str, tuple[Role, str]]] = {
    "ssn": ("ssn", "ssn"),
    "email": ("email", "contact"),
    "phone": ("phone", "contact"),
    "birth_date": ("birth_date", "birth_date"),
}


# Context roles whose values may still say a kind: Ed-Fi's "TransportationPublicExpenseEligibilityType"
# column is a bus column by its heading and a disability by its values ("Eligible - Disability").
VALUE_ROLES: Final[frozenset[Role | None]] = frozenset({None, "bus_route", "school", "relationship", "date"})
_VALUE_KINDS: Final = tuple(
    (k.name, re.compile("|".join(k.values), re.IGNORECASE), k.values_nothing) for k in KINDS if k.values
)
VALUE_SHARE: Final = 0.2  # of a column's values that must name kinds (a program column names several)


def kind_by_values(texts: Sequence[str]) -> tuple[str, frozenset[str]] | None:
    """The most sensitive kind whose declared values the column holds, when enough of them do."""
    real = [t for t in texts if not is_null(t)]
    named = {t for t in real for _, rx, _ in _VALUE_KINDS if rx.fullmatch(t)}
    if not named or sum(1 for t in real if t in named) < VALUE_SHARE * len(real):
        return None
    for name, rx, nothing in _VALUE_KINDS:
        if any(rx.fullmatch(t) for t in named):
            return name, nothing
    return None  # pragma: no cover - `named` holds a value of some kind


def guess_column(column: ColumnFinding, *, student_context: bool) -> ColumnFinding:
    """A column whose heading said nothing (or only gave context), classified by its values alone."""
    heading = f"'{column.heading}'" if column.heading.strip() else f"column {column.index + 1}"
    by_values = kind_by_values(column.texts)
    if by_values is not None:
        kind, nothing = by_values
        why = f"{heading}: values name {kind.replace('_', ' ')} (such as program or descriptor codes)"
        return replace(column, role=kind, kind=kind, has_data=True, reason=why, nothing=nothing)
    guessed = guess(column.texts, student_context=student_context) if column.role is None else None
    if guessed is None:
        return column
    role, kind = _GUESSED[guessed[0]]
    return replace(column, role=role, kind=kind, has_data=True, reason=f"{heading}: {guessed[1]}")
