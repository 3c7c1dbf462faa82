"""Write sample files for trying the command line: rosters, saved messages, ordinary paperwork.

    .venv/bin/python scripts/make_samples.py samples/
    crossing-guard check "samples/med alerts.xlsx" --to parent@gmail.com
    crossing-guard check --eml "samples/welcome (wrong attachment).eml"

Everything is fake and seeded (the same files every time). Besides the attachments and messages, it
writes a few complete check requests (`*.request.json`, the JSON body of POST /v1/check) taken from the
test corpus, for trying the API with curl against `crossing-guard serve`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.corpus import cases  # noqa: E402
from tests.fakedata import delimited, documents, eml, layouts, word, xlsx  # noqa: E402
from tests.fakedata.students import generate, with_504  # noqa: E402
from tests.fakedata.xlsx import XLSX_TYPE  # noqa: E402

REQUESTS = (
    "i4_welcome_xlsx_parents_bcc",
    "i3_504_table_pasted_in_html_body",
    "i5_allstudents_from_automation",
    "ok_progress_report_docx_to_parents",
    "ok_game_schedule_to_team_families_bcc",
    "warn_40_parents_visible_in_to",
)


def files() -> dict[str, bytes]:
    students = generate(500, seed=500)
    one = students[0]
    section_504 = with_504(40, seed=40)
    welcome = eml.message(
        sender="abrandt@maplevalley.k12.example",
        to=[g.email for s in students[:40] for g in s.guardians[:1]],
        subject="Welcome to the after-school program!",
        body="Welcome! Please review the attached information and let us know about any changes.",
        attachments=[("confirmed sites enrollment.xlsx", XLSX_TYPE, xlsx.roster(layouts.WELCOME_ROSTER, students))],
    )
    progress = eml.message(
        sender="mokafor@maplevalley.k12.example",
        to=[g.email for g in one.guardians],
        subject="Q2 progress report",
        body="Attached is the progress report for the second quarter.",
        attachments=[("Q2 progress report.docx", word.DOCX_TYPE, documents.progress_report_docx(one))],
    )
    return {
        "welcome (wrong attachment).eml": welcome,
        "progress report to parents.eml": progress,
        "bus roster (500 students).xlsx": xlsx.roster(layouts.TRANSPORT, students),
        "powerschool export.xlsx": xlsx.roster(layouts.POWERSCHOOL, students),
        "infinite campus extract.csv": delimited.roster(layouts.INFINITE_CAMPUS, students),
        "versatrans import.txt": delimited.roster(layouts.VERSATRANS, students, delimiter="\t"),
        "med alerts.xlsx": xlsx.roster(layouts.MED_ALERT, students[:120]),
        "504 roster.docx": word.document(word.Doc("504 Plans", (
            word.Table(layouts.SECTION_504.header, layouts.SECTION_504.rows(section_504)),
        ))),
        "progress report (one student).docx": documents.progress_report_docx(one),
        "transcript (one student).pdf": documents.transcript_pdf(one),
        "blank medication form.xlsx": documents.blank_medication_form_xlsx(),
        "game schedule.xlsx": documents.game_schedule_xlsx(),
        "lunch menu.pdf": documents.lunch_menu_pdf(),
        "corrupt.xlsx": documents.conference_schedule_corrupt(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path, help="where to write the samples (created if missing)")
    args = parser.parse_args()
    out: Path = args.directory
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files().items():
        (out / name).write_bytes(data)
        print(f"wrote {name} ({len(data):,} bytes)")
    for case_id in REQUESTS:
        case = cases.build(case_id)
        name = f"{case_id}.request.json"
        (out / name).write_text(json.dumps(case.request, indent=1))
        print(f"wrote {name}: {case.description} (expected: {case.verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
