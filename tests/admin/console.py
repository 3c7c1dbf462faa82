"""Building a console app for tests: a policy with `[admin]`, settings with the secrets, a session cookie.

`session_cookie(...)` signs a session the way Starlette's SessionMiddleware does, with the secret the
test chose, so page tests can be "signed in" without an identity provider; `test_signin.py` runs the
real sign-in flows against local Entra and Google servers.
"""

from __future__ import annotations

import json
from base64 import b64encode
from pathlib import Path
from typing import Any

from itsdangerous import TimestampSigner
from starlette.applications import Starlette

from backend.app import create_app
from backend.policy.loader import parse_policy
from backend.settings import Settings

SECRET = "console-session-secret-for-tests"
ADMIN_KEY = "admin-key-for-scripts"
ADMIN = "it.lead@lincoln.k12.example"
TEACHER = "kpatel@lincoln.k12.example"
ADMIN_GROUP = "9f1c2d3e-0000-4000-8000-00000000a11d"


def policy_text(admin: str = "") -> str:
    return f"""
[district]
name = "Lincoln Public Schools"
domains = ["lincoln.k12.example", "eastside.lincoln.k12.example", "westview.lincoln.k12.example"]

[capacity]
reader_processes = 0

[admin]
admins = ["{ADMIN}"]
admin_groups = ["{ADMIN_GROUP}"]
{admin}
"""


ENTRA = 'entra_tenant_id = "11111111-2222-3333-4444-555555555555"\nentra_client_id = "console-client"\n'


def build(database_url: str, tmp_path: Path, *, admin: str = ENTRA, env: dict[str, str] | None = None,
          demo: bool = False, public_url: str = "") -> Starlette:
    extra = {"CROSSING_GUARD_ADMIN_SESSION_SECRET": SECRET, "CROSSING_GUARD_ADMIN_API_KEYS": ADMIN_KEY,
             "CROSSING_GUARD_ADMIN_ENTRA_CLIENT_SECRET": "entra-secret", **(env or {})}
    settings = Settings(data_dir=tmp_path, database_url=database_url, extra=extra, demo=demo, public_url=public_url)
    return create_app(settings, parse_policy(policy_text(admin)))


def session_cookie(email: str = ADMIN, groups: tuple[str, ...] = (), csrf: str = "csrf-token",
                   since: float | None = None, secret: str = SECRET) -> str:
    import time

    data: dict[str, Any] = {"email": email, "groups": list(groups), "csrf": csrf,
                            "since": int(time.time() if since is None else since)}
    return TimestampSigner(secret).sign(b64encode(json.dumps(data).encode())).decode()
