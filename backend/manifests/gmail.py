"""The Gmail add-on's deployment resource (deployment.json) for one public base URL.

A Google Workspace add-on built on HTTP endpoints is described by a deployment resource, created with
`gcloud workspace-add-ons deployments create NAME --deployment-file=deployment.json`. It names the
endpoints Google calls and the OAuth scopes the user consents to. Three scopes, no more, none of
them a whole-mailbox scope:

- `gmail.addons.execute`: required for any add-on that runs in Gmail;
- `gmail.addons.current.action.compose`: required for a compose trigger, and lets the card replace
  the draft's To / Cc / Bcc;
- `gmail.addons.current.message.metadata`: `composeTrigger.draftAccess: METADATA` needs it (Apps
  Script's manifest reference for `gmail.composeTrigger.draftAccess`, and the google.apps.script.type
  .gmail `DraftAccess` enum: METADATA "gives the compose trigger the permission to access the
  metadata of the draft ... the To and Cc list"). Without it Gmail may send no recipients at all.

The service never reads the mailbox: Google documents no draft id for the compose trigger, and a
saved draft is not what is on screen, so no Gmail API scope (`gmail.readonly`) is asked for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from backend.gmail.routes import COMPOSE_PATH, HOMEPAGE_PATH
from backend.policy import Policy

SCOPES = (
    "https://www.googleapis.com/auth/gmail.addons.execute",
    "https://www.googleapis.com/auth/gmail.addons.current.action.compose",
    "https://www.googleapis.com/auth/gmail.addons.current.message.metadata",
)
NAME = "Crossing Guard"
ACTION_LABEL = "Check with Crossing Guard"
PRIMARY_COLOR = "#1a5e3a"
LOGO_PATH = "/addin/outlook/icons/icon-128.png"
FILE_NAME = "deployment.json"


def gmail_deployment(base_url: str, *, logo_url: str | None = None) -> dict[str, Any]:
    """The deployment resource for a service reachable at `base_url` (https, no trailing slash needed)."""
    base = base_url.rstrip("/")
    if not base.startswith("https://"):
        raise ValueError("The Gmail add-on's base URL must be https.")
    logo = logo_url or base + LOGO_PATH
    return {
        "oauthScopes": list(SCOPES),
        "addOns": {
            "common": {
                "name": NAME,
                "logoUrl": logo,
                "layoutProperties": {"primaryColor": PRIMARY_COLOR},
                "homepageTrigger": {"runFunction": base + HOMEPAGE_PATH, "enabled": True},
            },
            "gmail": {
                "composeTrigger": {
                    "actions": [{"runFunction": base + COMPOSE_PATH, "label": ACTION_LABEL, "logoUrl": logo}],
                    "draftAccess": "METADATA",
                },
            },
            "httpOptions": {"authorizationHeader": "SYSTEM_ID_TOKEN"},
        },
    }


def write_gmail_deployment(base_url: str, out_dir: Path, policy: Policy) -> Path:
    """Write `<out_dir>/gmail/deployment.json` for `base_url` and return its path.

    The policy's `gmail.endpoint_base`, when set, must be the same URL: it is the audience the service
    expects in Google's tokens, so a deployment for any other URL would be refused on every call.
    """
    configured = policy.gmail.endpoint_base.rstrip("/")
    if configured and configured != base_url.rstrip("/"):
        raise ValueError(
            "The base URL differs from the policy's `gmail.endpoint_base`; Google's tokens would not match."
        )
    path = Path(out_dir) / "gmail" / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(gmail_deployment(base_url), indent=2) + "\n", "utf-8")
    return path
