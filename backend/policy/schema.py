"""The district policy, declared as data.

Every key is a dataclass field whose metadata carries its help text; `backend.policy.loader` reads
TOML into these classes and refuses unknown keys, wrong types and bad values, naming the key.
`crossing-guard policy keys` prints the same table the README shows (a test keeps them in step).
"""

from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass
from typing import Any, Literal

from backend.datakinds import KINDS, DataKind

Action = Literal["allow", "warn", "block"]
FailMode = Literal["allow_with_note", "hold"]
GatewayWarn = Literal["deliver_and_notify", "reject"]
GatewayError = Literal["tempfail", "deliver"]

MIB = 1024 * 1024


def setting(default: Any, help: str, *, factory: bool = False) -> Any:
    if factory:
        return field(default_factory=default, metadata={"help": help})
    return field(default=default, metadata={"help": help})


def required(help: str) -> Any:
    return field(metadata={"help": help, "required": True})


@dataclass(frozen=True)
class District:
    name: str = required("The district's name, as families know it.")
    domains: tuple[str, ...] = required("Mail domains of district staff: recipients here are entitled to records.")
    student_domains: tuple[str, ...] = setting(tuple, "Mail domains of student accounts.", factory=True)
    partner_domains: tuple[str, ...] = setting(
        tuple, "Domains of vendors under contract (the bus company): entitled to `partner_data`.", factory=True
    )
    partner_data: tuple[str, ...] = setting(
        ("names", "address", "transport", "contact", "student_id"),
        "Data kinds partners may receive.",
    )


@dataclass(frozen=True)
class Audience:
    large: int = setting(50, "Recipients (after expanding lists) that make an audience large.")
    family_recipients: int = setting(
        4, "Outside recipients that can still be one student's family: one student's record to them is allowed."
    )
    visible_outside_max: int = setting(
        15, "Outside addresses in To/Cc, visible to each other, before suggesting Bcc."
    )
    protected_lists: tuple[str, ...] = setting(
        (
            "allstudents", "allstaff", "everyone", "allparents", "allfamilies", "allemployees",
            "allusers", "wholeschool", "districtwide", "allteachers", "allguardians",
        ),
        "Local parts (before @) of whole-school or whole-district lists; spaces, dots, dashes and case ignored.",
    )
    unresolved_list_reach: int = setting(
        500,
        "People a list is assumed to reach, all outside the staff, when no directory lookup resolved it: a "
        "list the mail client marks, or a district address named for families or students (`parents-grade5@`).",
    )
    list_action_person: Action = setting("warn", "What a protected or large list does when a person sends.")
    list_action_automation: Action = setting("block", "What a protected or large list does for an automation.")


@dataclass(frozen=True)
class KindRule:
    warn_people: int = setting(2, "Students whose data, reaching people not entitled to it, warns (0: never).")
    block_people: int = setting(10, "Students whose data, reaching people not entitled to it, blocks (0: never).")


def _kind_rule(kind: DataKind) -> Any:
    return setting(lambda: KindRule(kind.warn_people, kind.block_people), kind.help, factory=True)


# One rule per data kind, built from the kinds' own declarations (`backend.datakinds.KINDS`), so a new
# kind is a policy key with its default and help without a line here.
_DataFields: Any = make_dataclass(
    "_DataFields", [(kind.name, KindRule, _kind_rule(kind)) for kind in KINDS], frozen=True
)


@dataclass(frozen=True)
class Data(_DataFields):  # type: ignore[misc]  # fields come from the kinds' declarations
    """One rule per data kind; the names are those of `backend.datakinds`."""


@dataclass(frozen=True)
class Unreadable:
    action_person: Action = setting(
        "warn", "What an attachment that could not be read does, when people not entitled would receive it."
    )
    action_automation: Action = setting("block", "The same, for an automation.")


@dataclass(frozen=True)
class Links:
    warn_recipients: int = setting(
        10, "Outside recipients of a link to a cloud spreadsheet or file before warning that anyone may open it."
    )
    file_types: tuple[str, ...] = setting(
        ("spreadsheet", "file"), "Cloud file types that warn: spreadsheet, document, presentation, pdf, file."
    )


@dataclass(frozen=True)
class Limits:
    request_bytes: int = setting(60 * MIB, "Largest request body accepted (413 above).")
    attachment_bytes: int = setting(30 * MIB, "Largest attachment read.")
    decompressed_bytes: int = setting(200 * MIB, "Most bytes an archive or workbook may expand to.")
    compression_ratio: int = setting(150, "Highest compression ratio of an archive member before it is a bomb.")
    archive_depth: int = setting(3, "Archives inside archives (zip, attached messages) read at most.")
    archive_members: int = setting(500, "Files in one archive read at most.")
    rows: int = setting(1_000_000, "Rows per table read at most; more is 'too large'.")
    cells: int = setting(
        5_000_000, "Cells per attachment read at most (about 125 bytes of memory each while reading)."
    )
    text_chars: int = setting(5_000_000, "Characters of text per source read at most.")
    recipients: int = setting(100_000, "Recipients per message accepted.")
    attachments: int = setting(100, "Attachments per message accepted.")
    json_depth: int = setting(32, "Deepest JSON nesting accepted.")
    read_seconds: float = setting(8.0, "Time all attachments of one check may take to read.")


@dataclass(frozen=True)
class AttachmentCache:
    ttl_seconds: float = setting(
        600.0, "How long what an attachment held is remembered, so a later check sends a ref, not the file (0: off)."
    )
    memory_bytes: int = setting(64 * MIB, "Memory the remembered attachment analyses may take (never the files).")


@dataclass(frozen=True)
class Capacity:
    """What the service lets callers and files use of the machine, so no one can take it down."""

    reader_processes: int = setting(
        2, "Reader processes that open attachments apart from the service (0: read in the service itself)."
    )
    reader_memory_mb: int = setting(
        1024, "Address space of one reader process; a file that needs more is 'could not be read safely'."
    )
    memory_mb: int = setting(
        1024, "Memory the checks in flight may use, counted as 5x their request size; more waits, then 503."
    )
    queue_seconds: float = setting(2.0, "How long a check waits for memory or a free slot before a 503.")
    checks: int = setting(32, "Checks in flight at once; more wait, then 503.")
    connections: int = setting(256, "Open connections at once; more are answered 503 by the server.")
    header_seconds: float = setting(10.0, "Time a client has to send a request's headers before it is closed.")
    body_seconds: float = setting(30.0, "Time a client has to send a request's body before it gets a 408.")
    rate_per_minute: int = setting(600, "Checks per minute per credential (API key or signed-in user); 429 above.")


@dataclass(frozen=True)
class Failure:
    mode: FailMode = setting(
        "allow_with_note", "What the add-ins do when the service cannot be reached: allow_with_note or hold."
    )
    client_timeout_seconds: float = setting(3.5, "How long the add-ins wait for a verdict.")


@dataclass(frozen=True)
class Outlook:
    tenant_ids: tuple[str, ...] = setting(tuple, "Entra ID tenants whose users may call the service.", factory=True)
    client_id: str = setting("", "Application (client) ID of the Entra app registration.")
    audience: str = setting("", "Expected `aud` of access tokens (api://host/client-id or the client id).")
    scope: str = setting("Check.Send", "Delegated scope the add-in must hold.")
    authority_host: str = setting("https://login.microsoftonline.com", "Entra ID authority, for keys and issuer.")


@dataclass(frozen=True)
class Gmail:
    service_account: str = setting("", "Email of the add-on's Google service account that signs requests.")
    endpoint_base: str = setting("", "Public base URL Google calls; token audience is the endpoint URL.")
    certs_url: str = setting("https://www.googleapis.com/oauth2/v3/certs", "Google's published signing keys.")


@dataclass(frozen=True)
class Lookups:
    deadline_seconds: float = setting(2.0, "Time all link and list lookups of one check may take together.")
    on_failure: Action = setting("warn", "What a link or list that could not be checked does.")
    group_ttl_seconds: int = setting(3600, "How long a list's member count is cached.")
    file_ttl_seconds: int = setting(120, "How long a looked-up file is cached.")
    download_bytes: int = setting(30 * MIB, "Largest linked file downloaded for reading.")
    graph_base: str = setting("https://graph.microsoft.com/v1.0", "Microsoft Graph base URL.")
    google_drive_base: str = setting("https://www.googleapis.com/drive/v3", "Google Drive API base URL.")
    google_directory_base: str = setting(
        "https://admin.googleapis.com/admin/directory/v1", "Google Admin SDK Directory base URL."
    )
    entra_authority: str = setting(
        "https://login.microsoftonline.com", "Entra ID sign-in host the service gets its Graph tokens from."
    )
    google_token_url: str = setting(
        "https://oauth2.googleapis.com/token", "Google token endpoint for the service account's signed grant."
    )
    download_hosts: tuple[str, ...] = setting(
        ("*.sharepoint.com", "*.sharepoint.us", "*.svc.ms", "*.files.1drv.com", "*.googleusercontent.com"),
        "Hosts a file download may be redirected to (https, port 443 unless given as `host:port`); "
        "`*.name` allows subdomains of name.",
    )
    max_lookups: int = setting(50, "Links and list addresses looked up per check at most.")


@dataclass(frozen=True)
class Gateway:
    """The outbound SMTP gateway (`crossing-guard gateway`); its secret is in the environment, not here."""

    listen: str = setting("127.0.0.1:10025", "host:port the gateway listens on (`--listen` wins).")
    next_hop: str = setting("", "host:port checked mail is relayed to (`--next-hop` wins).")
    accept_from: tuple[str, ...] = setting(
        ("127.0.0.0/8", "::1/128"),
        "CIDR ranges allowed to send through the gateway. Loopback only by default: never an open relay.",
    )
    automation_senders: tuple[str, ...] = setting(
        tuple, "Envelope senders that are automations (SIS jobs, mail merges): they get the automation rules.",
        factory=True,
    )
    auth: bool = setting(
        False, "Offer SMTP AUTH (only after STARTTLS) with the API keys; an authenticated client is an automation."
    )
    tls_cert: str = setting("", "PEM certificate chain for STARTTLS (with `tls_key`); none: no STARTTLS.")
    tls_key: str = setting("", "PEM private key of `tls_cert`.")
    max_message_bytes: int = setting(
        50 * MIB, "Largest message accepted (SIZE); Gmail and Exchange send up to 25 MB of attachments, encoded."
    )
    max_recipients: int = setting(1000, "Envelope recipients accepted per message.")
    max_sessions: int = setting(200, "SMTP sessions served at once; more are told to try again (421).")
    require_tls: bool = setting(
        False, "Relay to the next hop only over STARTTLS with a valid certificate (else 451: the sender retries); "
        "without it, STARTTLS is used when offered, unverified."
    )
    next_hop_ca_file: str = setting("", "PEM CA certificates trusted for the next hop (default: the system's).")
    next_hop_client_cert: str = setting(
        "", "PEM certificate chain the gateway presents to the next hop: Exchange Online finds the partner "
        "connector by its name."
    )
    next_hop_client_key: str = setting("", "PEM private key of `next_hop_client_cert`.")
    next_hop_seconds: float = setting(120.0, "How long relaying one message to the next hop may take.")
    check_seconds: float = setting(60.0, "How long checking one message may take before `on_error` applies.")
    on_warn: GatewayWarn = setting(
        "deliver_and_notify", "A warn verdict: deliver and send the sender a short notice, or reject (550)."
    )
    on_error: GatewayError = setting(
        "tempfail", "The check failing or over time: tempfail (451, the sender retries) or deliver unchecked."
    )
    notice_from: str = setting("", "Sender of warn notices; empty: postmaster@ the district's first domain.")


@dataclass(frozen=True)
class Admin:
    """Who may open the IT console at `/admin`, and how they sign in; the client secrets are in the environment."""

    admins: tuple[str, ...] = setting(tuple, "Addresses of the people who may open the IT console.", factory=True)
    admin_groups: tuple[str, ...] = setting(
        tuple, "Entra ID group object IDs whose members may open the console (from the ID token's `groups` claim).",
        factory=True,
    )
    entra_tenant_id: str = setting("", "Entra ID tenant (directory) ID whose users sign in to the console.")
    entra_client_id: str = setting("", "Application (client) ID of the console's Entra app registration.")
    entra_authority: str = setting("https://login.microsoftonline.com", "Entra ID sign-in host for the console.")
    google_client_id: str = setting("", "OAuth client ID of the console's Google sign-in.")
    google_domains: tuple[str, ...] = setting(
        tuple, "Google Workspace domains (`hd`) allowed to sign in; empty: the district's `domains`.", factory=True
    )
    google_discovery_url: str = setting(
        "https://accounts.google.com/.well-known/openid-configuration", "Google's OpenID Connect discovery document."
    )
    session_minutes: int = setting(480, "How long a console sign-in lasts before signing in again.")
    page_size: int = setting(50, "Checks per page in the console's lists.")


@dataclass(frozen=True)
class Memory:
    """Check records (metadata only), kept in the store the environment names."""

    retention_days: int = setting(
        365, "Days check records, breaker hits and alerts are kept; the purge job deletes older ones."
    )
    purge_hours: float = setting(24.0, "How often a running service purges records older than `retention_days`.")
    queue: int = setting(10_000, "Records waiting for the background writer at most; more go straight to the spool.")
    spool_bytes: int = setting(
        50 * MIB, "Largest local spool of records the database could not take (JSON lines in the data directory); "
        "records beyond it are dropped and counted."
    )
    read_seconds: float = setting(
        0.5, "Longest a verdict waits for the store (breaker state, escalation); slower: the verdict goes out "
        "without it."
    )
    retry_seconds: float = setting(5.0, "How often a degraded store is tried again and the spool replayed.")


@dataclass(frozen=True)
class Alerts:
    """A sender who keeps sending student records to people not entitled to them."""

    webhook_url: str = setting("", "URL that receives each alert as a JSON POST; empty: alerts are only stored.")
    webhook_seconds: float = setting(5.0, "Timeout of one webhook or mail delivery attempt.")
    attempts: int = setting(5, "Delivery attempts per alert before it is left undelivered in the store.")
    repeat_threshold: int = setting(
        3, "Repeat checks (student records to recipients not entitled to them) of one sender, inside the window, "
        "that raise an alert: the alert is raised by the check that reaches this number."
    )
    repeat_window_days: int = setting(
        7, "The window, in days, repeat checks are counted in; one alert per sender per window."
    )
    email_to: tuple[str, ...] = setting(tuple, "Addresses that also receive each alert by mail.", factory=True)
    email_relay: str = setting("", "host:port of the SMTP relay alert mail is sent through (required with `email_to`).")
    email_from: str = setting("", "Sender of alert mail; empty: postmaster@ the district's first domain.")
    escalate: bool = setting(
        False, "After a sender's repeat alert, that sender's warnings become blocks until the window ends."
    )


@dataclass(frozen=True)
class Breaker:
    """Stops an automation (an API key, or an automation sender) that keeps hitting blocks or protected lists."""

    trip_after: int = setting(
        5, "Blocked or protected-list messages from one automation within `window_minutes` that trip its breaker; "
        "0: never."
    )
    window_minutes: float = setting(10.0, "The window those messages are counted in.")
    hold_minutes: float = setting(60.0, "How long a tripped breaker refuses every message, unless IT resets it sooner.")


@dataclass(frozen=True)
class Roster:
    """What the imported roster (`crossing-guard roster import`) decides about one student's record."""

    other_family: Action = setting(
        "warn", "One student's record addressed to a guardian of a different student (autocomplete picked the "
        "wrong parent)."
    )
    other_family_block: tuple[str, ...] = setting(
        ("health", "special_education", "custody", "discipline", "ssn"),
        "Data kinds for which that record blocks, whatever `other_family` says.",
    )
    unknown_recipient: Action = setting(
        "allow", "One student's record to an outside address the roster does not know: allowed by default "
        "(families change addresses more often than rosters are refreshed); `warn` makes it a gentle warning.",
    )
    names_in_text: bool = setting(
        True, "Find roster students by name in text, PDFs and pasted lists (IDs are always looked for)."
    )
    refresh_seconds: float = setting(5.0, "How often the service looks for a newly imported roster.")


@dataclass(frozen=True)
class Policy:
    district: District
    audience: Audience = setting(Audience, "Who counts as a large audience, and lists.", factory=True)
    data: Data = setting(Data, "Per data kind: when it warns and blocks.", factory=True)
    unreadable: Unreadable = setting(Unreadable, "Attachments that could not be read.", factory=True)
    links: Links = setting(Links, "Links to cloud files.", factory=True)
    limits: Limits = setting(Limits, "Size, count and time limits.", factory=True)
    attachment_cache: AttachmentCache = setting(
        AttachmentCache, "Attachment analyses kept briefly between checks of one message.", factory=True
    )
    capacity: Capacity = setting(Capacity, "Reader processes, memory, connections and rates.", factory=True)
    failure: Failure = setting(Failure, "What the add-ins do when the service is unreachable.", factory=True)
    outlook: Outlook = setting(Outlook, "Outlook add-in sign-in.", factory=True)
    gmail: Gmail = setting(Gmail, "Gmail add-on request verification.", factory=True)
    lookups: Lookups = setting(Lookups, "Microsoft Graph and Google lookups.", factory=True)
    gateway: Gateway = setting(Gateway, "The outbound SMTP gateway.", factory=True)
    memory: Memory = setting(Memory, "Check records: retention, the background writer and its spool.", factory=True)
    alerts: Alerts = setting(Alerts, "Alerts about senders who repeat: webhook, mail, escalation.", factory=True)
    breaker: Breaker = setting(Breaker, "The automation breaker.", factory=True)
    admin: Admin = setting(Admin, "The IT console: who may open it and how they sign in.", factory=True)
    roster: Roster = setting(Roster, "The district roster: guardians, other families, names in text.", factory=True)

    def rule(self, kind: str) -> KindRule:
        rule = getattr(self.data, kind, None)
        return rule if isinstance(rule, KindRule) else KindRule()
