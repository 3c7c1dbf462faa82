"""Who would receive a message, and what each recipient is entitled to see.

Pure: classifies recipients by the district's domains and any directory lookups already made.
Staff of the district are entitled to student records; partners to `district.partner_data`;
students, families and everyone else to none beyond their own child's (see the family rule in
`detectors.exposure`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal, NamedTuple

from backend.list_names import names_staff, reaches_families_or_students
from backend.models import Enrichment, OutgoingMessage, Recipient
from backend.policy import Policy

RecipientClass = Literal["internal", "student", "partner", "outside"]

_LIST_NAME = re.compile(r"[\s._\-]+")


def _matches(domain: str, domains: tuple[str, ...]) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in (x.lower() for x in domains))


def normalise_list_name(local_part: str) -> str:
    """The name without case, dots, dashes, underscores or spaces: `All.Students` -> `allstudents`.
    String replaces for the separators every address uses; the pattern only for anything else."""
    name = local_part.lower().replace(".", "").replace("-", "").replace("_", "")
    return name if name.isalnum() else _LIST_NAME.sub("", name)


class Seat(NamedTuple):
    """One address on the message, classified. `reach` is how many people it stands for.

    A named tuple rather than a frozen dataclass: a message to a thousand families makes a thousand
    seats, and a tuple is built several times faster; it is as immutable."""

    recipient: Recipient
    cls: RecipientClass
    is_list: bool
    protected: bool
    reach: int
    outside_reach: int  # of `reach`, how many are not district staff
    resolved: bool  # list membership known from a directory lookup
    assumed: bool = False  # a list not resolved: its size is `audience.unresolved_list_reach`, assumed outside


@dataclass(frozen=True)
class Audience:
    seats: tuple[Seat, ...]
    policy: Policy

    @classmethod
    def of(cls, message: OutgoingMessage, enrichment: Enrichment, policy: Policy) -> Audience:
        protected = frozenset(normalise_list_name(n) for n in policy.audience.protected_lists)
        classes: dict[str, RecipientClass] = {}  # per domain: 50,000 parents share a handful of domains
        seats = tuple(_seat(r, enrichment, policy, protected, classes) for r in message.recipients)
        return cls(seats, policy)

    @cached_property
    def total(self) -> int:
        return sum(s.reach for s in self.seats)

    @cached_property
    def outside(self) -> int:
        """People reached who are not district staff (families, students, partners, the public)."""
        return sum(s.outside_reach for s in self.seats)

    @cached_property
    def partner_data(self) -> frozenset[str]:
        return frozenset(self.policy.district.partner_data)

    def partner_may_see(self, seat: Seat, kinds: frozenset[str] | set[str]) -> bool:
        """A partner's own address (not a list) may see the kinds the district shares with partners."""
        return seat.cls == "partner" and not seat.is_list and kinds <= self.partner_data

    def not_entitled(self, kinds: frozenset[str] | set[str], *, district_only: bool = False) -> int:
        """People reached who may not see data of these kinds.

        `district_only`: the data sits behind a district sign-in (a file shared with the
        organization), so only recipients inside the district's tenant (students, district lists)
        can open it at all; families and partners outside cannot."""
        count = 0
        for s in self.seats:
            if district_only and s.cls in ("outside", "partner"):
                continue
            if self.partner_may_see(s, kinds):
                continue
            count += s.outside_reach
        return count

    def visible_outside(self) -> tuple[Seat, ...]:
        """Outside addresses in To or Cc, which every other recipient can read."""
        return tuple(
            s for s in self.seats
            if s.recipient.field != "bcc" and s.cls in ("outside", "student") and not s.is_list
        )

    @cached_property
    def lists(self) -> tuple[Seat, ...]:
        return tuple(s for s in self.seats if s.is_list)

    @cached_property
    def unresolved(self) -> tuple[Seat, ...]:
        """Lists whose members no lookup told: weighed as large and outside, and said so in the words."""
        return tuple(s for s in self.seats if s.assumed)


def classify(recipient: Recipient, policy: Policy) -> RecipientClass:
    return classify_domain(recipient.domain, policy)


def classify_domain(domain: str, policy: Policy) -> RecipientClass:
    d = policy.district
    if _matches(domain, d.student_domains):
        return "student"
    if _matches(domain, d.domains):
        return "internal"
    if _matches(domain, d.partner_domains):
        return "partner"
    return "outside"


def _seat(
    r: Recipient,
    enrichment: Enrichment,
    policy: Policy,
    protected_names: frozenset[str],
    classes: dict[str, RecipientClass],
) -> Seat:
    local_part, _, domain = r.email.rpartition("@")
    domain = domain.lower()
    cls = classes.get(domain)
    if cls is None:
        cls = classes[domain] = classify_domain(domain, policy)
    protected = normalise_list_name(local_part) in protected_names
    group = enrichment.groups.get(r.email.lower()) if enrichment.groups else None
    is_list = r.kind == "list" or protected or group is not None
    if group is not None:
        return Seat(r, cls, True, protected, group.members, group.outside_members, True)
    if protected or is_unknown_list(r, cls):
        # A list we could not resolve: its size and members are unknown, so it is weighed as a large
        # audience outside the staff, never as one staff member.
        size = policy.audience.unresolved_list_reach
        return Seat(r, cls, True, protected, size, size, False, assumed=True)
    outside = 0 if cls == "internal" else 1
    return Seat(r, cls, is_list, False, 1, outside, False)


def is_unknown_list(r: Recipient, cls: RecipientClass) -> bool:
    """A list of unknown members: one the client marks as a list (unless its name says staff), or a
    district address whose name says it reaches families or students (`transportation-families@`)."""
    if cls in ("internal", "student") and reaches_families_or_students(r.local_part):
        return True
    return r.kind == "list" and not (cls == "internal" and names_staff(r.local_part))
