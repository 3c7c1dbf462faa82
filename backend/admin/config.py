"""What the IT console needs to run: the policy's `[admin]` section and the secrets from the environment.

The console is on when a sign-in (Entra ID or Google) is fully configured or admin API keys are set;
the demo on this machine (`Settings.demo_access`) may also read it, read-only, so a trial shows what
IT would see without an identity provider. Otherwise `/admin` says how to turn it on.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from backend.policy import Policy
from backend.policy.schema import Admin
from backend.settings import Settings


def _split(value: str) -> tuple[bytes, ...]:
    return tuple(part.strip().encode() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class ConsoleConfig:
    admin: Admin
    google_domains: tuple[str, ...]
    entra_secret: str
    google_secret: str
    session_secret: str
    api_keys: tuple[bytes, ...]
    ca_file: str | None
    public_url: str
    demo: bool

    @classmethod
    def build(cls, settings: Settings, policy: Policy) -> ConsoleConfig:
        env = settings.extra
        admin = policy.admin
        domains = admin.google_domains or policy.district.domains
        return cls(
            admin=admin,
            google_domains=tuple(d.lower() for d in domains),
            entra_secret=env.get("CROSSING_GUARD_ADMIN_ENTRA_CLIENT_SECRET", ""),
            google_secret=env.get("CROSSING_GUARD_ADMIN_GOOGLE_CLIENT_SECRET", ""),
            # Without a configured secret, sessions last until the process restarts.
            session_secret=env.get("CROSSING_GUARD_ADMIN_SESSION_SECRET", "") or secrets.token_urlsafe(32),
            api_keys=_split(env.get("CROSSING_GUARD_ADMIN_API_KEYS", "")),
            ca_file=env.get("CROSSING_GUARD_LOOKUP_CA_FILE", "").strip() or None,
            public_url=settings.public_url,
            demo=settings.demo_access,
        )

    @property
    def entra(self) -> bool:
        return bool(self.admin.entra_client_id and self.admin.entra_tenant_id and self.entra_secret)

    @property
    def google(self) -> bool:
        return bool(self.admin.google_client_id and self.google_secret)

    @property
    def signin(self) -> bool:
        return self.entra or self.google

    @property
    def enabled(self) -> bool:
        return self.signin or bool(self.api_keys) or self.demo

    @property
    def https(self) -> bool:
        return self.public_url.startswith("https://")

    def is_admin(self, email: str, groups: tuple[str, ...] = ()) -> bool:
        """Named by address, or a member of a named Entra group."""
        named = {a.lower() for a in self.admin.admins}
        wanted = {g.lower() for g in self.admin.admin_groups}
        return email.lower() in named or any(g.lower() in wanted for g in groups)

    def key_holder(self, credential: str) -> str | None:
        """An opaque name for the admin API key presented ("key:1a2b3c4d"), or None."""
        given = credential.encode()
        for key in self.api_keys:
            if hmac.compare_digest(given, key):
                return "key:" + hashlib.sha256(key).hexdigest()[:8]
        return None
