"""The five incidents of the design, each in several forms. All of them must be stopped."""

from __future__ import annotations

from tests.corpus import data
from tests.corpus.message import (
    DISTRICT,
    FRONT_OFFICE,
    KIRAN,
    MAIL_MERGE,
    NOTIFIER,
    PRINCIPAL,
    SECTION_504_COORDINATOR,
    TRANSPORT,
    attachment,
    cloud_attachment,
    recipient,
    request,
)
from tests.corpus.registry import Case, case, private
from tests.fakedata import delimited, eml, html, layouts, text, word, xlsx
from tests.fakedata.eml import EML_TYPE
from tests.fakedata.word import DOCX_TYPE
from tests.fakedata.xlsx import XLSX_TYPE

CSV_TYPE = "text/csv"
BUS_FILE = "2024-25 Bus Routes - All Students.xlsx"
BUS_BODY = (
    "Dear families,\n\nBus routes for the new school year are ready. Please find your student's stop and pickup "
    "time in the attached roster. Routes start Wednesday, September 4.\n\nMaple Valley Transportation"
)
SHAREPOINT_ROSTER = (
    "https://maplevalleyusd.sharepoint.com/:x:/s/Transportation/EbQ3v8kLm2dFq0Zr7TnWc1gBx4hYpQ?e=Xk2PqA"
)
GOOGLE_SHEET = "https://docs.google.com/spreadsheets/d/1Hk3vQ8bP0xLm4Rt7YwZ2nC9sJd6FgA5eU/edit?usp=sharing"

# --- 1. the whole district's bus roster to every family -----------------------------------------


@case
def i1_bus_roster_xlsx_to_families() -> Case:
    return Case(
        "18,000 students' addresses and bus stops attached as xlsx, sent to 300 families in Bcc",
        request(
            sender=TRANSPORT, subject="Bus information for 2024-25", to=[TRANSPORT.email],
            bcc=data.families(300, 101), text=BUS_BODY,
            attachments=[attachment(BUS_FILE, data.bus_roster_xlsx(), XLSX_TYPE)],
        ),
        "block", 18_000, private=private(data.district_roster()), codes=("roster_attached",),
    )


@case
def i1_bus_roster_csv_to_families() -> Case:
    return Case(
        "the same roster as a CSV export",
        request(
            sender=TRANSPORT, subject="Bus information for 2024-25", to=[TRANSPORT.email],
            bcc=data.families(300, 101), text=BUS_BODY,
            attachments=[attachment("bus_routes_all.csv", data.bus_roster_csv(), CSV_TYPE)],
        ),
        "block", 18_000, private=private(data.district_roster()), codes=("roster_attached",),
    )


@case
def i1_bus_roster_versatrans_tab_txt() -> Case:
    return Case(
        "the roster as the routing system's tab-delimited .txt export, to 120 families in To",
        request(
            sender=TRANSPORT, subject="Routes", to=data.families(120, 102), text=BUS_BODY,
            attachments=[attachment("versatrans_export.txt", data.bus_roster_tab(), "text/plain")],
        ),
        "block", 18_000, private=private(data.district_roster()), codes=("roster_attached",),
    )


@case
def i1_bus_roster_sharepoint_link() -> Case:
    return Case(
        "a SharePoint link to the district roster spreadsheet sent to 300 families (content not looked up)",
        request(
            sender=TRANSPORT, subject="Find your bus stop", to=[TRANSPORT.email], bcc=data.families(300, 101),
            text="Dear families,\n\nFind your student's bus stop and pickup time in this spreadsheet:\n"
            f"{SHAREPOINT_ROSTER}\n\nMaple Valley Transportation",
            links=[SHAREPOINT_ROSTER],
        ),
        "warn", None, at_least=True,
    )


@case
def i1_bus_roster_google_sheets_link_in_body() -> Case:
    return Case(
        "a Google Sheets link to the roster, only in the HTML body, sent from Gmail to 300 families",
        request(
            sender=TRANSPORT, subject="Bus stops are posted", to=[TRANSPORT.email], bcc=data.families(300, 103),
            html=html.page(
                "Dear families,", "Bus stops for every student are in the route sheet below. Look up your child "
                "by last name.",
            ).replace("</body>", f'<p><a href="{GOOGLE_SHEET}">2024-25 route sheet</a></p></body>'),
            app="gmail",
        ),
        "warn", None, at_least=True,
    )


@case
def i1_bus_roster_cloud_attachment() -> Case:
    return Case(
        "the roster attached from OneDrive as a cloud attachment (a URL, no content), to 300 families",
        request(
            sender=TRANSPORT, subject="Bus information for 2024-25", to=[TRANSPORT.email],
            bcc=data.families(300, 101), text=BUS_BODY,
            attachments=[cloud_attachment(
                BUS_FILE,
                "https://maplevalleyusd-my.sharepoint.com/personal/rcastellano_maplevalley_k12_example/Documents/"
                "2024-25%20Bus%20Routes%20-%20All%20Students.xlsx",
            )],
        ),
        "warn", None, at_least=True,
    )


@case
def i1_mail_merge_api_one_family() -> Case:
    """One message of the merge: each family gets its own letter, and the whole roster by mistake."""
    rider = data.district_roster()[4242]
    parent = rider.guardians[0]
    return Case(
        "a mail-merge tool (client api) sends one family its letter with the 18,000-student roster attached",
        request(
            sender=MAIL_MERGE, subject=f"Bus information for {rider.first}", app="api",
            to=[recipient(parent.email, parent.full_name, app="api")],
            text=f"Dear {parent.first},\n\n{rider.first} rides route {rider.route}. Morning pickup is at "
            f"{rider.am_time} and afternoon drop-off at {rider.pm_time}. The full schedule is attached.\n\n"
            "Maple Valley Transportation",
            attachments=[attachment(BUS_FILE, data.bus_roster_xlsx(), XLSX_TYPE)],
        ),
        "block", 18_000, private=private(data.district_roster()), codes=("roster_attached",),
    )


# --- 2. student files to a personal account -----------------------------------------------------


@case
def i2_own_gmail_xlsx() -> Case:
    students = data.population(35, 21)
    return Case(
        "Kiran Patel sends a PowerSchool export with medical alerts and state IDs to kiran.patel1987@gmail.com",
        request(
            sender=KIRAN, subject="files for the weekend", to=["kiran.patel1987@gmail.com"],
            text="working on these from home",
            attachments=[attachment("caseload_export.xlsx", xlsx.roster(layouts.PERSONAL_COPY, students), XLSX_TYPE)],
        ),
        "block", 35, private=private(students), codes=("roster_attached", "personal_account"),
    )


@case
def i2_own_gmail_docx() -> Case:
    students = data.with_health(data.population(80, 22), 12)
    rows = [(s.full_name, s.state_id, f"{s.street}, {s.city}", s.med_alert, s.guardians[0].cell) for s in students]
    doc = word.document(word.Doc("Student files", (
        "Counseling caseload, fall notes",
        word.Table(("Student", "State ID", "Home address", "Medical notes", "Parent phone"), rows),
    )))
    return Case(
        "day two: a Word table of 12 students' addresses, medical notes and state IDs to the same Gmail",
        request(
            sender=KIRAN, subject="notes", to=[recipient("kiran.patel1987@gmail.com", "Kiran Patel")],
            text="", attachments=[attachment("caseload notes.docx", doc, DOCX_TYPE)],
        ),
        "block", 12, private=private(students), codes=("roster_attached", "personal_account"),
    )


@case
def i2_own_gmail_csv_from_gmail_client() -> Case:
    students = data.population(40, 23)
    return Case(
        "day three, from the Gmail add-on: a CSV of 40 students' state IDs, birth dates and addresses",
        request(
            sender=KIRAN, subject="(no subject)", to=["kiran.patel1987@gmail.com"], app="gmail",
            text="", attachments=[attachment(
                "export.csv", delimited.roster(layouts.IDENTITY_ONLY, students), CSV_TYPE,
            )],
        ),
        "block", 40, private=private(students), codes=("roster_attached", "personal_account"),
    )


@case
def i2_unrelated_personal_address() -> Case:
    students = data.population(60, 24)
    return Case(
        "the nurse's Med Alert sheet of 60 students to a personal address that is nobody's guardian",
        request(
            sender=KIRAN, subject="the list we talked about", to=["sunnyside.tutoring@yahoo.com"],
            text="Here it is. Please keep it to yourself.",
            attachments=[attachment("Med Alerts 2024.xlsx", xlsx.roster(layouts.MED_ALERT, students), XLSX_TYPE)],
        ),
        "block", 60, private=private(students), codes=("roster_attached",),
    )


# --- 3. 230 students on 504 plans ------------------------------------------------------------------

TESTING_BODY = (
    "Dear families,\n\nState testing begins Monday, April 14. Students with testing accommodations will be "
    "scheduled in small-group rooms. Please make sure your student gets a good night's sleep and eats "
    "breakfast.\n\nClaire Delacroix, 504 Coordinator"
)


@case
def i3_504_roster_xlsx() -> Case:
    students = data.section_504()
    return Case(
        "a 504 roster of 230 students (disability, accommodations) attached to a testing notice to 250 families",
        request(
            sender=SECTION_504_COORDINATOR, subject="State testing next week", to=[SECTION_504_COORDINATOR.email],
            bcc=data.families(250, 31), text=TESTING_BODY,
            attachments=[attachment(
                "504 Accommodations - All Campuses.xlsx", xlsx.roster(layouts.SECTION_504, students), XLSX_TYPE,
            )],
        ),
        "block", 230, private=private(students), codes=("roster_attached",),
    )


@case
def i3_504_table_pasted_in_html_body() -> Case:
    students = data.section_504()
    table = html.table(layouts.SECTION_504.header, layouts.SECTION_504.rows(students))
    return Case(
        "the same 230 students as a table pasted into the HTML body",
        request(
            sender=SECTION_504_COORDINATOR, subject="Testing accommodations", to=[SECTION_504_COORDINATOR.email],
            bcc=data.families(250, 31),
            html=html.page("Dear families,", "Here are the testing accommodations for next week:", table_html=table),
        ),
        "block", 230, private=private(students), codes=("records_in_body",),
    )


@case
def i3_504_lines_in_text_body() -> Case:
    students = data.section_504()
    return Case(
        "the same 230 students typed as plain-text lines (name, ID, grade, 504 plan, accommodations)",
        request(
            sender=SECTION_504_COORDINATOR, subject="Testing accommodations", to=[SECTION_504_COORDINATOR.email],
            bcc=data.families(250, 31),
            text="Dear families,\n\nAccommodations for state testing:\n\n" + text.section_504_lines(students)
            + "\n\nClaire Delacroix, 504 Coordinator",
        ),
        "block", 230, private=private(students), codes=("records_in_body",),
    )


@case
def i3_504_csv_inside_forwarded_eml() -> Case:
    students = data.section_504()
    inner = eml.message(
        sender=SECTION_504_COORDINATOR.email, to=[f"testing-team@{DISTRICT}"], subject="504 list for testing",
        body="Attached is the list for room assignments.",
        attachments=[("504_testing.csv", CSV_TYPE, delimited.roster(layouts.SECTION_504, students))],
    )
    board = [f"{h}@gmail.com" for h in ("pta.president.mv", "mvpta.treasurer", "mvpta.secretary", "mv.volunteers",
                                         "cedarcreek.pta", "summit.pta.chair", "mvhs.boosters", "mvpta.events")]
    return Case(
        "a forwarded message (.eml) carrying the 504 CSV, sent to eight PTA board members",
        request(
            sender=SECTION_504_COORDINATOR, subject="FW: 504 list for testing", to=board,
            text="Forwarding for the volunteer proctor schedule.",
            attachments=[attachment("504 list for testing.eml", inner, EML_TYPE)],
        ),
        "block", 230, private=private(students), codes=("roster_attached",),
    )


# --- 4. the wrong attachment on a welcome email ----------------------------------------------------

WELCOME_BODY = (
    "Welcome to the Maple Valley after-school program!\n\nWe are excited to have your student with us this "
    "year. Programs start Monday at every site; pickup is by 6:00 PM. Please review the attached information "
    "and let us know about any changes.\n\nAngela Brandt, Program Office"
)
WELCOME_FILE = "confirmed sites enrollment"


def _welcome(attachment_json: dict[str, object], *, visible: bool) -> dict[str, object]:
    parents = data.families(300, 41)
    return request(
        sender=FRONT_OFFICE, subject="Welcome to the after-school program!",
        to=parents if visible else [FRONT_OFFICE.email], bcc=() if visible else parents, text=WELCOME_BODY,
        attachments=[attachment_json],
    )


@case
def i4_welcome_xlsx_parents_bcc() -> Case:
    return Case(
        "2,900 students' allergies, medications, conditions, parent phones and fees to 300 parents in Bcc",
        _welcome(attachment(f"{WELCOME_FILE}.xlsx", data.program_roster_xlsx(), XLSX_TYPE), visible=False),
        "block", 2_900, private=private(data.program_roster()), codes=("roster_attached",),
    )


@case
def i4_welcome_xlsx_parents_to() -> Case:
    return Case(
        "the same, with the 300 parents visible in To",
        _welcome(attachment(f"{WELCOME_FILE}.xlsx", data.program_roster_xlsx(), XLSX_TYPE), visible=True),
        "block", 2_900, private=private(data.program_roster()), codes=("roster_attached", "visible_recipients"),
    )


@case
def i4_welcome_csv_parents_bcc() -> Case:
    return Case(
        "the same roster as a CSV (with a byte-order mark), parents in Bcc",
        _welcome(attachment(f"{WELCOME_FILE}.csv", data.program_roster_csv(), CSV_TYPE), visible=False),
        "block", 2_900, private=private(data.program_roster()), codes=("roster_attached",),
    )


@case
def i4_welcome_csv_parents_to() -> Case:
    return Case(
        "the CSV roster with the parents visible in To",
        _welcome(attachment(f"{WELCOME_FILE}.csv", data.program_roster_csv(), CSV_TYPE), visible=True),
        "block", 2_900, private=private(data.program_roster()), codes=("roster_attached", "visible_recipients"),
    )


# --- 5. the AllStudents list -----------------------------------------------------------------------


@case
def i5_allstudents_from_person() -> Case:
    return Case(
        "the principal writes to AllStudents (a list) from Outlook: a large audience, a person decides",
        request(
            sender=PRINCIPAL, subject="Spirit week starts Monday",
            to=[recipient(f"AllStudents@{DISTRICT}", "All Students", "list")],
            text="Monday is pajama day, Tuesday is twin day, Wednesday is team colors. Have fun!",
        ),
        "warn", 0, codes=("protected_list",),
    )


@case
def i5_allstudents_from_automation() -> Case:
    return Case(
        "a notification system (client api) sends to AllStudents: held",
        request(
            sender=NOTIFIER, subject="Chromebook return reminder", app="api",
            to=[recipient(f"AllStudents@{DISTRICT}", kind="list")],
            text="Please return your Chromebook and charger to the library by June 12.",
        ),
        "block", 0, codes=("protected_list",),
    )


@case
def i5_all_students_dotted_from_gmail() -> Case:
    return Case(
        "all.students@ typed in Gmail, which gives no recipient kind: recognised by its name, warns",
        request(
            sender=PRINCIPAL, subject="Assembly schedule", app="gmail",
            to=[f"all.students@{DISTRICT}"], text="Friday's assembly starts at 9:15 in the gym.",
        ),
        "warn", 0, codes=("protected_list",),
    )


@case
def i5_allparents_from_automation() -> Case:
    return Case(
        "an automation sends to All-Parents (a list in Bcc): held",
        request(
            sender=NOTIFIER, subject="Weather closure", app="api", to=[NOTIFIER.email],
            bcc=[recipient(f"All-Parents@{DISTRICT}", kind="list")],
            text="Schools are closed today because of snow.",
        ),
        "block", 0, codes=("protected_list",),
    )
