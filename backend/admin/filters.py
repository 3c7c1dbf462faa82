"""The console's filters, read from a query string: bad values are a 400 naming the parameter.

Dates are whole UTC days, both ends included; a sender is an address and a school domain is the
sender's domain (`checks.sender_domain`), compared in lower case as the records store them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, select

from backend.errors import RequestError
from backend.messages import CLIENTS, TITLES
from backend.store.tables import check_findings, checks

VERDICT_CHOICES = ("warn", "block", "allow")
MAX_TEXT = 320


@dataclass(frozen=True)
class Filters:
    verdicts: tuple[str, ...] = ("warn", "block")
    code: str = ""
    client: str = ""
    sender: str = ""
    domain: str = ""
    start: date | None = None
    end: date | None = None

    def where(self, *, walk_time: bool = False) -> list[ColumnElement[bool]]:
        """The WHERE clauses; `walk_time` keeps the verdict test off its index (`verdict || ''`), so the
        database walks `ix_checks_at` newest first instead."""
        verdict = (checks.c.verdict + "") if walk_time else checks.c.verdict
        clauses: list[ColumnElement[bool]] = [verdict.in_(self.verdicts)]
        if self.code:
            clauses.append(checks.c.check_id.in_(select(check_findings.c.check_id).where(
                check_findings.c.code == self.code)))
        if self.client:
            clauses.append(checks.c.client == self.client)
        if self.sender:
            clauses.append(checks.c.sender == self.sender)
        if self.domain:
            clauses.append(checks.c.sender_domain == self.domain)
        clauses += dates(self.start, self.end)
        return clauses

    def query(self, **extra: str) -> str:
        """The query string that asks for these filters again (plus `extra`)."""
        pairs = [("verdict", v) for v in self.verdicts]
        pairs += [(k, v) for k, v in (("code", self.code), ("client", self.client), ("sender", self.sender),
                                      ("domain", self.domain)) if v]
        pairs += [(k, d.isoformat()) for k, d in (("from", self.start), ("to", self.end)) if d]
        pairs += [(k, v) for k, v in extra.items() if v]
        return urlencode(pairs)


def dates(start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if start:
        clauses.append(checks.c.at >= datetime(start.year, start.month, start.day))
    if end:
        after = end + timedelta(days=1)
        clauses.append(checks.c.at < datetime(after.year, after.month, after.day))
    return clauses


def parse_date(params: Mapping[str, str], name: str) -> date | None:
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RequestError("bad_filter", f"`{name}` must be a date like 2026-03-31.", name) from None


def text(params: Mapping[str, str], name: str) -> str:
    value = params.get(name, "").strip().lower()
    if len(value) > MAX_TEXT:
        raise RequestError("bad_filter", f"`{name}` is too long.", name)
    return value


def parse_filters(params: Mapping[str, str], verdicts: list[str]) -> Filters:
    """`params` is the query string; `verdicts` its repeated `verdict` values."""
    chosen = tuple(v for v in VERDICT_CHOICES if v in verdicts) or ("warn", "block")
    if any(v not in VERDICT_CHOICES for v in verdicts):
        raise RequestError("bad_filter", "`verdict` must be warn, block or allow.", "verdict")
    code, client = text(params, "code"), text(params, "client")
    if code and code not in TITLES:
        raise RequestError("bad_filter", "`code` is not a finding code.", "code")
    if client and client not in CLIENTS:
        raise RequestError("bad_filter", "`client` is not a client this service knows.", "client")
    start, end = parse_date(params, "from"), parse_date(params, "to")
    if start and end and start > end:
        raise RequestError("bad_filter", "`from` must not be after `to`.", "from")
    return Filters(chosen, code, client, text(params, "sender"), text(params, "domain"), start, end)
