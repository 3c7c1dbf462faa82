"""The console's endpoints: pages for people, JSON and CSV for scripts, the sign-in legs.

Each endpoint says who may see it (`for_people`: signed-in admins and the demo; `for_scripts`: those and
admin API keys) and reads the store in a worker thread: queries are synchronous SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from cachetools import TTLCache
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from backend.admin import breaker, export, queries
from backend.admin.access import Refused, Viewer, csrf_ok, csrf_token, viewer
from backend.admin.chart import per_day
from backend.admin.config import ConsoleConfig
from backend.admin.filters import Filters, parse_date, parse_filters, text
from backend.admin.records import Records
from backend.admin.render import ENV, page
from backend.admin.signin import Provider, providers
from backend.admin.signin_views import SignInViews
from backend.admin.texts import BAD_FORM, NO_SIGNIN, NO_STORE, NOT_ADMIN, OFF, STORE_DOWN
from backend.admin.web import as_json, form, here
from backend.admin.words import check_words
from backend.errors import AuthError, RequestError

CHOICES_SECONDS = 60.0
MAX_CHECK_ID = 64  # checks.check_id

Endpoint = Callable[[Request], Awaitable[Response]]
Handler = Callable[[Request, Viewer], Awaitable[Response]]


def _today() -> Any:
    return datetime.now(UTC).date()


class Console:
    """The IT console of one app: its configuration, sign-in providers and the store it reads."""

    def __init__(self, config: ConsoleConfig, records: Records, client: httpx.Client | None = None) -> None:
        self.config = config
        self.records = records
        self.client = client
        self.providers: dict[str, Provider] = providers(config, client) if client is not None else {}
        self.auth = SignInViews(config, self.providers, self._base)
        # The filter form's clients and domains scan the table (65 ms at 100,000 checks): once a minute.
        self._choices: TTLCache[str, dict[str, list[str]]] = TTLCache(maxsize=1, ttl=CHOICES_SECONDS)


    def _base(self, request: Request, **context: Any) -> dict[str, Any]:
        return {"config": self.config, "csrf": csrf_token(request), "request": request, **context}

    def for_people(self, handler: Handler) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            found = viewer(request, self.config, keys=False)
            if isinstance(found, Refused):
                return page("message.html", 403, **self._base(request, title="Not an administrator",
                                                               text=NOT_ADMIN, signed_in=True))
            if found is None:
                if self.config.signin:
                    return RedirectResponse("/admin/signin?next=" + here(request), status_code=303)
                return page("message.html", 401, **self._base(request, title="Sign-in is not set up", text=NO_SIGNIN))
            if not self.records.configured:
                return page("message.html", 200, **self._base(request, title="No records are kept", text=NO_STORE,
                                                               viewer=found))
            if await run_in_threadpool(self.records.open) is None:
                return page("message.html", 503, **self._base(request, title="The records cannot be read just now",
                                                               text=STORE_DOWN, viewer=found))
            return await handler(request, found)
        return endpoint

    def for_scripts(self, handler: Handler) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            found = viewer(request, self.config, keys=True)
            if isinstance(found, Refused):
                raise RequestError("forbidden", "This account is not a console administrator.", status=403)
            if found is None:
                raise AuthError("An admin API key or a console sign-in is required.")
            if not self.records.configured:
                raise RequestError("no_store", "This service keeps no check records.", status=404)
            if await run_in_threadpool(self.records.open) is None:
                raise RequestError("store_unavailable", "The check records cannot be read just now.", status=503)
            return await handler(request, found)
        return endpoint

    def _engine(self) -> Any:
        assert self.records.store is not None
        return self.records.store.engine


    def _filters(self, request: Request) -> Filters:
        return parse_filters(request.query_params, request.query_params.getlist("verdict"))

    async def _recent(self, request: Request) -> tuple[Filters, queries.Page]:
        filters = self._filters(request)
        raw = request.query_params.get("before", "")
        before = queries.Cursor.decode(raw) if raw else None
        if raw and before is None:
            raise RequestError("bad_filter", "`before` is not a page marker this console made.", "before")
        found = await run_in_threadpool(queries.recent, self._engine(), filters, before, self.config.admin.page_size)
        return filters, found

    async def recent_page(self, request: Request, who: Viewer) -> Response:
        filters, found = await self._recent(request)
        choices = self._choices.get("form")
        if choices is None:
            choices = self._choices["form"] = await run_in_threadpool(queries.choices, self._engine())
        return page("recent.html", **self._base(request, viewer=who, filters=filters, rows=found.rows,
                                                 next=found.next, choices=choices, section="recent"))

    async def recent_json(self, request: Request, who: Viewer) -> Response:
        _, found = await self._recent(request)
        return JSONResponse({"checks": [as_json(r) for r in found.rows],
                             "next": found.next.encode() if found.next else None})


    async def _trends(self, request: Request) -> queries.Trends:
        start, end = queries.trend_range(parse_date(request.query_params, "from"),
                                         parse_date(request.query_params, "to"), _today())
        if start > end:
            raise RequestError("bad_filter", "`from` must not be after `to`.", "from")
        return await run_in_threadpool(queries.trends, self._engine(), start, end)

    async def trends_page(self, request: Request, who: Viewer) -> Response:
        found = await self._trends(request)
        return page("trends.html", **self._base(request, viewer=who, t=found, chart=per_day(found.days),
                                                 section="trends"))

    async def trends_json(self, request: Request, who: Viewer) -> Response:
        t = await self._trends(request)
        return JSONResponse({
            "days": [{"day": d.isoformat(), **{k: v.get(k, 0) for k in ("allow", "warn", "block")}} for d, v in t.days],
            "codes": [{"code": c, "checks": n} for c, n in t.codes],
            "senders": [{"sender": s, "checks": n} for s, n in t.senders],
            "warned": t.warned, "sent_anyway": t.sent_anyway, "alerts": [as_json(a) for a in t.alerts],
        })


    async def _record(self, request: Request) -> queries.Record:
        check_id = request.path_params["check_id"]
        found = await run_in_threadpool(queries.one_check, self._engine(), check_id)
        if found is None:
            raise RequestError("not_found", "No check has this id.", status=404)
        return found

    async def check_page(self, request: Request, who: Viewer) -> Response:
        record = await self._record(request)
        return page("check.html", **self._base(request, viewer=who, r=record, words=check_words(record),
                                                section="recent"))

    async def check_json(self, request: Request, who: Viewer) -> Response:
        r = await self._record(request)
        return JSONResponse({**as_json(r.check), "recipients": r.recipients, "findings": r.findings, "data": r.data})


    def _scope(self, request: Request) -> export.Scope:
        params = request.query_params
        check_id, sender = params.get("check", "").strip(), text(params, "sender")
        if len(check_id) > MAX_CHECK_ID:
            raise RequestError("bad_export", "`check` is not a check id.", "check")
        if bool(check_id) == bool(sender):
            raise RequestError("bad_export", "Name either a `check` or a `sender` (with `from` and `to`).", "check")
        start, end = parse_date(params, "from"), parse_date(params, "to")
        if sender and (start is None or end is None):
            raise RequestError("bad_export", "A sender's export needs `from` and `to` dates.", "from")
        if start and end and start > end:
            raise RequestError("bad_export", "`from` must not be after `to`.", "from")
        include = params.get("include", "sent")
        if include not in ("sent", "all"):
            raise RequestError("bad_export", "`include` must be sent or all.", "include")
        return export.Scope(check_id, sender, start, end, include == "all")

    async def export_page(self, request: Request, who: Viewer) -> Response:
        if not request.query_params:
            return page("export_form.html", **self._base(request, viewer=who, section="export"))
        scope = self._scope(request)
        found = await run_in_threadpool(export.rows, self._engine(), scope)
        return page("export.html", **self._base(request, viewer=who, scope=scope, rows=found,
                                                 recipients=export.by_recipient(found), section="export",
                                                 csv_query=request.url.query))

    async def export_csv(self, request: Request, who: Viewer) -> Response:
        scope = self._scope(request)
        found = await run_in_threadpool(export.rows, self._engine(), scope)
        name = f"incident-{scope.check_id[:24]}" if scope.check_id else f"incident-{scope.start}-{scope.end}"
        safe = "".join(c for c in name if c.isalnum() or c in "-_") or "incident"
        return Response(export.to_csv(found), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{safe}.csv"',
                                 "Cache-Control": "no-store"})


    async def breakers_page(self, request: Request, who: Viewer) -> Response:
        engine = self._engine()
        opened = await run_in_threadpool(breaker.open_breakers, engine)
        recent = await run_in_threadpool(breaker.recent_breakers, engine)
        done = request.query_params.get("reset") == "1"
        return page("breakers.html", **self._base(request, viewer=who, opened=opened, recent=recent, done=done,
                                                   now=breaker.now(), section="breakers"))

    async def breakers_json(self, request: Request, who: Viewer) -> Response:
        opened = await run_in_threadpool(breaker.open_breakers, self._engine())
        return JSONResponse({"open": [as_json(b) for b in opened]})

    async def breaker_reset(self, request: Request, who: Viewer) -> Response:
        fields = await form(request)
        if not who.can_reset or not csrf_ok(request, fields.get("csrf")):
            return page("message.html", 403, **self._base(request, viewer=who, title="Not reset", text=BAD_FORM))
        key = fields.get("key")
        if not isinstance(key, str) or not key or len(key) > 320:
            raise RequestError("bad_form", "`key` must name a breaker.", "key")
        if not await run_in_threadpool(breaker.reset, self._engine(), key, who.name):
            raise RequestError("not_found", "No breaker has this key.", status=404)
        return RedirectResponse("/admin/breakers?reset=1", status_code=303)

    async def off(self, request: Request) -> Response:
        return page("message.html", 404, **self._base(request, title="The IT console is off", text=OFF))

    async def stylesheet(self, request: Request) -> Response:
        loader = ENV.loader
        assert loader is not None
        source, _, _ = loader.get_source(ENV, "console.css")
        return PlainTextResponse(source, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


