"""Who is looking at the console, and the CSRF token that guards its one form that writes.

Three kinds of viewer, decided per request:

- a **person** signed in through the district's identity provider, still named an admin by the
  policy (checked again on every request, so removing someone from `admins` takes effect at once),
  within `session_minutes` of signing in;
- a **key**: a script presenting an admin API key as a bearer token, for the JSON and CSV endpoints;
- the **demo** on this machine (`Settings.demo_access`, loopback only): read-only.

The session is a signed cookie (Starlette's SessionMiddleware, itsdangerous), HttpOnly, SameSite=Lax,
Secure when the service is served over https, scoped to `/admin`.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Literal

from starlette.requests import Request

from backend.admin.config import ConsoleConfig
from backend.auth import bearer, is_loopback

Kind = Literal["person", "key", "demo"]


@dataclass(frozen=True)
class Viewer:
    name: str  # an admin's address, "key:1a2b3c4d", or "demo"
    kind: Kind

    @property
    def can_reset(self) -> bool:
        return self.kind == "person"


@dataclass(frozen=True)
class Refused:
    """Signed in, but not (or no longer) an admin."""


def signed_in(request: Request, config: ConsoleConfig) -> Viewer | Refused | None:
    session = request.session
    email, started = session.get("email"), session.get("since")
    if not isinstance(email, str) or not isinstance(started, int | float):
        return None
    if time.time() - started > config.admin.session_minutes * 60:
        session.clear()
        return None
    groups = session.get("groups") or []
    if not config.is_admin(email, tuple(str(g) for g in groups)):
        return Refused()
    return Viewer(email, "person")


def viewer(request: Request, config: ConsoleConfig, *, keys: bool) -> Viewer | Refused | None:
    """The viewer of this request; API keys count only where `keys` (the JSON and CSV endpoints)."""
    credential = bearer(request)
    if keys and credential is not None:
        holder = config.key_holder(credential)
        return Viewer(holder, "key") if holder else None
    found = signed_in(request, config)
    if found is None and config.demo and is_loopback(request):
        return Viewer("demo", "demo")
    return found


def start_session(request: Request, email: str, groups: tuple[str, ...]) -> None:
    request.session.clear()
    request.session.update({"email": email, "groups": list(groups), "since": int(time.time()),
                            "csrf": secrets.token_urlsafe(24)})


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    return token if isinstance(token, str) else ""


def csrf_ok(request: Request, given: object) -> bool:
    expected = csrf_token(request)
    return bool(expected) and isinstance(given, str) and hmac.compare_digest(expected, given)
