"""The console's HTML: Jinja2 templates with every value escaped, and the words for stored codes.

Every label comes from `backend.messages` and `backend.datakinds`; the console has no vocabulary
of its own.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.responses import HTMLResponse

from backend.datakinds import label
from backend.messages import ALERTS, CALLERS, CLIENTS, OUTCOMES, RECIPIENT_CLASSES, SEVERITIES, TITLES, VERDICTS, word


def _when(value: datetime | None) -> str:
    return value.strftime("%b %-d %Y, %H:%M") if value else ""


def _day(value: date | None) -> str:
    return value.strftime("%a %b %-d") if value else ""


def _n(value: int | None) -> str:
    return f"{value or 0:,}"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


ENV = Environment(loader=PackageLoader("backend.admin", "templates"), autoescape=select_autoescape(["html"]),
                  trim_blocks=True, lstrip_blocks=True)
ENV.filters.update({
    "when": _when, "day": _day, "n": _n, "kind": label,
    "verdict": lambda v: word(VERDICTS, v), "caller": lambda v: word(CALLERS, v),
    "alert": lambda v: word(ALERTS, v), "client": lambda v: word(CLIENTS, v),
    "cls": lambda v: word(RECIPIENT_CLASSES, v), "outcome": lambda v: word(OUTCOMES, v),
    "severity": lambda v: word(SEVERITIES, v), "title": lambda v: word(TITLES, v),
})
ENV.globals.update({"percent": _percent, "TITLES": TITLES, "CLIENTS": CLIENTS, "VERDICTS": VERDICTS})


def page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = ENV.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers={
        "Cache-Control": "no-store",
        "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                                   "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    })
