"""The shape every platform has; `NoExtras` gives the empty answers a platform does not need to write."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from backend.auth import TokenVerifier
from backend.policy import Policy
from backend.settings import Settings

Command = Callable[[argparse.Namespace], int]
"""A subcommand's handler: parsed arguments in, exit code out."""



class Platform(Protocol):
    name: str

    def routes(self, settings: Settings, policy: Policy) -> list[BaseRoute]:
        """HTTP endpoints the service serves for this platform."""

    def middleware(self, settings: Settings) -> list[Middleware]:
        """ASGI middleware the platform needs around every route (CORS for Outlook's handler)."""

    def verifiers(self, policy: Policy) -> list[TokenVerifier]:
        """Token verifiers `/v1/check` tries after API keys."""

    def documents(self, base_url: str, out_dir: Path, policy: Policy) -> list[Path]:
        """Write what IT deploys for this platform under `out_dir`; return the paths written."""

    def commands(self, sub: argparse._SubParsersAction[Any]) -> dict[str, Command]:
        """Add the platform's own subcommands to the CLI; return their handlers by name."""


class NoExtras:
    """Defaults: nothing served, verified, written or added to the command line."""

    def routes(self, settings: Settings, policy: Policy) -> list[BaseRoute]:
        return []

    def middleware(self, settings: Settings) -> list[Middleware]:
        return []

    def verifiers(self, policy: Policy) -> list[TokenVerifier]:
        return []

    def documents(self, base_url: str, out_dir: Path, policy: Policy) -> list[Path]:
        return []

    def commands(self, sub: argparse._SubParsersAction[Any]) -> dict[str, Command]:
        return {}
