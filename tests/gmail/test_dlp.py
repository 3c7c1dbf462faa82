"""`crossing-guard gmail dlp`: word lists and RE2 patterns from the data kinds, valid in RE2 itself."""

from __future__ import annotations

import re

import pytest
import re2

from backend.cli import main
from backend.datakinds import KINDS, DataKind
from backend.gmail.dlp import MAX_WORDS, Detector, detectors, expand, re2_refuses, render

FOUND = {d.kind: d for d in detectors()}


def test_every_kind_with_words_gets_one_detector_and_no_other_does() -> None:
    assert set(FOUND) == {k.name for k in KINDS if k.text_terms}
    for d in FOUND.values():
        assert d.name.startswith("Crossing Guard: ") and 0 < len(d.words) <= MAX_WORDS


@pytest.mark.parametrize("kind", sorted(FOUND))
def test_every_pattern_compiles_in_re2_and_agrees_with_the_word_list(kind: str) -> None:
    detector = FOUND[kind]
    compiled = re2.compile(detector.pattern)
    for word in detector.words:
        assert compiled.search(f"Note: {word.upper()} today."), word
        assert not re.search(r"[\\()\[\]?*+|]", word), word  # a word list holds words, not patterns


MATCHES = [  # (kind, text, should the pattern flag it)
    ("health", "Maya has a peanut allergy and carries an EpiPen.", True),
    ("health", "Remember his inhaler for the field trip.", True),
    ("health", "The blood  sugar log is in her folder.", True),
    ("health", "We are allergic to long meetings.", True),  # a word list cannot tell; the rule's other conditions do
    ("health", "The weather looks good for Friday's game.", False),
    ("health", "Medical school applications open in May.", False),  # "medical" is a heading word, not a text term
    ("health", "Please bring a permission slip.", False),
    ("special_education", "Her IEP meeting is on Tuesday.", True),
    ("special_education", "He needs extended time on tests.", True),
    ("special_education", "Room 504 is the new science lab.", False),  # a bare 504 is left out
    ("special_education", "The piepan sale starts at noon.", False),  # "iep" inside a word
    ("special_education", "Bring your own spreadsheet.", False),
    ("custody", "There is a restraining order against the father.", True),
    ("custody", "Order forms for the yearbook are due.", False),
    ("custody", "The custodian will unlock the gym.", False),
    ("lunch", "She qualifies for free and reduced lunch.", True),
    ("lunch", "Lunch is at 11:30 on Fridays.", False),
    ("lunch", "Free parking is available.", False),
    ("discipline", "He got detention after the incident.", True),
    ("discipline", "The Suspension bridge model won first prize.", True),  # the rule pairs it with names
    ("discipline", "Attention all families: picture day is Monday.", False),
    ("discipline", "We expect a great season.", False),
]


@pytest.mark.parametrize(("kind", "text", "flag"), MATCHES)
def test_patterns_in_re2(kind: str, text: str, flag: bool) -> None:
    assert bool(re2.compile(FOUND[kind].pattern).search(text)) is flag


EXPANSIONS = [  # (term, the words it gives, or None when it is a pattern only)
    (r"epi-?pens?", ["epi-pen", "epi-pens", "epipen", "epipens"]),
    (r"blood\s+sugar", ["blood sugar"]),
    (r"special[\s-]+ed(?:ucation)?", ["special ed", "special education"]),
    (r"(?:full|sole)\s+custody", ["full custody", "sole custody"]),
    (r"dyslexi[ac]", ["dyslexia", "dyslexic"]),
    (r"anaphyla\w*", None),
    (r"eligib\w*", None),
    (r"\d{3}-\d{2}-\d{4}", None),
    (r"(?:a|b)(?:c|d)(?:e|f)(?:g|h)(?:i|j)", None),  # 32 variants: a pattern, not a word list
    (r"(unclosed", None),
]


@pytest.mark.parametrize(("term", "words"), EXPANSIONS)
def test_terms_expand_to_words_only_when_they_are_words(term: str, words: list[str] | None) -> None:
    assert expand(term) == words


REFUSED = [
    (r"(?i)\b(?:iep|504)\b", ""),
    (r"allerg(?:y|ies)", ""),
    (r"(?<=on a )504", "ASSERT"),
    (r"504(?! room)", "ASSERT_NOT"),
    (r"(a)\1", "GROUPREF"),
    (r"(", "invalid syntax"),
]


@pytest.mark.parametrize(("pattern", "construct"), REFUSED)
def test_what_re2_lacks_is_caught_before_an_admin_pastes_it(pattern: str, construct: str) -> None:
    assert re2_refuses(pattern) == construct
    if not construct:
        re2.compile(pattern)
    else:
        with pytest.raises(re2.error):
            re2.compile(pattern)


def test_a_kind_whose_words_re2_cannot_take_is_refused_naming_the_kind() -> None:
    bad = DataKind("made_up", "made-up things", "help", text_terms=(r"foo(?=bar)",))
    with pytest.raises(ValueError, match=r"made_up.*RE2"):
        detectors((bad,))
    many = DataKind("made_up", "made-up things", "help", text_terms=tuple(f"word{i}" for i in range(MAX_WORDS + 1)))
    with pytest.raises(ValueError, match=r"made_up.*word list"):
        detectors((many,))


def test_the_command_prints_every_detector(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gmail", "dlp"]) == 0
    out = capsys.readouterr().out
    assert out == render(detectors()) + "\n"
    for d in FOUND.values():
        assert f"## {d.name} ({d.kind})" in out and d.pattern in out and ", ".join(d.words) in out
    assert "Manage detectors" in out


def test_render_is_plain_text_for_an_admin() -> None:
    text = render([Detector("x", "Crossing Guard: x", ("a b", "c"), "(?i)\\b(?:a\\s+b|c)\\b")])
    assert "a b, c" in text and "(?i)\\b(?:a\\s+b|c)\\b" in text
