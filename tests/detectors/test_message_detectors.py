"""Recipients, lists, links, personal accounts, unreadable files: should and should-not tables."""

from __future__ import annotations

import pytest

from backend.detectors import (
    lists,
    lookup_failed,
    personal_account,
    shared_link,
    unreadable,
    visible_recipients,
)
from backend.models import (
    Document,
    Enrichment,
    GroupInfo,
    LinkedFile,
    LookupFailure,
    Person,
    Recipient,
    Unreadable,
)
from tests.detectors.helpers import SENDER, STAFF, context, parents, roster

OWN = [
    ("kiran.patel1987@gmail.com", "", True),
    ("patelkiran@outlook.com", "", True),
    ("kp1987@gmail.com", "Kiran Patel", True),
    ("KIRAN_PATEL@yahoo.com", "", True),
    ("kpatel.home@yahoo.com", "Kiran Patel", True),
    ("kpatel23@outlook.com", "Kevin Patel", False),  # a parent with the sender's surname and first initial
    ("kpatel23@outlook.com", "", False),  # any K. Patel: an initial and a surname prove nothing
    ("kpatel.home@yahoo.com", "", False),
    ("kiran.patel@gmail.com", "Kiran Shah", False),  # someone else's display name
    ("kiran.patel.home@gmail.com", "Kiran", True),
    ("wei.chen@gmail.com", "Wei Chen", False),
    ("maya.patel.family@gmail.com", "", False),  # same surname, another first name
    ("pat.kirkland@gmail.com", "", False),
    ("office@college.example", "", False),
]


@pytest.mark.parametrize(("address", "name", "own"), OWN)
def test_is_own_account(address: str, name: str, own: bool) -> None:
    assert personal_account.is_own_account(SENDER, Recipient(address, name)) is own


def test_own_account_table_has_more_should_not_than_should() -> None:
    assert sum(not own for *_, own in OWN) >= sum(own for *_, own in OWN)


def test_an_unusual_mailbox_name_is_unambiguous() -> None:
    sender = Person(f"kiranp.counsel@{STAFF}", "Kiran Patel")
    assert personal_account.is_own_account(sender, Recipient("kiranpcounsel.home@gmail.com"))
    assert not personal_account.is_own_account(Person(f"kpatel@{STAFF}", "Kiran Patel"), Recipient("kpatel@aol.com"))


def test_records_to_own_account_block() -> None:
    ctx = context((Recipient("kiran.patel1987@gmail.com"),), (roster(40, "address", "health"),))
    [finding] = personal_account.detect(ctx)
    assert finding.severity == "block"
    assert finding.params["address"] == "k***@gmail.com"


def test_no_records_to_own_account_is_fine() -> None:
    ctx = context((Recipient("kiran.patel1987@gmail.com"),), ())
    assert list(personal_account.detect(ctx)) == []


LIST_CASES = [
    ("AllStudents by a person", (Recipient(f"AllStudents@{STAFF}", kind="list"),), "outlook", None, "warn"),
    ("AllStudents by an automation", (Recipient(f"allstudents@{STAFF}"),), "api", None, "block"),
    ("all.families spelled with a dot", (Recipient(f"all.families@{STAFF}"),), "outlook", None, "warn"),
    ("resolved group of 9,000", (Recipient(f"transport-families@{STAFF}", kind="list"),), "outlook",
     GroupInfo(f"transport-families@{STAFF}", 9000, 9000), "warn"),
    ("small resolved group", (Recipient(f"grade3-team@{STAFF}", kind="list"),), "outlook",
     GroupInfo(f"grade3-team@{STAFF}", 6, 0), None),
    ("unresolved department list", (Recipient(f"math-dept@{STAFF}", kind="list"),), "outlook", None, None),
    ("one parent", parents(1, "to"), "outlook", None, None),
    ("26 parents in Bcc", parents(26), "api", None, None),
]


@pytest.mark.parametrize(("description", "recipients", "app", "group", "expected"), LIST_CASES,
                         ids=[c[0] for c in LIST_CASES])
def test_lists(description, recipients, app, group, expected) -> None:  # type: ignore[no-untyped-def]
    enrichment = Enrichment(groups={group.email: group}) if group else Enrichment()
    findings = list(lists.detect(context(recipients, app=app, enrichment=enrichment)))
    assert [f.severity for f in findings] == ([expected] if expected else [])


VISIBLE = [
    (parents(40, "to"), True),
    (parents(15, "cc"), True),
    (parents(14, "to"), False),
    (parents(200, "bcc"), False),
    (tuple(Recipient(f"t{i}@{STAFF}") for i in range(60)), False),
]


@pytest.mark.parametrize(("recipients", "flag"), VISIBLE)
def test_visible_recipients(recipients, flag: bool) -> None:  # type: ignore[no-untyped-def]
    assert bool(list(visible_recipients.detect(context(recipients)))) is flag


SHEET = "https://docs.google.com/spreadsheets/d/1AbCdEf/edit?usp=sharing"
LINKS = [
    ("sheet link to 300 families", SHEET, parents(300), None, True),
    ("SharePoint workbook to 40 families", "https://mvusd.sharepoint.com/:x:/s/transport/EaBc?e=1", parents(40),
     None, True),
    ("sheet link to 3 parents", SHEET, parents(3), None, False),
    ("a Google Form to 300 families", "https://docs.google.com/forms/d/e/1FAIpQ/viewform", parents(300), None,
     False),
    ("a web page to 300 families", "https://www.maplevalley.example/calendar", parents(300), None, False),
    ("a Google Doc newsletter to 300 families", "https://docs.google.com/document/d/1x/edit", parents(300), None,
     False),
    ("sheet looked up: specific people", SHEET, parents(300), LinkedFile(SHEET, "routes.xlsx", scope="specific_people"),
     False),
    ("sheet to staff only", SHEET, tuple(Recipient(f"t{i}@{STAFF}") for i in range(40)), None, False),
]


@pytest.mark.parametrize(("description", "url", "recipients", "linked", "flag"), LINKS, ids=[c[0] for c in LINKS])
def test_shared_links(description, url, recipients, linked, flag) -> None:  # type: ignore[no-untyped-def]
    enrichment = Enrichment(files={url: linked}) if linked else Enrichment()
    ctx = context(recipients, links=(url,), enrichment=enrichment)
    assert bool(list(shared_link.detect(ctx))) is flag


def test_unreadable_attachment_to_parents_warns_person_blocks_automation() -> None:
    doc = Document("secret.xlsx", "attachment", unreadable=Unreadable("encrypted"))
    [person] = unreadable.detect(context(parents(5), documents=(doc,)))
    [automation] = unreadable.detect(context(parents(5), documents=(doc,), app="api"))
    assert (person.severity, automation.severity) == ("warn", "block")
    assert person.params["reason"] == "encrypted"
    internal = context((Recipient(f"nurse@{STAFF}"),), documents=(doc,))
    assert list(unreadable.detect(internal)) == []


def test_lookup_failures_say_what_was_not_checked() -> None:
    failure = LookupFailure("link", "https://x.sharepoint.com/:x:/r", "timeout")
    [finding] = lookup_failed.detect(context(parents(10), enrichment=Enrichment(failures=(failure,))))
    assert finding.params == {"what": "link", "reason": "timeout"}
    assert list(lookup_failed.detect(context((Recipient(f"a@{STAFF}"),),
                                             enrichment=Enrichment(failures=(failure,))))) == []


def test_sender_identity_from_caller_when_sender_missing() -> None:
    ctx = context((Recipient("kiran.patel1987@gmail.com"),), (roster(40, "address"),),
                  sender=Person("", "Kiran Patel"))
    assert [f.code for f in personal_account.detect(ctx)] == ["personal_account"]
