"""Outlook: the add-in's files and manifests, CORS for its Send handler, Entra ID sign-in."""

from __future__ import annotations

from pathlib import Path

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from backend.auth import TokenVerifier
from backend.outlook import OutlookCORSMiddleware, entra_verifiers, outlook_routes
from backend.platforms.base import NoExtras
from backend.policy import Policy
from backend.settings import Settings


class OutlookPlatform(NoExtras):
    name = "outlook"

    def routes(self, settings: Settings, policy: Policy) -> list[BaseRoute]:
        return outlook_routes(settings.addin_dir)

    def middleware(self, settings: Settings) -> list[Middleware]:
        return [Middleware(OutlookCORSMiddleware, public_url=settings.public_url)]

    def verifiers(self, policy: Policy) -> list[TokenVerifier]:
        return entra_verifiers(policy)

    def documents(self, base_url: str, out_dir: Path, policy: Policy) -> list[Path]:
        from backend.manifests import write_outlook

        return write_outlook(base_url, out_dir / "outlook", policy)
