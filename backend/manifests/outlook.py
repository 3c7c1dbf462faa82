"""The Outlook add-in's two manifests, for one service URL.

- The add-in only manifest (XML): what the Microsoft 365 admin center's "Upload custom apps" takes as
  a file, and what every Outlook client understands. Mailbox 1.12 minimum, VersionOverrides 1.1,
  Smart Alerts on Send (SoftBlock; the handler downgrades warnings to "send anyway"), checks ahead on
  recipient and attachment changes, a runtime page with the JavaScript override for classic Outlook
  on Windows, and a compose button for the task pane.
- The unified manifest for Microsoft 365 (JSON, teams schema 1.17): the same, as runtimes, ribbons
  and autoRunEvents, packaged in a zip with its two icons.

Both use one add-in id, derived from the base URL with uuid5 unless one is given, so regenerating
the manifests for the same URL never makes Outlook see a new add-in.

Neither is made without the district's Entra app registration (`outlook.client_id`, and the tenant
in `outlook.tenant_ids`): classic Outlook on Windows falls back to Office SSO, which needs
`WebApplicationInfo`, and a manifest without it would say "could not sign you in" at every Send.
"""

from __future__ import annotations

import uuid
from importlib import resources
from string import Template
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from backend.policy import Policy
from backend.policy.schema import Outlook

HANDLER_PATH = "/addin/outlook/launchevent.js"
TASK_PANE_COMMAND = "msgComposeOpenPaneButton"
MANIFEST_VERSION = "1.17"
ADDIN_VERSION = "1.0.0"
MAILBOX_MIN = "1.12"
HANDLERS = ("onMessageSendHandler", "onMessageRecipientsChangedHandler", "onMessageAttachmentsChangedHandler")
DESCRIPTION = (
    "A second look before school email leaves: warns or stops a message that would expose students' "
    "records to people who should not have them."
)
SHORT_DESCRIPTION = "Stops student records from leaving by mistake."
ACCENT = "#1F5C99"


class NoSignIn(ValueError):
    """The policy lacks what sign-in needs; the message names the policy key."""


def require_sign_in(outlook: Outlook) -> None:
    if not outlook.client_id:
        raise NoSignIn(
            "outlook.client_id is not set: register the add-in in Entra ID (see addin/outlook/README.md) and put "
            "its Application (client) ID in the policy before making the Outlook manifest"
        )
    if not outlook.tenant_ids:
        raise NoSignIn("outlook.tenant_ids is not set: the Outlook manifest needs the district's Entra tenant ID")


def addin_id(base_url: str) -> uuid.UUID:
    """Stable for a base URL: the same deployment always has the same add-in id."""
    return uuid.uuid5(uuid.NAMESPACE_URL, normalize_base(base_url) + "#crossing-guard-outlook")


def normalize_base(base_url: str) -> str:
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError("the base URL must be an absolute http(s) URL")
    return f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/")


def app_id_uri(base_url: str, outlook: Outlook) -> str:
    """The Entra application ID URI the add-in asks a token for: the policy's, or api://host/client-id."""
    if outlook.audience.startswith("api://"):
        return outlook.audience.rstrip("/")
    return f"api://{urlsplit(base_url).netloc}/{outlook.client_id}"


def fit_words(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary (the schema caps some names at 32)."""
    if len(text) <= limit:
        return text
    return text[: limit + 1].rsplit(" ", 1)[0][:limit].rstrip(" ,;:-")


def _template() -> Template:
    text = resources.files("backend.manifests").joinpath("templates/outlook-manifest.xml").read_text("utf-8")
    return Template(text)


def _web_application_info(base_url: str, outlook: Outlook) -> str:
    return (
        "\n      <WebApplicationInfo>"
        f"\n        <Id>{escape(outlook.client_id)}</Id>"
        f"\n        <Resource>{escape(app_id_uri(base_url, outlook))}</Resource>"
        "\n        <Scopes>"
        "\n          <Scope>openid</Scope>"
        "\n          <Scope>profile</Scope>"
        "\n        </Scopes>"
        "\n      </WebApplicationInfo>"
    )


def xml_manifest(base_url: str, policy: Policy, *, manifest_id: uuid.UUID | None = None) -> str:
    base = normalize_base(base_url)
    require_sign_in(policy.outlook)
    attr = quoteattr  # values land in attributes and text; quoteattr adds the quotes, so strip them
    return _template().substitute(
        base_url=escape(base),
        addin_id=str(manifest_id or addin_id(base)),
        version=ADDIN_VERSION + ".0",
        provider=escape(policy.district.name),
        description=attr(DESCRIPTION)[1:-1],
        web_application_info=_web_application_info(base, policy.outlook),
    )


def _icons(base: str, *sizes: int) -> list[dict[str, Any]]:
    return [{"size": s, "url": f"{base}/addin/outlook/icons/icon-{s}.png"} for s in sizes]


def _mailbox(version: str) -> dict[str, Any]:
    return {"capabilities": [{"name": "Mailbox", "minVersion": version}]}


def unified_manifest(base_url: str, policy: Policy, *, manifest_id: uuid.UUID | None = None) -> dict[str, Any]:
    base = normalize_base(base_url)
    host = urlsplit(base).netloc
    outlook = policy.outlook
    require_sign_in(outlook)
    manifest: dict[str, Any] = {
        "$schema": f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json",
        "manifestVersion": MANIFEST_VERSION,
        "version": ADDIN_VERSION,
        "id": str(manifest_id or addin_id(base)),
        "localizationInfo": {"defaultLanguageTag": "en-us"},
        "developer": {
            "name": fit_words(policy.district.name, 32),
            "websiteUrl": f"{base}/",
            "privacyUrl": f"{base}/",
            "termsOfUseUrl": f"{base}/",
        },
        "name": {"short": "Crossing Guard", "full": "Crossing Guard for Outlook"},
        "description": {"short": SHORT_DESCRIPTION, "full": DESCRIPTION},
        "icons": {"outline": "outline.png", "color": "color.png"},
        "accentColor": ACCENT,
        "validDomains": [host],
        "authorization": {
            "permissions": {"resourceSpecific": [{"name": "MailboxItem.ReadWrite.User", "type": "Delegated"}]}
        },
        "extensions": [{
            "requirements": {"scopes": ["mail"], **_mailbox(MAILBOX_MIN)},
            "runtimes": [
                {
                    "requirements": _mailbox(MAILBOX_MIN),
                    "id": "autorun_runtime",
                    "type": "general",
                    "code": {"page": f"{base}/addin/outlook/commands.html", "script": f"{base}{HANDLER_PATH}"},
                    "lifetime": "short",
                    "actions": [
                        {"id": name, "type": "executeFunction", "displayName": name} for name in HANDLERS
                    ],
                },
                {
                    "requirements": _mailbox("1.3"),
                    "id": "taskpane_runtime",
                    "type": "general",
                    "code": {"page": f"{base}/addin/outlook/taskpane.html"},
                    "lifetime": "short",
                    "actions": [{"id": "openTaskPane", "type": "openPage", "displayName": "Check this message"}],
                },
            ],
            "ribbons": [{
                "contexts": ["mailCompose"],
                "tabs": [{
                    "builtInTabId": "TabDefault",
                    "groups": [{
                        "id": "msgComposeGroup",
                        "label": "Crossing Guard",
                        "icons": _icons(base, 16, 32, 80),
                        "controls": [{
                            "id": TASK_PANE_COMMAND,
                            "type": "button",
                            "label": "Check this message",
                            "icons": _icons(base, 16, 32, 80),
                            "supertip": {
                                "title": "Check this message",
                                "description": "See what Crossing Guard found in this message and fix it.",
                            },
                            "actionId": "openTaskPane",
                        }],
                    }],
                }],
            }],
            "autoRunEvents": [{
                "requirements": {"scopes": ["mail"], **_mailbox(MAILBOX_MIN)},
                "events": [
                    {"type": "messageSending", "actionId": HANDLERS[0], "options": {"sendMode": "softBlock"}},
                    {"type": "messageRecipientsChanged", "actionId": HANDLERS[1]},
                    {"type": "messageAttachmentsChanged", "actionId": HANDLERS[2]},
                ],
            }],
        }],
    }
    manifest["webApplicationInfo"] = {"id": outlook.client_id, "resource": app_id_uri(base, outlook)}
    return manifest
