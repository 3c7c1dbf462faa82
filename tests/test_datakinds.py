"""Each data kind is one declaration: the policy key, the README row and the vocabularies come from it."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
from pathlib import Path

import pytest

from backend.datakinds import KINDS, DataKind, ordered
from backend.detectors.content import text_health, text_rows
from backend.detectors.content.column_headings import classify_heading
from backend.detectors.content.tables import LIKELY_STUDENT_ROLES, STUDENT_ROLES
from backend.detectors.content.text_base import literal_starts
from backend.policy import iter_keys, load_demo_policy
from backend.policy.schema import Data

ROOT = Path(__file__).resolve().parent.parent


def _readme_tables() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("readme_tables", ROOT / "scripts" / "readme_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tables: dict[str, str] = module.tables()
    return tables


def test_readme_tables_are_generated_from_the_declarations() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for name, table in _readme_tables().items():
        assert f"<!-- {name} -->\n{table}\n<!-- /{name} -->" in readme, f"run scripts/readme_tables.py ({name})"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_policy_key_default_and_help_come_from_the_kind(kind: DataKind) -> None:
    keys = {k: (d, h) for k, d, h in iter_keys()}
    assert keys[f"data.{kind.name}"] == (f"warn {kind.warn_people}, block {kind.block_people}", kind.help)
    rule = load_demo_policy().rule(kind.name)
    assert (rule.warn_people, rule.block_people) == (kind.warn_people, kind.block_people)
    assert f"| {kind.label} |" in _readme_tables()["data-kinds"]


@pytest.mark.parametrize("kind", [k for k in KINDS if k.headings], ids=lambda k: k.name)
def test_every_declared_heading_reaches_the_column_rules(kind: DataKind) -> None:
    # The simplest word of each heading pattern, as a heading, is classified as the kind.
    for headings in kind.headings:
        word = next(p for p in headings.anywhere if re.fullmatch(r"[a-z ]+(?:\\w\*)?", p)).removesuffix("\\w*")
        match = classify_heading(word)
        assert match is not None and match.rule.kind == kind.name, word


def test_marks_reach_the_table_roles() -> None:
    for kind in KINDS:
        assert (kind.name in STUDENT_ROLES) == (kind.marks == "students"), kind.name
        assert (kind.name in LIKELY_STUDENT_ROLES) == (kind.marks == "likely"), kind.name


def test_text_vocabularies_come_from_the_kinds() -> None:
    assert set(text_health.TERMS) == {k.name for k in KINDS if k.text_terms}
    assert set(text_rows.SENSITIVE) == {k.name for k in KINDS if k.row_heading}


def test_the_policy_has_one_rule_per_kind_in_order() -> None:
    assert [f.name for f in dataclasses.fields(Data)] == [k.name for k in KINDS]
    assert ordered({"names", "health", "not_a_kind"}) == ("health", "names", "not_a_kind")


LITERAL_STARTS = [
    ("epi-?pens?", ("epi",)),
    ("ieps?", ("iep",)),
    ("behaviou?r\\s+plans?", ("behavio",)),
    ("(?:speech|occupational)\\s+therapy", ("speech", "occupational")),
    ("(?:section\\s+)?504", ("section", "504")),
    ("f/r\\s+lunch", ("f/r",)),
    ("Free\\s+lunch", ("free",)),
    ("asthma(?:tic)?", ("asthma",)),
]


@pytest.mark.parametrize(("pattern", "starts"), LITERAL_STARTS)
def test_literal_starts(pattern: str, starts: tuple[str, ...]) -> None:
    assert literal_starts(pattern) == starts


@pytest.mark.parametrize("pattern", ["\\d+ days", "[a-z]+", "(?:\\w+)"])
def test_a_pattern_without_a_literal_start_is_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="literal"):
        literal_starts(pattern)


def test_every_text_term_matches_from_a_stem() -> None:
    for kind, words in text_health.TERMS.items():
        for word in words:
            assert all(s in text_health.STEMS for s in literal_starts(word)), (kind, word)
