"""Gmail: the add-on's event endpoints, which verify Google's signed ID token on every request."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute

from backend.gmail import GmailAddon
from backend.platforms.base import NoExtras
from backend.policy import Policy
from backend.settings import Settings


class GmailPlatform(NoExtras):
    name = "gmail"

    def routes(self, settings: Settings, policy: Policy) -> list[BaseRoute]:
        return GmailAddon(policy).routes()

    def documents(self, base_url: str, out_dir: Path, policy: Policy) -> list[Path]:
        from backend.manifests.gmail import write_gmail_deployment

        return [write_gmail_deployment(base_url, out_dir, policy)]
