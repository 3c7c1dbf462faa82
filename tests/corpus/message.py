"""Builders for check requests, spelled exactly as the v1 API takes them, and the people who send them.

The district is the demo one: staff on maplevalley.k12.example, students on
students.maplevalley.k12.example, the bus contractor on metrotransit-buses.example.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

DISTRICT = "maplevalley.k12.example"
STUDENT_DOMAIN = "students.maplevalley.k12.example"
CONTRACTOR = "metrotransit-buses.example"

App = Literal["outlook", "gmail", "api", "demo"]
Json = dict[str, Any]


@dataclass(frozen=True)
class Staff:
    name: str
    email: str

    def person(self) -> Json:
        return {"email": self.email, "name": self.name}


def staff(name: str, handle: str) -> Staff:
    return Staff(name, f"{handle}@{DISTRICT}")


KIRAN = staff("Kiran Patel", "kpatel")  # school counselor
TEACHER = staff("Maria Okafor", "mokafor")
CO_TEACHER = staff("Ben Lindgren", "blindgren")
SUBSTITUTE = staff("Sam Quist", "squist")
NURSE = staff("Dana Whitfield", "dwhitfield")
TRANSPORT = staff("Ray Castellano", "rcastellano")
SECTION_504_COORDINATOR = staff("Claire Delacroix", "cdelacroix")
FRONT_OFFICE = staff("Angela Brandt", "abrandt")
COACH = staff("Tom Haugen", "thaugen")
PRINCIPAL = staff("Alan Sorensen", "asorensen")
ASSISTANT_PRINCIPAL = staff("Helen Ocampo", "hocampo")
LIBRARIAN = staff("Nora Kingsley", "nkingsley")
NUTRITION = staff("Food and Nutrition Services", "nutrition")
SECRETARY = staff("Liz Halvorsen", "lhalvorsen")
SPED_DIRECTOR = staff("Paul Achebe", "pachebe")
MAIL_MERGE = staff("Maple Valley Transportation", "transportation-notices")
NOTIFIER = staff("Maple Valley Alerts", "noreply-alerts")

STAFF_LIST = tuple(
    staff(n, h)
    for n, h in (
        ("Maria Okafor", "mokafor"), ("Ben Lindgren", "blindgren"), ("Jae Yoon", "jyoon"),
        ("Lucia Ferreira", "lferreira"), ("Minh Bui", "mbui"), ("Owen Brandt", "obrandt"),
        ("Ruth Moreau", "rmoreau"), ("Anton Sorensen", "asorensen2"), ("Gwen Haugen", "ghaugen"),
        ("Ines Castellano", "icastellano"), ("Victor Achebe", "vachebe"), ("Carla Ocampo", "cocampo"),
        ("Hugo Kingsley", "hkingsley"), ("Tess Quist", "tquist"), ("Dora Halvorsen", "dhalvorsen"),
        ("Felix Marsh-Ortiz", "fmarshortiz"), ("Ada Delacroix", "adelacroix"), ("Rhea Whitfield", "rwhitfield"),
    )
)


def _kind(email: str, app: App) -> str | None:
    domain = email.rpartition("@")[2].lower()
    if domain == DISTRICT or domain.endswith("." + DISTRICT):
        return "user"
    return "external" if app == "outlook" else None


def recipient(email: str, name: str = "", kind: str | None = None, *, app: App = "outlook") -> Json:
    """A recipient as the client would send it: Outlook says external; Gmail and automations say nothing."""
    out: Json = {"email": email}
    if name:
        out["name"] = name
    kind = kind or _kind(email, app)
    if kind:
        out["kind"] = kind
    return out


def attachment(name: str, data: bytes, content_type: str) -> Json:
    return {
        "name": name,
        "content_type": content_type,
        "size": len(data),
        "content_b64": base64.b64encode(data).decode("ascii"),
    }


def cloud_attachment(name: str, url: str) -> Json:
    return {"name": name, "url": url}


Recipients = Sequence[str | Json]


def request(
    *,
    sender: Staff,
    subject: str,
    to: Recipients = (),
    cc: Recipients = (),
    bcc: Recipients = (),
    text: str | None = None,
    html: str | None = None,
    attachments: Sequence[Json] = (),
    links: Sequence[str] = (),
    app: App = "outlook",
) -> Json:
    def people(items: Recipients) -> list[Json]:
        return [recipient(r, app=app) if isinstance(r, str) else r for r in items]

    body: Json = {}
    if text is not None:
        body["text"] = text
    if html is not None:
        body["html"] = html
    out: Json = {
        "client": {"app": app, "version": "1.4.0" if app != "api" else "merge-tool/3.2"},
        "sender": sender.person(),
        "to": people(to),
        "cc": people(cc),
        "bcc": people(bcc),
        "subject": subject,
        "body": body,
        "attachments": list(attachments),
    }
    if links:
        out["links"] = list(links)
    return out
