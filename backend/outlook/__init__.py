"""The Outlook add-in's side of the service: Entra ID sign-in, the add-in's files, CORS."""

from __future__ import annotations

from backend.auth import TokenVerifier
from backend.outlook.cors import OutlookCORSMiddleware
from backend.outlook.entra import EntraVerifier
from backend.outlook.routes import outlook_routes
from backend.policy import Policy

__all__ = ["EntraVerifier", "OutlookCORSMiddleware", "entra_verifiers", "outlook_routes"]


def entra_verifiers(policy: Policy) -> list[TokenVerifier]:
    """An Entra ID verifier when the policy names tenants; none otherwise (API keys still work)."""
    return [EntraVerifier(policy.outlook)] if policy.outlook.tenant_ids else []
