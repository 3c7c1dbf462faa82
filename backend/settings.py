"""Deployment settings from the environment: secrets and places, never district policy.

Policy (who is entitled, what blocks) lives in the policy file; credentials live here so they are
never in a file that is shared or committed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ENV_HELP: dict[str, str] = {
    "CROSSING_GUARD_API_KEYS": "Comma-separated API keys that automations present as `Authorization: Bearer <key>`.",
    "CROSSING_GUARD_POLICY": "Path of the district policy file (the `--policy` option wins).",
    "CROSSING_GUARD_PUBLIC_URL": "The service's public https base URL, used in add-in pages and manifests.",
    "CROSSING_GUARD_AUDIT_KEY": "Secret for the audit log's sender hash; set it to correlate across restarts.",
    "CROSSING_GUARD_LOG_LEVEL": "Log level (default INFO).",
    "CROSSING_GUARD_SECRETS_FILE": "Path of a JSON file holding the Graph and Google lookup credentials.",
    "CROSSING_GUARD_GRAPH_TENANT_ID": "Entra ID tenant (directory) ID for Microsoft Graph lookups.",
    "CROSSING_GUARD_GRAPH_CLIENT_ID": "Application (client) ID of the app registration used for Graph lookups.",
    "CROSSING_GUARD_GRAPH_CLIENT_SECRET": "Client secret of that app registration.",
    "CROSSING_GUARD_GOOGLE_SERVICE_ACCOUNT_FILE": "Path of the Google service account's JSON key (domain-wide "
    "delegation) for Drive and Directory lookups.",
    "CROSSING_GUARD_GOOGLE_ADMIN_SUBJECT": "Google Workspace admin the service account acts as for group lookups.",
    "CROSSING_GUARD_GATEWAY_SECRET": "Secret that signs the gateway's trace header; the same on every gateway, so a "
    "message checked once is not checked again.",
    "CROSSING_GUARD_DATA_DIR": "Directory of the embedded SQLite store and the spool of unwritten records "
    "(default `./data` under the working directory).",
    "CROSSING_GUARD_DATABASE_URL": "`postgresql://user:password@host/db` to keep records in PostgreSQL, shared by "
    "several instances (the data directory then holds only the spool).",
    "CROSSING_GUARD_RECORDS": "`off` keeps no check records at all (no history, alerts or breaker); any other value, "
    "or unset, keeps them.",
    "CROSSING_GUARD_LOOKUP_CA_FILE": "Extra CA certificates (PEM) trusted for lookups and the IT console's sign-in, "
    "e.g. behind a TLS proxy.",
    "CROSSING_GUARD_ADMIN_ENTRA_CLIENT_SECRET": "Client secret of the IT console's Entra app registration.",
    "CROSSING_GUARD_ADMIN_GOOGLE_CLIENT_SECRET": "Client secret of the IT console's Google OAuth client.",
    "CROSSING_GUARD_ADMIN_SESSION_SECRET": "Secret that signs IT console sign-in cookies; the same on every instance "
    "(unset: a new one at each start, which signs everyone out).",
    "CROSSING_GUARD_ADMIN_API_KEYS": "Comma-separated API keys with the admin scope: scripts read the console's JSON "
    "and CSV (`Authorization: Bearer <key>`).",
    "CROSSING_GUARD_ROSTER_KEY": "The district's secret (at least 16 characters) under which the roster's names, "
    "IDs and addresses are stored as keyed hashes; `roster import` refuses to run without it, and the service "
    "uses the roster only when it is set. Keep it out of the store's backups.",
}


def _split(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in value.split(",") if part.strip())


def _repo_dir(name: str) -> Path:
    return Path(__file__).resolve().parent.parent / name


@dataclass(frozen=True)
class Settings:
    api_keys: frozenset[str] = frozenset()
    policy_path: str | None = None
    public_url: str = ""
    addin_dir: Path = field(default_factory=lambda: _repo_dir("addin"))
    # The store: None and "" (as built in code) name none; from_env defaults to ./data.
    data_dir: Path | None = None
    database_url: str = field(default="", repr=False)  # may hold a password
    records: bool = True  # keep check records in the store (CROSSING_GUARD_RECORDS=off: the roster and console only)
    demo: bool = False  # `serve` on the demo district or with --demo: the demo page may check without a key
    extra: dict[str, str] = field(default_factory=dict, repr=False)  # may hold secrets

    @property
    def demo_access(self) -> bool:
        """No-key checks from this machine's demo page: only when asked for, never with a public URL.

        Behind a reverse proxy every request arrives from 127.0.0.1, so the peer address alone can
        never be what lets a request in; a deployment (a public URL) turns the demo off whatever else
        is set."""
        return self.demo and not self.public_url

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        records = env.get("CROSSING_GUARD_RECORDS", "").strip().lower() != "off"
        return cls(
            api_keys=_split(env.get("CROSSING_GUARD_API_KEYS", "")),
            policy_path=env.get("CROSSING_GUARD_POLICY") or None,
            public_url=env.get("CROSSING_GUARD_PUBLIC_URL", "").rstrip("/"),
            data_dir=Path(env.get("CROSSING_GUARD_DATA_DIR") or "data"),
            database_url=env.get("CROSSING_GUARD_DATABASE_URL", ""),
            records=records,
            extra={k: v for k, v in env.items() if k.startswith("CROSSING_GUARD_")},
        )
