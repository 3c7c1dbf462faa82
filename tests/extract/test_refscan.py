"""The array scan of cell references gives the same largest row and column as reading them one by one."""

from __future__ import annotations

import random
import re

import pytest

from backend.extract.refscan import extent
from backend.extract.sheetsize import column_number

PAD = " " * 16  # references in the last bytes of a chunk are left for the next one
_REF = re.compile(rb'(?<=[ \t\r\n])r="([A-Z]{0,3})(\d+)"')


def one_by_one(text: bytes) -> tuple[int, int]:
    found = [(int(d), column_number(letters)) for letters, d in _REF.findall(text)]
    return (max(r for r, _ in found), max(c for _, c in found)) if found else (0, 0)


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ('<row r="12"><c r="AB12" t="s"><v>1</v></c><c r="C7"/></row>', (12, 28)),
        ('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', (1_048_576, 16_384)),
        ('<row\tr="3000000000"><c\nr="A3000000"/></row>', None),  # ten digits: not plain, the pattern decides
        ('<c r="a1"/>', None),  # lower case: the pattern decides
        ('<c r="ABCD1"/>', None),  # four letters
        ('<c r=""/>', None),
        ('<c r="AB"/>', None),  # no row
        ('<c r="A1B2"/>', None),
        ('<c r="Z9"/><c r="ZZ1"/>', (9, 702)),
        ('<c s="ZZZ999" r="B2"/>', (2, 2)),  # other attributes are not references
        ('<selection sqref="XFD99"/><c r="A1"/>', (1, 1)),  # nor is a selection, after no space
        ('<is><t>no references here</t></is>', (0, 0)),
        ('<c r="A1"><v>r="ZZ9"</v></c>', (1, 1)),  # text after no space is not a reference
    ],
)
def test_extent_of_plain_references_and_none_for_the_rest(xml: str, expected: tuple[int, int] | None) -> None:
    text = (xml + PAD).encode()
    assert extent(text) == expected
    if expected is not None:
        assert one_by_one(text) == expected


def test_extent_matches_reading_references_one_by_one() -> None:
    rng = random.Random(9)
    for _ in range(50):
        parts = []
        for _ in range(rng.randrange(1, 400)):
            letters = "".join(chr(65 + rng.randrange(26)) for _ in range(rng.randrange(0, 4)))
            digits = str(rng.randrange(1, 10 ** rng.randrange(1, 9 if len(letters) == 3 else 10)))
            space = rng.choice(" \t\r\n")
            parts.append(f'<c{space}r="{letters}{digits}" t="s"><v>{rng.randrange(99)}</v></c>')
        text = ("".join(parts) + PAD).encode()
        assert extent(text) == one_by_one(text)
