"""What Outlook fetches from the service: the add-in's files, the allow-list, the manifests.

- /addin/outlook/launchevent.js: MSAL's browser build followed by the Send handler, as one file, with
  the deployment's settings written into the handler's config block (service URL, fail mode, client
  timeout, sign-in ids and tenant). Classic Outlook on Windows runs this file alone, in a
  JavaScript-only runtime that loads nothing else: bundling MSAL into it is how nested app
  authentication reaches that runtime (Microsoft's event-based NAA sample bundles it the same way).
- /addin/outlook/{commands,taskpane}.html, taskpane.js/.css, icons/, vendor/: static files.
- /.well-known/microsoft-officeaddins-allowed.json: the handler's absolute URL, which classic
  Outlook on Windows needs before it lets the handler use fetch or sign-in.
- /addin/outlook/manifest.xml and manifest.json: the manifests for this service's own URL.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from backend import __version__
from backend.errors import RequestError
from backend.manifests.outlook import HANDLER_PATH, NoSignIn, app_id_uri, unified_manifest, xml_manifest
from backend.policy import Policy
from backend.policy.schema import Outlook
from backend.state import AppState

CONFIG_BLOCK = re.compile(r"/\*@config\*/.*?/\*@end-config\*/", re.DOTALL)
NO_CACHE = {"Cache-Control": "no-cache"}


def base_url(request: Request) -> str:
    """CROSSING_GUARD_PUBLIC_URL when set (behind a proxy it is the only truth), else this request's."""
    state: AppState = request.app.state.cg
    if state.settings.public_url:
        return state.settings.public_url.rstrip("/")
    return str(request.base_url).rstrip("/")


def handler_config(policy: Policy, service_url: str) -> dict[str, Any]:
    """The values launchevent.js needs; nothing secret, since Outlook downloads the file unauthenticated."""
    outlook = policy.outlook
    scope = f"{app_id_uri(service_url, outlook)}/{outlook.scope}" if outlook.client_id else ""
    return {
        "serviceUrl": service_url,
        "failMode": policy.failure.mode,
        "timeoutMs": int(policy.failure.client_timeout_seconds * 1000),
        "clientId": outlook.client_id,
        "scope": scope,
        "authority": naa_authority(outlook),
        "maxAttachmentBytes": policy.limits.attachment_bytes,
        "version": __version__,
    }


def naa_authority(outlook: Outlook) -> str:
    """The district's own tenant (its app registration is single-tenant); `organizations` for several."""
    tenant = outlook.tenant_ids[0] if len(outlook.tenant_ids) == 1 else "organizations"
    return f"{outlook.authority_host.rstrip('/')}/{tenant}"


def bundle(vendor: str, handler: str) -> str:
    """The one file the event runtime loads: MSAL first (it defines the global `msal`), then the handler."""
    return vendor + "\n" + handler


def render_handler(source: str, config: dict[str, Any]) -> str:
    block = "/*@config*/ " + json.dumps(config, indent=2) + " /*@end-config*/"
    rendered, count = CONFIG_BLOCK.subn(lambda _: block, source, count=1)
    if count != 1:
        raise RuntimeError("launchevent.js has lost its config block")
    return rendered


def _outlook_dir(request: Request) -> Path:
    state: AppState = request.app.state.cg
    return state.settings.addin_dir / "outlook"


async def launchevent(request: Request) -> Response:
    state: AppState = request.app.state.cg
    folder = _outlook_dir(request)
    source = (folder / "launchevent.js").read_text("utf-8")
    vendor = (folder / "vendor" / "msal-browser.min.js").read_text("utf-8")
    body = bundle(vendor, render_handler(source, handler_config(state.policy, base_url(request))))
    # MSAL makes the file ~320 KB and Outlook fetches it for every event: revalidate, don't re-download.
    etag = '"' + hashlib.sha256(body.encode("utf-8")).hexdigest()[:32] + '"'
    headers = {**NO_CACHE, "ETag": etag}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="text/javascript; charset=utf-8", headers=headers)


async def allowed_origins(request: Request) -> Response:
    return JSONResponse({"allowed": [base_url(request) + HANDLER_PATH]}, headers=NO_CACHE)


async def manifest_xml(request: Request) -> Response:
    state: AppState = request.app.state.cg
    try:
        return Response(xml_manifest(base_url(request), state.policy), media_type="application/xml")
    except NoSignIn as exc:
        raise RequestError("not_configured", str(exc), status=404) from None


async def manifest_json(request: Request) -> Response:
    state: AppState = request.app.state.cg
    try:
        return JSONResponse(unified_manifest(base_url(request), state.policy))
    except NoSignIn as exc:
        raise RequestError("not_configured", str(exc), status=404) from None


def outlook_routes(addin_dir: Path) -> list[BaseRoute]:
    return [
        Route("/.well-known/microsoft-officeaddins-allowed.json", allowed_origins, methods=["GET"]),
        Route(HANDLER_PATH, launchevent, methods=["GET"]),
        Route("/addin/outlook/manifest.xml", manifest_xml, methods=["GET"]),
        Route("/addin/outlook/manifest.json", manifest_json, methods=["GET"]),
        Mount("/addin/outlook", app=StaticFiles(directory=addin_dir / "outlook", check_dir=False), name="outlook"),
    ]
