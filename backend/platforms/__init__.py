"""Outlook, Gmail and the SMTP gateway: three clients of one engine, each declared in one shape.

A platform says, in one place, what it adds to the service:

- `routes` and `middleware`: its HTTP endpoints (the add-ins' files, Google's event endpoints);
- `verifiers`: how its callers prove who they are to `/v1/check` (Entra ID tokens for Outlook);
  a platform that verifies its own requests (Gmail's Google-signed events) or has its own listener
  (the gateway's SMTP AUTH) declares none here;
- `documents`: what IT deploys for it (manifests, the add-on's deployment resource);
- `commands`: command-line subcommands of its own (the gateway's listener).

`PLATFORMS` lists them explicitly, in the spirit of datasette's DEFAULT_PLUGINS, so `backend.app`
and `backend.cli` loop over one tuple instead of growing a branch per platform.
"""

from __future__ import annotations

from backend.platforms.base import Command, Platform
from backend.platforms.gateway import GatewayPlatform
from backend.platforms.gmail import GmailPlatform
from backend.platforms.outlook import OutlookPlatform

PLATFORMS: tuple[Platform, ...] = (OutlookPlatform(), GmailPlatform(), GatewayPlatform())

__all__ = ["PLATFORMS", "Command", "Platform"]
