"""Delimited and plain text: encodings, delimiters, quoted fields, IDs kept as text, pasted tables."""

from __future__ import annotations

import codecs

import pytest

from backend.extract import read_bytes
from backend.extract.csv_ import sniff_delimiter
from backend.extract.pasted import split_tables
from tests.extract import files

ROSTER_TEXT = 'Student ID,Name,Notes\n00123,"Chen, Maya",peanut allergy\n00124,Liam Ortiz,\n'


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (ROSTER_TEXT.encode(), "roster.csv"),
        (codecs.BOM_UTF8 + ROSTER_TEXT.encode(), "roster.csv"),
        (ROSTER_TEXT.encode("utf-16"), "roster.csv"),  # Excel's "Unicode text"
        (ROSTER_TEXT.encode("cp1252"), "roster.csv"),
        (ROSTER_TEXT.replace(",", ";").replace('"Chen; Maya"', '"Chen, Maya"').encode(), "roster.csv"),
        (ROSTER_TEXT.replace(",", "\t").replace('"Chen\t Maya"', '"Chen, Maya"').encode(), "roster.tsv"),
        (ROSTER_TEXT.replace(",", "|").replace('"Chen| Maya"', '"Chen, Maya"').encode(), "roster.csv"),
        (ROSTER_TEXT.encode(), "no extension"),
    ],
)
def test_csv_reads_with_ids_as_text(data: bytes, name: str) -> None:
    [doc] = read_bytes(data, name, "", files.ctx())
    assert doc.unreadable is None
    [table] = doc.tables
    assert table.header == ("Student ID", "Name", "Notes")
    assert table.rows == (("00123", "Chen, Maya", "peanut allergy"), ("00124", "Liam Ortiz", ""))


def test_cp1252_accents_survive() -> None:
    data = "Name,City\nJosé Núñez,Peñasco\nZoë Brontë,Mérida\n".encode("cp1252")
    [doc] = read_bytes(data, "names.csv", "text/csv", files.ctx())
    assert doc.tables[0].rows[0] == ("José Núñez", "Peñasco")


def test_csv_without_heading_keeps_first_row() -> None:
    [doc] = read_bytes(b"00123,Maya Chen,5\n00124,Liam Ortiz,4\n", "export.csv", "", files.ctx())
    assert doc.tables[0].header == ()
    assert len(doc.tables[0].rows) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a,b,c\n1,2,3", ","), ("a\tb\n1\t2", "\t"), ("a;b;c\n1;2;3", ";"), ("a|b\n1|2", "|"), ("plain words", "?")],
)
def test_delimiter_sniffing(text: str, expected: str) -> None:
    assert sniff_delimiter(text, default="?") == expected


@pytest.mark.parametrize(
    ("text", "tables"),
    [
        ("Hi all,\nName\tID\tGrade\nMaya\t1\t3\nLiam\t2\t4\nThanks", 1),
        ("Name,ID,Grade\nMaya,1,3\nLiam,2,4", 1),
        ("Hi all, hope you are well.\nSee you Monday, early.\nBest, Ms. Patel", 0),  # one comma a line is prose
        ("Name\tID\nMaya\t1", 0),  # two lines are not a table
        ("Chen, Maya (#0123456), Gr 3: 504\nOrtiz, Liam (#0123457), Gr 4: IEP\nSingh, Ava (#0123458), Gr 3: x", 0),
        ("Just a note.", 0),
        ("", 0),
    ],
)
def test_tables_pasted_in_text(text: str, tables: int) -> None:
    prose, found = split_tables(text)
    assert len(found) == tables
    if not found:
        assert prose == text
    for table in found:
        for row in table.rows:
            assert str(row[0]) not in prose  # table lines leave the text


def test_text_file_keeps_text_and_finds_tables() -> None:
    data = b"Notes for the sub\nName\tAllergy\nMaya\tpeanuts\nLiam\tlatex\n"
    [doc] = read_bytes(data, "notes.txt", "", files.ctx())
    assert doc.text == "Notes for the sub"
    assert doc.tables[0].header == ("Name", "Allergy")
    assert doc.tables[0].rows == (("Maya", "peanuts"), ("Liam", "latex"))


def test_vcard_is_read_as_text() -> None:
    data = b"BEGIN:VCARD\nVERSION:3.0\nFN:Wei Chen\nEMAIL:wei@example.com\nEND:VCARD\n"
    [doc] = read_bytes(data, "parents.vcf", "text/vcard", files.ctx())
    assert "wei@example.com" in doc.text
