"""Fixes are planned once, on the server, from the Audience the verdict used: every client executes
the plan in `findings[].fix_plan` (action, exact targets, label) and nothing else."""

from __future__ import annotations

import io
import zipfile

from backend.engine import Engine
from backend.models import Attachment, OutgoingMessage, Person, Recipient
from backend.policy import load_demo_policy
from backend.response import verdict_json
from tests.fakedata.layouts import MED_ALERT
from tests.fakedata.students import generate
from tests.fakedata.xlsx import roster

POLICY = load_demo_policy()
STAFF = "maplevalley.k12.example"
SENDER = Person(f"kpatel@{STAFF}", "Kiran Patel")


def check(message: OutgoingMessage) -> dict:  # type: ignore[type-arg]
    return verdict_json(Engine(POLICY).check_sync(message))


def plans(result: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {f["code"]: f["fix_plan"] for f in result["findings"] if "fix_plan" in f}


def test_move_to_bcc_names_exactly_the_outside_addresses_including_student_accounts() -> None:
    # A student domain that ends in the staff domain is not staff: the server's Audience says so,
    # and the plan carries the addresses, so no client has to guess from domain suffixes.
    parents = tuple(Recipient(f"Family{i}@Gmail.com", field="to") for i in range(14))
    students = (Recipient(f"kid1@students.{STAFF}", field="cc"), Recipient(f"kid2@students.{STAFF}", field="cc"))
    staff = (Recipient(f"counselor@{STAFF}", field="to"), Recipient("driver@metrotransit-buses.example", field="cc"))
    already_hidden = (Recipient("hidden@gmail.com", field="bcc"),)
    again = (Recipient("family0@gmail.com", field="cc"),)  # the same parent in To and Cc: one target
    message = OutgoingMessage(sender=SENDER, to=parents + staff[:1], cc=students + staff[1:] + again,
                              bcc=already_hidden, subject="Field trip", body_text="See you Friday.")
    plan = plans(check(message))["visible_recipients"]
    assert plan["action"] == "move_to_bcc"
    assert plan["targets"] == [r.email for r in parents] + [r.email for r in students]
    assert plan["label"] == "Move the 16 outside recipients to Bcc"


def test_list_and_personal_account_plans_remove_those_addresses_only() -> None:
    students = generate(30, seed=11)
    sheet = roster(MED_ALERT, students)
    message = OutgoingMessage(
        sender=SENDER,
        to=(Recipient("kiran.patel.home@gmail.com"), Recipient(f"AllStudents@{STAFF}")),
        attachments=(Attachment("alerts.xlsx", size=len(sheet), content=sheet),),
    )
    found = plans(check(message))
    assert found["personal_account"] == {"action": "remove_recipients", "targets": ["kiran.patel.home@gmail.com"],
                                         "label": "Remove the personal address"}
    assert found["protected_list"] == {"action": "remove_recipients", "targets": [f"AllStudents@{STAFF}"],
                                       "label": "Remove the list address"}
    assert found["roster_attached"]["targets"] == ["alerts.xlsx"]


def test_a_roster_inside_a_zip_plans_removing_the_zip_the_sender_attached() -> None:
    sheet = roster(MED_ALERT, generate(40, seed=12))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("term 2/alerts.xlsx", sheet)
    data = buffer.getvalue()
    parents = tuple(Recipient(f"family{i}@gmail.com", field="bcc") for i in range(5))
    message = OutgoingMessage(sender=SENDER, bcc=parents,
                              attachments=(Attachment("forms.zip", size=len(data), content=data),))
    result = check(message)
    roster_finding = next(f for f in result["findings"] if f["code"] == "roster_attached")
    assert roster_finding["attachment"] == "forms.zip/term 2/alerts.xlsx"
    assert roster_finding["fix_plan"] == {"action": "remove_attachment", "targets": ["forms.zip"],
                                          "label": "Remove the attachment “forms.zip”"}


def test_unreadable_attachment_and_shared_link_plans() -> None:
    url = "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit"
    parents = tuple(Recipient(f"family{i}@gmail.com", field="bcc") for i in range(30))
    message = OutgoingMessage(
        sender=SENDER, bcc=parents, body_text=f"The sign-up sheet: {url}",
        attachments=(Attachment("locked.xlsx", size=10, read_error="read_failed"),),
    )
    found = plans(check(message))
    assert found["unreadable_attachment"]["targets"] == ["locked.xlsx"]
    assert found["shared_file_link"] == {"action": "remove_link", "targets": [url], "label": "Remove the link"}


def test_records_typed_in_the_body_have_no_plan_only_words() -> None:
    lines = "\n".join(f"{s.first} {s.last}\t{s.local_id}\t{', '.join(s.allergies) or 'peanuts'}"
                      for s in generate(30, seed=13))
    message = OutgoingMessage(sender=SENDER, to=(Recipient("family1@gmail.com"),),
                              body_text="Name\tStudent ID\tAllergies\n" + lines)
    result = check(message)
    body = [f for f in result["findings"] if f["code"] == "records_in_body"]
    assert body and body[0]["fix"] and "fix_plan" not in body[0]
