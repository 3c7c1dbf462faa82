"""The sign-in legs of the console: choose a provider, go to it, come back, sign out.

The flow a browser started (state, nonce, PKCE verifier) waits in the signed session cookie between
the two legs; coming back redeems it once and replaces the session with the admin's, with a new CSRF
token. Someone who signs in but is not an admin gets a plain 403 page and no session. Log lines carry
a reason code, never an address.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backend.admin.access import csrf_ok, start_session
from backend.admin.config import ConsoleConfig
from backend.admin.oidc import SignInError
from backend.admin.render import page
from backend.admin.signin import Provider
from backend.admin.texts import BAD_FORM, EXPIRED, FAILED, NO_SIGNIN, NOT_ADMIN, SIGNED_OUT, UNREACHABLE
from backend.admin.web import form, safe_next
from backend.errors import RequestError

log = logging.getLogger("crossing_guard.admin")


class SignInViews:
    def __init__(self, config: ConsoleConfig, providers: dict[str, Provider],
                 base: Callable[..., dict[str, Any]]) -> None:
        self.config, self.providers, self._base = config, providers, base

    def _redirect_uri(self, request: Request) -> str:
        if self.config.public_url:
            return self.config.public_url + "/admin/signin/callback"
        return str(request.url_for("admin_callback"))

    async def signin(self, request: Request) -> Response:
        if not self.providers:
            return page("message.html", 404, **self._base(request, title="Sign-in is not set up", text=NO_SIGNIN))
        target = safe_next(request.query_params.get("next", ""))
        if len(self.providers) == 1:
            return RedirectResponse(f"/admin/signin/{next(iter(self.providers))}?next={target}", status_code=303)
        return page("signin.html", **self._base(request, providers=self.providers, next=target))

    async def start(self, request: Request) -> Response:
        provider = self.providers.get(request.path_params["provider"])
        if provider is None:
            raise RequestError("not_found", "This service has no such sign-in.", status=404)
        try:
            url, flow = await run_in_threadpool(provider.start, self._redirect_uri(request))
        except SignInError as exc:
            log.warning("console sign-in could not start: %s", exc.reason)
            return page("message.html", 502, **self._base(request, title="Sign-in is unavailable", text=UNREACHABLE))
        request.session.clear()
        request.session.update({"flow": flow, "provider": provider.name,
                                "next": safe_next(request.query_params.get("next", ""))})
        return RedirectResponse(url, status_code=303)

    async def callback(self, request: Request) -> Response:
        flow, name = request.session.get("flow"), request.session.get("provider")
        target = safe_next(str(request.session.get("next", "")))
        provider = self.providers.get(name) if isinstance(name, str) else None
        if provider is None or not isinstance(flow, dict):
            return page("message.html", 400, **self._base(request, title="Sign-in expired", text=EXPIRED))
        params = {k: v for k, v in request.query_params.items() if len(v) < 4096}
        try:
            identity = await run_in_threadpool(provider.finish, flow, params)
        except SignInError as exc:
            log.info("console sign-in refused: %s", exc.reason)
            request.session.clear()
            return page("message.html", 403, **self._base(request, title="Sign-in failed", text=FAILED))
        if not self.config.is_admin(identity.email, identity.groups):
            log.info("console sign-in refused: not an admin")
            request.session.clear()
            return page("message.html", 403, **self._base(request, title="Not an administrator", text=NOT_ADMIN))
        start_session(request, identity.email, identity.groups)
        return RedirectResponse(target, status_code=303)

    async def signout(self, request: Request) -> Response:
        fields = await form(request)
        if csrf_ok(request, fields.get("csrf")):
            request.session.clear()
            return page("message.html", **self._base(request, title="Signed out", text=SIGNED_OUT))
        return page("message.html", 403, **self._base(request, title="Not signed out", text=BAD_FORM))
