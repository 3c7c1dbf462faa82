"""Every sentence a person reads, keyed by finding code.

Plain words a teacher understands at a glance: the file, how many students, what kind of data, who
would receive it, and the one-step fix. Never "PII", "DLP" or "policy violation". Outlook shows at
most 500 characters, so `message` is kept within that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from backend.datakinds import label, ordered
from backend.models import Finding

MAX_MESSAGE = 500


@dataclass(frozen=True)
class Words:
    headline: str
    message: str
    summary: str
    fix: str


def n(value: int) -> str:
    return f"{value:,}"


def thing(name: str | None) -> str:
    ext = (name or "").rsplit(".", 1)[-1].lower() if name and "." in name else ""
    if ext in ("xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv"):
        return "spreadsheet"
    if ext in ("docx", "docm", "doc", "odt", "pdf", "rtf", "txt", "html", "htm"):
        return "document"
    if ext == "zip":
        return "zip file"
    if ext in ("eml", "msg"):
        return "attached message"
    return "file"


def join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def kinds(data: tuple[str, ...], most: int = 3) -> str:
    shown = [k for k in ordered(data) if k != "names"] or list(data)
    labels = [label(k) for k in shown[:most]]
    if len(shown) > most:
        labels.append("more")
    return join(labels) or "records"


def students(count: int, f: Finding | None = None) -> str:
    noun = "staff member" if f is not None and f.params.get("subjects") == "staff" else "student"
    return f"1 {noun}'s" if count == 1 else f"{n(count)} {noun}s'"


def people(count: int, where: str = "outside the district") -> str:
    noun = "person" if count == 1 else "people"
    return f"{n(count)} {noun} {where}".strip()


def reach(f: Finding) -> str:
    """Who would receive the records: a count, or the list no lookup could resolve."""
    address = f.params.get("list")
    if address:
        return f"{address}, a list whose members I could not look up, so I count it as many people outside the district"
    return people(f.recipients)


def quoted(name: str | None) -> str:
    return f"“{name}”" if name else "this file"


def other_children(f: Finding) -> str:
    """With a roster: how many of the students are not the recipients' own children."""
    count = int(f.params.get("other_children", 0))
    if not count:
        return ""
    if count == f.people:
        return " None of them are the recipients' own children." if count > 1 else ""
    noun = "is another family's child" if count == 1 else "are other families' children"
    return f" {n(count)} of them {noun}."


def _roster_attached(f: Finding) -> Words:
    what = thing(f.attachment)
    headline = f"This {what} lists {students(f.people, f)} {kinds(f.data, 2)}"
    family = "Each family should only get their own child's information."
    fix = "Remove the attachment"
    message = (
        f"{quoted(f.attachment)} lists {students(f.people, f)} {kinds(f.data)}.{other_children(f)} "
        f"You are sending it to {reach(f)}. {family} {fix}."
    )
    summary = f"{quoted(f.attachment)} lists {students(f.people, f)} {kinds(f.data, 2)}"
    return Words(headline, message, summary, fix)


def _records_in_body(f: Finding) -> Words:
    headline = f"Your message lists {students(f.people, f)} {kinds(f.data, 2)}"
    fix = "Remove the student list from the message"
    message = (
        f"The text of your message lists {students(f.people, f)} {kinds(f.data)}.{other_children(f)} "
        f"It would go to {reach(f)}. {fix}, or send it only to staff who need it."
    )
    return Words(headline, message, headline, fix)


_SCOPES = {
    "anyone": "anyone with the link can open",
    "organization": "everyone in the district can open",
    "specific_people": "only the people it is shared with can open",
    "unknown": "may be open to anyone with the link",
}


def _roster_linked(f: Finding) -> Words:
    scope = str(f.params.get("scope", "unknown"))
    what = thing(f.attachment)
    headline = f"This link opens a {what} of {students(f.people, f)} {kinds(f.data, 2)}"
    fix = "Share each family's own information instead, or change the link to specific people"
    message = (
        f"This link opens a {what} that {_SCOPES.get(scope, _SCOPES['unknown'])}. "
        f"It lists {students(f.people, f)} {kinds(f.data)}, and you are sending it to {reach(f)}."
        f"{other_children(f)} {fix}."
    )
    return Words(headline, message, headline, fix)


def _personal_account(f: Finding) -> Words:
    address = str(f.params.get("address", "a personal address"))
    headline = "Student records to what looks like your personal account"
    fix = "Remove the personal address"
    message = (
        f"You are sending {students(f.people)} {kinds(f.data)} to {address}, which looks like your own "
        f"personal account. Student records must stay in district accounts. {fix}, and keep the records "
        "in district storage."
    )
    return Words(headline, message, headline, fix)


def _protected_list(f: Finding) -> Words:
    address = str(f.params.get("list", "this list"))
    fix = "Send it to the smaller group it is meant for"
    if f.params.get("resolved"):
        headline = f"{address} reaches {n(f.recipients)} people"
        what = f"{address} is a whole-school or district list of {n(f.recipients)} people."
    else:
        headline = f"{address} reaches the whole school or district"
        what = f"{address} is a whole-school or district list."
    message = f"{what} Check that every one of them should get this message. If not, {fix[0].lower() + fix[1:]}."
    return Words(headline, message, headline, fix)


def _large_audience(f: Finding) -> Words:
    address = str(f.params.get("list", "this list"))
    headline = f"{address} reaches {n(f.recipients)} people"
    fix = "Send it to the smaller group it is meant for"
    message = (
        f"{address} is a list of {n(f.recipients)} people. Check that every one of them should get this "
        f"message. If not, {fix[0].lower() + fix[1:]}."
    )
    return Words(headline, message, headline, fix)


def _visible_recipients(f: Finding) -> Words:
    headline = f"{n(f.recipients)} families will see each other's email addresses"
    fix = f"Move the {n(f.recipients)} outside recipients to Bcc"
    message = (
        f"You put {n(f.recipients)} addresses from outside the district in To or Cc, so every one of them "
        f"will see all the others. {fix}."
    )
    return Words(headline, message, headline, fix)


_SERVICES = {"google": "Google Drive", "onedrive": "OneDrive", "sharepoint": "SharePoint", "box": "Box",
             "dropbox": "Dropbox"}


def _shared_file_link(f: Finding) -> Words:
    service = _SERVICES.get(str(f.params.get("service", "")), "a cloud drive")
    ftype = str(f.params.get("file_type", "file"))
    what = "spreadsheet" if ftype == "spreadsheet" else "file"
    headline = f"This link may open a whole {what} to {people(f.recipients)}"
    fix = "Check who the file is shared with, or send each family only their own information"
    message = (
        f"You are sending a link to a {service} {what} to {people(f.recipients)}. Anyone with the link "
        f"may be able to open the whole {what}, including other students' information. {fix}."
    )
    return Words(headline, message, headline, fix)


_UNREADABLE = {
    "encrypted": "it is password-protected",
    "corrupt": "it is damaged or not the kind of file its name says",
    "too_large": "it is larger than I can read",
    "bomb": "it expands to far more than its size",
    "timeout": "it took too long, so it could not be read in time",
    "unsafe": "it made my file reader fail, so it could not be read safely",
    "unsupported": "I cannot read this kind of file",
    "client_read_failed": "your mail program could not give it to me",
}


def _unreadable(f: Finding) -> Words:
    why = _UNREADABLE.get(str(f.params.get("reason", "")), "I could not open it")
    headline = f"I could not read {quoted(f.attachment)}"
    fix = "Check the file before sending, or send the message without it"
    message = (
        f"I could not read {quoted(f.attachment)} ({why}), so I cannot tell whether it holds student "
        f"records. It would go to {people(f.recipients)}. {fix}."
    )
    return Words(headline, message, headline, fix)


_LOOKUP = {
    "timeout": "the lookup took too long",
    "denied": "the district's account was not allowed to see it",
    "not_found": "it could not be found",
    "error": "the lookup failed",
}


def _lookup_failed(f: Finding) -> Words:
    what = "a list address" if f.params.get("what") == "list" else "a linked file"
    why = _LOOKUP.get(str(f.params.get("reason", "")), "the lookup failed")
    headline = f"I could not check {what} in this message"
    if f.params.get("what") == "list":
        fix = "Check how many people the list reaches before sending"
        detail = "so I cannot tell how many people it reaches"
    else:
        fix = "Check who the file is shared with and what it holds before sending"
        detail = "so I cannot tell who can open it or whether it lists students"
    message = f"I could not check {what} ({why}), {detail}. {fix}."
    return Words(headline, message, headline, fix)


def _breaker_open(f: Finding) -> Words:
    headline = "This sender is paused after too many stopped messages"
    fix = "Ask district IT to check the job and reset its breaker"
    message = (
        "Too many messages from this sender were stopped or went to whole-school lists in a few minutes, so "
        f"every message from it is held for now. {fix}."
    )
    return Words(headline, message, headline, fix)


def _repeat_sender(f: Finding) -> Words:
    headline = "Student records have gone out from this account several times this week"
    fix = "Send it only to people entitled to these records, or ask district IT"
    message = (
        "This account has sent student records to people not entitled to them several times recently, so "
        f"this warning is now a block. {fix}."
    )
    return Words(headline, message, headline, fix)


def _one_student(f: Finding) -> str:
    return f"This {thing(f.attachment)}" if f.attachment else "Your message"


def _and_others(f: Finding) -> str:
    others = int(f.params.get("others", 0))
    return f" (and {n(others)} more {'address' if others == 1 else 'addresses'})" if others else ""


def _other_family(f: Finding) -> Words:
    address = str(f.params.get("recipient", "a recipient"))
    headline = f"{address} is on file as another student's guardian"
    fix = "Check the address before sending"
    message = (
        f"{_one_student(f)} is about one student, and {address}{_and_others(f)} is listed as the guardian of "
        f"a different student. It holds {kinds(f.data)}. {fix}."
    )
    summary = f"{address} is listed as the guardian of a different student"
    return Words(headline, message, summary, fix)


def _unlisted_recipient(f: Finding) -> Words:
    address = str(f.params.get("recipient", "a recipient"))
    headline = f"{address} is not on the district's roster"
    fix = "Check the address before sending"
    message = (
        f"{_one_student(f)} is about one student, and {address}{_and_others(f)} is not listed as a guardian "
        f"of any student. It holds {kinds(f.data)}. {fix}."
    )
    summary = f"{address} is not listed as a guardian of any student"
    return Words(headline, message, summary, fix)


WORDS: dict[str, Callable[[Finding], Words]] = {
    "roster_attached": _roster_attached,
    "records_in_body": _records_in_body,
    "roster_linked": _roster_linked,
    "personal_account": _personal_account,
    "protected_list": _protected_list,
    "large_audience": _large_audience,
    "visible_recipients": _visible_recipients,
    "shared_file_link": _shared_file_link,
    "unreadable_attachment": _unreadable,
    "lookup_failed": _lookup_failed,
    "breaker_open": _breaker_open,
    "repeat_sender": _repeat_sender,
    "other_family": _other_family,
    "unlisted_recipient": _unlisted_recipient,
}

# --- Fix buttons: the words for a finding's `FixPlan` (see `backend.fixplan`) ---------------------

_REMOVE_WHO = {"personal_account": "personal address", "protected_list": "list address",
               "large_audience": "list address"}


def fix_label(finding: Finding) -> str:
    """The words on the button that executes `finding.plan`; "" when the finding has no plan."""
    plan = finding.plan
    if plan is None:
        return ""
    count = len(plan.targets)
    if plan.action == "move_to_bcc":
        return "Move the outside recipient to Bcc" if count == 1 else f"Move the {n(count)} outside recipients to Bcc"
    if plan.action == "remove_recipients":
        who = _REMOVE_WHO.get(finding.code, "address")
        return f"Remove the {who}" if count == 1 else f"Remove the {n(count)} {who}es"
    if plan.action == "remove_attachment":
        return f"Remove the attachment {quoted(plan.targets[0])}"
    return "Remove the link"


def fix_done(action: str, count: int) -> str:
    """What a client says after it made the change."""
    if action == "move_to_bcc":
        noun = "recipient" if count == 1 else "recipients"
        return f"Moved {n(count)} outside {noun} to Bcc, so they will not see each other's addresses."
    if action == "remove_recipients":
        noun = "address" if count == 1 else "addresses"
        return f"Removed {n(count)} {noun}."
    if action == "remove_attachment":
        return "Removed the attachment."
    return "Removed the link."


ALLOW_HEADLINE = "No student records or large audiences found"
ALLOW_MESSAGE = "Crossing Guard found nothing that needs a second look."


def words_for(finding: Finding) -> Words:
    w = WORDS[finding.code](finding)
    return Words(w.headline, fit(w.message), w.summary, w.fix)


def fit(text: str, limit: int = MAX_MESSAGE) -> str:
    """Shorten at a word boundary so Outlook's 500-character limit never cuts a sentence mid-word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def details(finding: Finding, w: Words) -> str:
    lines = [f"### {w.summary}", "", w.message, ""]
    if finding.people:
        lines.append(f"- **Students:** {n(finding.people)}")
    if finding.data:
        lines.append(f"- **Kinds of data:** {join([label(k) for k in ordered(finding.data)])}")
    if finding.columns:
        lines.append("- **Found in columns:** " + ", ".join(f"`{c}`" for c in finding.columns))
    # No masked samples here: "C***, E***" tells a teacher nothing (they stay in `findings[].samples`).
    if finding.params.get("list") and finding.data:
        lines.append(f"- **Would reach:** {finding.params['list']}, a list I could not look up (counted as "
                     f"{people(finding.recipients, 'not entitled to these records')})")
    elif finding.recipients and finding.data:
        lines.append(f"- **Would reach:** {people(finding.recipients, 'not entitled to these records')}")
    elif finding.recipients:
        lines.append(f"- **Recipients concerned:** {n(finding.recipients)}")
    lines.append(f"- **How to fix it:** {w.fix}.")
    return "\n".join(lines)


# The SMTP gateway. A bounce is all the sender sees of a refusal, so it says what to do next. A warn
# notice goes to the sender's own mailbox and carries no content: no subject, no names, no file names.

GATEWAY_REFUSED = "Crossing Guard stopped this message before it left the district, and it was not sent."
GATEWAY_WARN_REJECT = (
    "Crossing Guard held this message, and it was not sent. Fix it and send it again; if it must go as it "
    "is, ask the district's IT team."
)
GATEWAY_TEMPFAIL = "Crossing Guard could not check this message yet. Your mail system will try again shortly."
GATEWAY_RELAY_DENIED = "This gateway relays mail only for the district's own mail system."
GATEWAY_HOP_DOWN = "The district's mail system cannot be reached just now. Your mail system will try again."
GATEWAY_TOO_MANY_RECIPIENTS = "Too many recipients for one message: send the rest in another message."
GATEWAY_BUSY = "Too many connections just now: try again shortly."
GATEWAY_NOTICE_SUBJECT = "Crossing Guard: a message you sent needs a second look"


def gateway_refusal(lead: str, message: str) -> str:
    """The text of a 550 bounce: what happened, then the verdict's own plain message and fix."""
    return fit(f"{lead} {message}")


def gateway_notice(sent_at: str, recipients: int, people: int, data: tuple[str, ...]) -> str:
    noun = "student" if people == 1 else "students"
    what = f"the records of {n(people)} {noun}" if people else "something worth a second look"
    if data:
        what += f" ({kinds(data)})"
    return (
        f"A message you sent at {sent_at} to {n(recipients)} {'recipient' if recipients == 1 else 'recipients'} "
        f"was delivered, but Crossing Guard found {what} in it.\n\n"
        "If that was not meant to go, tell the recipients and the district's IT team today. Next time, "
        "check with Crossing Guard before sending (the Outlook add-in does this at Send).\n"
    )


# --- The IT console: the words for what a check record holds ------------------------------------

TITLES: dict[str, str] = {
    "roster_attached": "Student records in an attachment",
    "records_in_body": "Student records in the message",
    "roster_linked": "Student records behind a link",
    "personal_account": "Student records to a personal account",
    "protected_list": "A whole-school or whole-district list",
    "large_audience": "A large audience",
    "visible_recipients": "Families can see each other's addresses",
    "shared_file_link": "A link anyone may open",
    "unreadable_attachment": "An attachment that could not be read",
    "lookup_failed": "A link or list that could not be checked",
    "repeat_sender": "A sender who keeps sending student records out",
    "breaker_open": "An automation stopped by its breaker",
    "other_family": "A record to another family's guardian",
    "unlisted_recipient": "A record to an address the roster does not know",
}
"""A short name for each finding code, for lists and filters; `WORDS` says the rest."""

VERDICTS: dict[str, str] = {"allow": "Allowed", "warn": "Warned", "block": "Blocked"}
SEVERITIES: dict[str, str] = {"info": "Noted", "warn": "Warning", "block": "Blocking"}
CLIENTS: dict[str, str] = {
    "outlook": "Outlook", "gmail": "Gmail", "gateway": "Mail gateway", "api": "API", "cli": "Command line",
    "demo": "Demo page",
}
RECIPIENT_CLASSES: dict[str, str] = {
    "staff": "District staff", "student": "Student account", "partner": "Partner under contract",
    "outside": "Outside the district", "list": "Mailing list",
}
ALERTS: dict[str, str] = {
    "repeat": "Student records sent out again and again", "breaker": "An automation stopped by the breaker",
}
CALLERS: dict[str, str] = {
    "api_key": "An automation's API key", "entra": "A signed-in Outlook user", "google": "The Gmail add-on",
    "loopback": "The demo page on this computer", "smtp": "The mail gateway", "cli": "The command line",
}
OUTCOMES: dict[str, str] = {
    "sent_anyway": "Sent anyway", "fixed": "Fixed and checked again", "cancelled": "Not sent",
    "relayed": "Delivered by the gateway", "relayed_unchecked": "Delivered unchecked by the gateway",
    "relayed_trusted": "Delivered by the gateway (checked before)", "refused": "Refused by the gateway",
    "tempfailed": "Held by the gateway for a retry", "hop_failed": "The next mail server could not be reached",
}


def word(table: dict[str, str], key: str | None, missing: str = "Not reported") -> str:
    """The words for a stored code; a code this version has no words for is shown as it is."""
    if not key:
        return missing
    return table.get(key, key)
