"""Gmail: the add-on's event endpoints, which verify Google's signed ID token on every request, its
deployment file, and `crossing-guard gmail dlp`, the DLP detectors for the admin to paste."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from starlette.routing import BaseRoute

from backend.gmail import GmailAddon
from backend.platforms.base import Command, NoExtras
from backend.policy import Policy
from backend.settings import Settings


class GmailPlatform(NoExtras):
    name = "gmail"

    def routes(self, settings: Settings, policy: Policy) -> list[BaseRoute]:
        return GmailAddon(policy).routes()

    def documents(self, base_url: str, out_dir: Path, policy: Policy) -> list[Path]:
        from backend.manifests.gmail import write_gmail_deployment

        return [write_gmail_deployment(base_url, out_dir, policy)]

    def commands(self, sub: argparse._SubParsersAction[Any]) -> dict[str, Command]:
        gmail = sub.add_parser("gmail", help="Gmail helpers for the admin")
        gmail_sub = gmail.add_subparsers(dest="gmail_command", required=True, parser_class=type(gmail))
        gmail_sub.add_parser("dlp", help="print Gmail DLP word lists and RE2 patterns built from the data kinds")
        return {"gmail": _gmail}


def _gmail(args: argparse.Namespace) -> int:
    from backend.gmail.dlp import detectors, render

    print(render(detectors()))
    return 0
