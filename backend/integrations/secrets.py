"""Tenant credentials for the lookups, from the environment or a secrets file it names.

Never from the policy file: that file is shared and committed; these are not. Every secret value
is wrapped in `Secret`, whose repr and str are masked, so a credential cannot reach a log line, an
error or a traceback by being printed.

The secrets file is JSON:

    {"graph": {"tenant_id": "...", "client_id": "...", "client_secret": "..."},
     "google": {"service_account": {...the service account's JSON key...}, "admin_subject": "admin@..."}}

Environment variables override the file, one value each (see ENV).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backend.errors import PolicyError

ENV: tuple[str, ...] = (
    "CROSSING_GUARD_SECRETS_FILE",
    "CROSSING_GUARD_GRAPH_TENANT_ID",
    "CROSSING_GUARD_GRAPH_CLIENT_ID",
    "CROSSING_GUARD_GRAPH_CLIENT_SECRET",
    "CROSSING_GUARD_GOOGLE_SERVICE_ACCOUNT_FILE",
    "CROSSING_GUARD_GOOGLE_ADMIN_SUBJECT",
    "CROSSING_GUARD_LOOKUP_CA_FILE",
)
"""The variables read here; their help text is in `backend.settings.ENV_HELP`."""


class Secret:
    """A value that prints as asterisks. Call `reveal()` at the one place it is sent."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __reduce__(self) -> Any:
        raise TypeError("a Secret is not picklable")


@dataclass(frozen=True)
class GraphCredentials:
    tenant_id: str
    client_id: str
    client_secret: Secret


@dataclass(frozen=True)
class GoogleCredentials:
    client_email: str
    private_key: Secret  # PEM, RS256
    private_key_id: str
    admin_subject: str  # whom the service account acts as for Directory calls


@dataclass(frozen=True)
class Credentials:
    graph: GraphCredentials | None = None
    google: GoogleCredentials | None = None
    ca_file: str | None = None

    @property
    def any(self) -> bool:
        return self.graph is not None or self.google is not None


def _where(env_name: str) -> str:
    return f"environment variable {env_name}"


def _read_json(path: str, source: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise PolicyError(source, "", f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    except ValueError:
        raise PolicyError(source, "", "is not valid JSON") from None
    if not isinstance(data, dict):
        raise PolicyError(source, "", "must hold a JSON object")
    return data


def _section(data: Mapping[str, Any], key: str, source: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise PolicyError(source, key, "must be an object")
    return value


def _text(data: Mapping[str, Any], key: str, source: str, section: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise PolicyError(source, f"{section}.{key}", "must be a string")
    return value.strip()


def load_credentials(environ: Mapping[str, str]) -> Credentials:
    """Read credentials. A half-configured service fails loudly, naming the missing value (never a value)."""
    graph: dict[str, str] = {}
    google: dict[str, Any] = {}
    secrets_file = environ.get("CROSSING_GUARD_SECRETS_FILE", "").strip()
    if secrets_file:
        source = f"secrets file ({_where('CROSSING_GUARD_SECRETS_FILE')})"
        data = _read_json(secrets_file, source)
        g = _section(data, "graph", source)
        graph = {k: _text(g, k, source, "graph") for k in ("tenant_id", "client_id", "client_secret")}
        go = _section(data, "google", source)
        if "service_account" in go:
            if not isinstance(go["service_account"], dict):
                raise PolicyError(source, "google.service_account", "must be an object (the JSON key)")
            google["service_account"] = go["service_account"]
        google["admin_subject"] = _text(go, "admin_subject", source, "google")
    for key in ("tenant_id", "client_id", "client_secret"):
        value = environ.get(f"CROSSING_GUARD_GRAPH_{key.upper()}", "").strip()
        if value:
            graph[key] = value
    key_file = environ.get("CROSSING_GUARD_GOOGLE_SERVICE_ACCOUNT_FILE", "").strip()
    if key_file:
        google["service_account"] = _read_json(key_file, _where("CROSSING_GUARD_GOOGLE_SERVICE_ACCOUNT_FILE"))
    subject = environ.get("CROSSING_GUARD_GOOGLE_ADMIN_SUBJECT", "").strip()
    if subject:
        google["admin_subject"] = subject
    ca_file = environ.get("CROSSING_GUARD_LOOKUP_CA_FILE", "").strip() or None
    return Credentials(_graph(graph), _google(google), ca_file)


def _graph(values: Mapping[str, str]) -> GraphCredentials | None:
    present = {k for k, v in values.items() if v}
    if not present:
        return None
    missing = sorted({"tenant_id", "client_id", "client_secret"} - present)
    if missing:
        names = ", ".join(f"CROSSING_GUARD_GRAPH_{m.upper()}" for m in missing)
        raise PolicyError("Graph lookup credentials", "", f"are incomplete: set {names}")
    return GraphCredentials(values["tenant_id"], values["client_id"], Secret(values["client_secret"]))


def _google(values: Mapping[str, Any]) -> GoogleCredentials | None:
    key = values.get("service_account")
    subject = str(values.get("admin_subject") or "")
    if not key and not subject:
        return None
    where = "Google lookup credentials"
    if not isinstance(key, dict):
        raise PolicyError(where, "", "are incomplete: set CROSSING_GUARD_GOOGLE_SERVICE_ACCOUNT_FILE")
    email, pem = key.get("client_email"), key.get("private_key")
    if not isinstance(email, str) or not email or not isinstance(pem, str) or "PRIVATE KEY" not in pem:
        raise PolicyError(where, "", "need a service account key with client_email and private_key")
    return GoogleCredentials(email, Secret(pem), str(key.get("private_key_id") or ""), subject)
