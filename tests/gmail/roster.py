"""Incident 4's wrong attachment: an enrollment spreadsheet of 2,900 students, made with openpyxl.

Names, student IDs, allergies, medications, parent phones and whether fees were paid. A few rows carry
canary values, unique strings that must never appear in anything the service sends back.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

from openpyxl import Workbook

from tests.fakedata.students import generate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_NAME = "confirmed sites enrollment.xlsx"
HEADER = ("Student ID", "Last Name", "First Name", "Grade", "Allergies", "Medications", "Parent Phone", "Fees Paid")
CANARY_NAMES = ("Quillfeatherston", "Zephyrine")
CANARY_MEDICATION = "Brivaracetam 75mg twice daily"
CANARY_PHONE = "(555) 014-2291"
CANARY_ID = "7731904"


@dataclass(frozen=True)
class Roster:
    data: bytes
    students: int
    canaries: tuple[str, ...]


@cache
def enrollment(count: int = 2900) -> Roster:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Enrollment")
    ws.append(list(HEADER))
    ids: list[str] = []
    phones: list[str] = []
    for i, s in enumerate(generate(count, seed=4)):
        student_id, last, first, phone = s.local_id, s.last, s.first, s.guardians[0].cell
        medications = ", ".join(s.medications)
        if i == 17:
            student_id, last, first, phone, medications = (
                CANARY_ID,
                CANARY_NAMES[0],
                CANARY_NAMES[1],
                CANARY_PHONE,
                CANARY_MEDICATION,
            )
        ws.append(
            [
                student_id,
                last,
                first,
                s.grade,
                ", ".join(s.allergies),
                medications,
                phone,
                "Yes" if s.fees_paid else "No",
            ]
        )
        if i < 40:
            ids.append(student_id)
            phones.append(phone)
    buffer = io.BytesIO()
    wb.save(buffer)
    canaries = (*CANARY_NAMES, CANARY_MEDICATION, CANARY_PHONE, CANARY_ID, *ids, *phones)
    return Roster(buffer.getvalue(), count, canaries)
