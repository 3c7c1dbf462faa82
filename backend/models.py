"""The values that flow one way through the service.

request -> caller -> OutgoingMessage -> Document (extracted) -> Enrichment -> Finding -> Verdict

Every class is a frozen dataclass. Nothing here holds more than the request already held, and
nothing here is ever logged: Finding carries counts, headings and masked samples only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

RecipientKind = Literal["user", "external", "list", "other"]
RecipientField = Literal["to", "cc", "bcc"]
ClientApp = Literal["outlook", "gmail", "api", "demo", "cli", "gateway"]
Severity = Literal["info", "warn", "block"]
VerdictName = Literal["allow", "warn", "block"]
CallerKind = Literal["api_key", "entra", "google", "loopback", "cli", "smtp"]

SEVERITY_RANK: Mapping[str, int] = {"info": 0, "warn": 1, "block": 2}


@dataclass(frozen=True)
class Caller:
    """Who called the service, as proven by auth. `email` is the signed-in user, when known.

    `assertion` is the user's own access token (Outlook), kept in memory for this check only so
    Graph lookups can act on the user's behalf; it is never printed, logged or compared."""

    kind: CallerKind
    subject: str = ""
    email: str = ""
    tenant: str = ""
    assertion: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""
    kind: RecipientKind = "user"
    field: RecipientField = "to"

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2].lower()

    @property
    def local_part(self) -> str:
        return self.email.rpartition("@")[0].lower()


@dataclass(frozen=True)
class Attachment:
    """An attachment as the client sent it: content, a cloud URL, or a read the client could not make."""

    name: str
    content_type: str = ""
    size: int | None = None
    content: bytes | None = None
    url: str | None = None
    read_error: str | None = None
    ref: str | None = None  # instead of content: a ref an earlier check of this file answered


@dataclass(frozen=True)
class OutgoingMessage:
    sender: Person
    to: tuple[Recipient, ...] = ()
    cc: tuple[Recipient, ...] = ()
    bcc: tuple[Recipient, ...] = ()
    subject: str = ""
    body_text: str = ""
    body_html: str = ""
    attachments: tuple[Attachment, ...] = ()
    links: tuple[str, ...] = ()
    client_app: ClientApp = "api"
    client_version: str = ""
    caller: Caller = field(default_factory=lambda: Caller(kind="cli"))
    automation: bool = False  # sent by a job, whatever client carried it (the gateway knows; the API says "api")

    @property
    def recipients(self) -> tuple[Recipient, ...]:
        return self.to + self.cc + self.bcc

    @property
    def is_automation(self) -> bool:
        """Automations (API and command line) get no person to read a warning: they are held harder."""
        return self.automation or self.client_app in ("api", "cli")


# --- extracted content -------------------------------------------------------------------------

Cell = str | int | float | bool | dt.date | dt.time | dt.timedelta | None
"""A cell as a reader gives it: spreadsheets keep their typed values (12345.0, a date) because
converting 850,000 cells of a big roster costs more than reading the few that analysis looks at;
`detectors.content.column_values.text_of` is the one way to read a cell as text. Empty: None or ""."""

SourceKind = Literal["attachment", "body", "link"]

UnreadableReason = Literal[
    "encrypted",  # password-protected workbook, document or zip entry
    "corrupt",  # not what its name or type says, or damaged
    "too_large",  # over the size, cell, row or decompressed-size limit
    "bomb",  # compression ratio or nesting beyond any honest file
    "timeout",  # reading took longer than the policy allows
    "unsafe",  # its reader crashed or ran out of memory: it could not be read safely
    "unsupported",  # a type no reader handles and that may hold records (e.g. .accdb)
    "client_read_failed",  # the mail client could not give us the bytes
    "not_fetched",  # a cloud attachment or link whose content was not looked up
]


class Grid(Protocol):
    """A table's data rows as the table analyser reads them: a few rows, a few whole columns.

    Analysis never walks every cell, so a big sheet can be held as columns (`extract.arrow_grid`)
    and only the rows it samples and the columns it counts become Python cells, the same cells a
    row reader would have given. `detectors.content.table_grid.RowGrid` is the same over rows."""

    @property
    def height(self) -> int: ...
    @property
    def width(self) -> int: ...
    def rows_at(self, indices: Sequence[int]) -> list[tuple[Cell, ...]]: ...
    def column(self, index: int) -> Sequence[Cell]: ...
    def distinct(self, index: int) -> set[Cell]: ...
    def filled_rows(self) -> int: ...
    def where(self, keep: Sequence[bool]) -> Grid: ...


@dataclass(frozen=True)
class Table:
    """One grid of cells: a sheet, a CSV, a table in a document or an HTML body.

    `header` is the heading row the reader chose (possibly empty); `rows` are the data rows below it.
    A big sheet comes as `columns` instead (and `rows` empty): the same data rows, held column-wise.
    """

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    columns: Grid | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Unreadable:
    reason: UnreadableReason


@dataclass(frozen=True)
class Document:
    """What one source holds, as readers see it. `name` is the file name or "message body"."""

    name: str
    source: SourceKind
    tables: tuple[Table, ...] = ()
    text: str = ""
    unreadable: Unreadable | None = None
    parent: str | None = None  # the archive or message it came out of
    url: str | None = None  # for links and cloud attachments


# --- enrichment (I/O done before detection) ----------------------------------------------------

SharingScope = Literal["anyone", "organization", "specific_people", "unknown"]


@dataclass(frozen=True)
class GroupInfo:
    """A list address resolved through the district's directory."""

    email: str
    members: int
    outside_members: int = 0


@dataclass(frozen=True)
class LinkedFile:
    """A cloud file looked up through Graph or Drive. `document` is None when content was not read."""

    url: str
    name: str = ""
    size: int | None = None
    file_type: str = ""  # "spreadsheet", "document", "presentation", "pdf", "file"
    scope: SharingScope = "unknown"
    document: Document | None = None


@dataclass(frozen=True)
class LookupFailure:
    """A lookup that could not be made. `what` is "link" or "list"; `reason` a short code, no content."""

    what: Literal["link", "list"]
    target: str
    reason: str


@dataclass(frozen=True)
class Enrichment:
    groups: Mapping[str, GroupInfo] = field(default_factory=dict)  # keyed by lower-case email
    files: Mapping[str, LinkedFile] = field(default_factory=dict)  # keyed by URL as sent
    failures: tuple[LookupFailure, ...] = ()
    # The sender's own outside addresses as the directory records them (lower-case); empty when
    # there was no lookup or the record lists none.
    personal_addresses: frozenset[str] = frozenset()


# --- findings and verdict ----------------------------------------------------------------------


FixAction = Literal["move_to_bcc", "remove_recipients", "remove_attachment", "remove_link"]


@dataclass(frozen=True)
class FixPlan:
    """A fix a mail client can make in one step, decided with the verdict (see `backend.fixplan`).

    `targets` are exact: recipient addresses as the message gave them, top-level attachment names as
    sent, or link URLs as found. Clients execute the plan; they never re-derive who is "outside"."""

    action: FixAction
    targets: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """One thing worth telling the sender. Words come from `messages`, keyed by `code`.

    `params` holds extra values the words need (a sharing scope, a list name as typed, a count of
    visible addresses); never a matched value from the content. Severity "info" records records that
    were weighed and allowed (sent to staff, or one student's to their family): the exposure is
    built from findings, so what the message carries and to whom is said once.
    """

    code: str
    severity: Severity
    people: int = 0
    data: tuple[str, ...] = ()
    attachment: str | None = None
    recipients: int = 0
    columns: tuple[str, ...] = ()
    samples: tuple[str, ...] = ()
    params: Mapping[str, str | int] = field(default_factory=dict)
    plan: FixPlan | None = field(default=None, compare=False)  # never logged or stored: it names targets
    # Salted hashes of the people counted, in memory only: the exposure counts a student in two files once.
    person_keys: frozenset[str] = field(default=frozenset(), repr=False, compare=False)


@dataclass(frozen=True)
class Exposure:
    people: int
    recipients: int
    outside_recipients: int
    data: tuple[str, ...]


@dataclass(frozen=True)
class WordedFinding:
    finding: Finding
    summary: str
    fix: str


@dataclass(frozen=True)
class Verdict:
    verdict: VerdictName
    headline: str
    message: str
    details_markdown: str
    findings: tuple[WordedFinding, ...]
    exposure: Exposure
    check_id: str
    attachment_refs: tuple[str | None, ...] = ()  # per attachment as sent: a ref to send next time
