"""XML and JSON record sets become tables, safely: no entity expansion, no external references, bounded."""

from __future__ import annotations

import time

import pytest

from backend.extract import ReadContext, read_bytes
from backend.models import Document
from backend.policy.schema import Limits


def read(data: bytes, name: str, limits: Limits | None = None) -> Document:
    docs = read_bytes(data, name, "", ReadContext(limits or Limits(), time.monotonic() + 5))
    assert len(docs) == 1
    return docs[0]


EDFI = (
    b'<?xml version="1.0"?><InterchangeStudent xmlns="http://ed-fi.org/0220"><!-- export -->'
    b"<Student><StudentUniqueId>604822</StudentUniqueId><Name><FirstName>Ana</FirstName>"
    b"<LastSurname>Ruiz</LastSurname></Name><Sex>uri://ed-fi.org/SexDescriptor#Female</Sex>"
    b"<Address><City>Elm</City></Address><BirthData><City>Oak</City></BirthData>"
    b"<Race><RaceDescriptor>uri://ed-fi.org/RaceDescriptor#White</RaceDescriptor></Race>"
    b"<Race><RaceDescriptor>uri://ed-fi.org/RaceDescriptor#Asian</RaceDescriptor></Race></Student>"
    b"<Student><StudentUniqueId>604823</StudentUniqueId></Student></InterchangeStudent>"
)


def test_edfi_interchange_is_one_row_per_record() -> None:
    doc = read(EDFI, "students.xml")
    assert doc.unreadable is None and not doc.text
    (table,) = doc.tables
    assert table.name == "Student"
    assert table.header == ("StudentUniqueId", "FirstName", "LastSurname", "Sex", "Address.City", "BirthData.City",
                            "RaceDescriptor")
    assert table.rows[0] == ("604822", "Ana", "Ruiz", "Female", "Elm", "Oak", "White; Asian")
    assert table.rows[1][0] == "604823" and table.rows[1][1:] == (None,) * 6


def test_wrappers_that_list_records_are_looked_through() -> None:
    doc = read(b"<Export><Students><Student><Id>1</Id><Name>A B</Name></Student></Students></Export>", "x.xml")
    assert [(t.name, t.header, len(t.rows)) for t in doc.tables] == [("Student", ("Id", "Name"), 1)]


JSON_SHAPES = [
    (b'[{"studentUniqueId": "1", "name": {"first": "A"}, "races": [{"raceDescriptor": "uri://x.org/R#Asian"}]}]',
     "s.json", ("studentUniqueId", "first", "raceDescriptor"), ("1", "A", "Asian")),
    (b'{"users": [{"sourcedId": "9", "role": "student", "enabledUser": true}]}', "u.json",
     ("sourcedId", "role", "enabledUser"), ("9", "student", "true")),
    (b'{"sourcedId": "9", "role": "teacher"}\n{"sourcedId": "8", "role": "student"}\n', "u.jsonl",
     ("sourcedId", "role"), ("9", "teacher")),
]


@pytest.mark.parametrize(("data", "name", "header", "first"), JSON_SHAPES)
def test_json_record_sets(data: bytes, name: str, header: tuple[str, ...], first: tuple[str, ...]) -> None:
    (table,) = read(data, name).tables
    assert table.header == header and table.rows[0] == first


UNSAFE = [
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>', "bomb"),
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]><r><v>&x;</v></r>', "bomb"),
    (b'<?xml version="1.0"?><r><unclosed></r>', "corrupt"),
    (b"<r>" + b"<a>" * 40 + b"x" + b"</a>" * 40 + b"</r>", "bomb"),
    (b'[{"a": ' + b"[" * 40 + b"1" + b"]" * 40 + b"}]", "bomb"),
    (b'[{"a": 1}, {"b": ', "corrupt"),
]


@pytest.mark.parametrize(("data", "reason"), UNSAFE)
def test_unsafe_or_broken_record_files_are_unreadable(data: bytes, reason: str) -> None:
    name = "f.json" if data.startswith(b"[") else "f.xml"
    doc = read(data, name)
    assert doc.unreadable is not None and doc.unreadable.reason == reason


def test_a_doctype_without_entities_is_read() -> None:
    doc = read(b'<?xml version="1.0"?><!DOCTYPE r><r><s><i>1</i></s><s><i>2</i></s></r>', "d.xml")
    assert doc.unreadable is None and doc.tables[0].rows == (("1",), ("2",))


def test_rows_and_cells_are_bounded() -> None:
    many = b"<r>" + b"<s><i>1</i><n>x</n></s>" * 50 + b"</r>"
    assert read(many, "m.xml").unreadable is None
    too_many = read(many, "m.xml", Limits(rows=10))
    assert too_many.unreadable is not None and too_many.unreadable.reason == "too_large"
    assert read(many, "m.xml", Limits(cells=20)).unreadable is not None


def test_xml_and_json_are_sniffed_without_an_extension() -> None:
    assert read(EDFI, "export").tables[0].name == "Student"
    assert read(b'[{"a": "1"}]', "export").tables[0].header == ("a",)
