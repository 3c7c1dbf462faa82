"""Slideshows are read, so a class slideshow is not "unknown"; a roster pasted onto a slide is found."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.util import Inches

from backend.detectors.content import analyze
from backend.extract import read_bytes
from backend.policy import load_demo_policy
from tests.extract import files


def deck(*, roster: bool) -> bytes:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Back to School Night"
    slide.placeholders[1].text = "Welcome to third grade!\nSupply list and schedule"
    if roster:
        table_slide = prs.slides.add_slide(prs.slide_layouts[5])
        rows = [("Student", "Allergy", "Medication")] + [
            (f"{first} {last}", "Peanuts", "EpiPen")
            for first, last in [("Ava", "Okafor"), ("Liam", "Novak"), ("Maya", "Tanaka"), ("Eli", "Haddad")]
        ]
        shape = table_slide.shapes.add_table(len(rows), 3, Inches(1), Inches(1), Inches(6), Inches(3))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                shape.table.cell(r, c).text = value
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def test_a_class_slideshow_is_read_and_holds_no_records() -> None:
    [doc] = read_bytes(deck(roster=False), "back to school.pptx", "", files.ctx())
    assert doc.unreadable is None
    assert "Back to School Night" in doc.text
    assert analyze(doc, load_demo_policy()).people == 0


def test_a_roster_pasted_on_a_slide_is_found() -> None:
    [doc] = read_bytes(deck(roster=True), "slides", "", files.ctx())  # found by content, no extension
    assert doc.unreadable is None and len(doc.tables) == 1
    evidence = analyze(doc, load_demo_policy())
    assert evidence.people == 4 and "health" in evidence.data


def test_damaged_slideshow_is_corrupt() -> None:
    [doc] = read_bytes(deck(roster=False)[:500], "broken.pptx", "", files.ctx())
    assert doc.unreadable is not None and doc.unreadable.reason == "corrupt"
