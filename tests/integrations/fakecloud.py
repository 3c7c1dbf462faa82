"""A local stand-in for Entra ID, Microsoft Graph, Google's token endpoint, Drive and the Directory.

It speaks the documented requests and answers over real HTTPS on loopback, with a certificate from
a test CA (trustme), so the real msal and httpx code runs end to end. It records every request
(method, path, whether it carried a bearer token) so tests can check what the service asked for.

Misbehaviour is switched per test with `cloud.mode`: "ok", "slow" (API answers after `slow_seconds`),
"403", "garbage" (200 with a body that is not what the API returns).
"""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import anyio
import jwt
import trustme
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

TENANT = "11111111-2222-3333-4444-555555555555"
CLIENT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
CLIENT_SECRET = "graph-secret-do-not-log"
SERVICE_ACCOUNT = "crossing-guard@district-project.iam.gserviceaccount.com"


@dataclass
class DriveFile:
    name: str
    content: bytes
    mime: str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    link_scopes: tuple[str, ...] = ("anonymous",)  # Graph sharing-link scopes, or Google permission types
    redirect_to: str | None = None  # override where the Graph content endpoint redirects


@dataclass
class GraphGroup:
    id: str
    total: int
    staff: int


@dataclass
class Cloud:
    port: int
    public_key: str = ""
    mode: str = "ok"
    slow_seconds: float = 5.0
    graph_files: dict[str, DriveFile] = field(default_factory=dict)  # by sharing URL
    google_files: dict[str, DriveFile] = field(default_factory=dict)  # by Drive file id
    graph_groups: dict[str, GraphGroup] = field(default_factory=dict)  # by lower-case mail
    google_groups: dict[str, list[str]] = field(default_factory=dict)  # address -> member emails
    graph_users: dict[str, list[str]] = field(default_factory=dict)  # lower-case mail -> otherMails
    google_users: dict[str, dict[str, object]] = field(default_factory=dict)  # primary email -> Directory user
    requests: list[tuple[str, str, bool]] = field(default_factory=list)
    bearer_tokens: list[str] = field(default_factory=list)  # the token each API request carried
    token_requests: int = 0
    obo_assertions: list[str] = field(default_factory=list)  # the user token each on-behalf-of grant was for
    google_subjects: list[tuple[str, str]] = field(default_factory=list)  # (sub, scope) of each grant
    downloads: dict[str, bytes] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def reset(self) -> None:
        self.mode = "ok"
        self.graph_files.clear()
        self.google_files.clear()
        self.graph_groups.clear()
        self.google_groups.clear()
        self.graph_users.clear()
        self.google_users.clear()
        self.requests.clear()
        self.bearer_tokens.clear()
        self.downloads.clear()
        self.token_requests = 0
        self.obo_assertions.clear()
        self.google_subjects.clear()


def _decode_share(share: str) -> str:
    assert share.startswith("u!")
    raw = share[2:]
    return base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()


async def _form(request: Request) -> dict[str, str]:
    """An application/x-www-form-urlencoded body (without needing python-multipart)."""
    return {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}


def build_app(cloud: Cloud) -> Starlette:
    async def misbehave(request: Request) -> Response | None:
        cloud.requests.append((request.method, request.url.path,
                               request.headers.get("authorization", "").startswith("Bearer ")))
        cloud.bearer_tokens.append(request.headers.get("authorization", "").removeprefix("Bearer "))
        if cloud.mode == "slow":
            await anyio.sleep(cloud.slow_seconds)
        if cloud.mode == "403":
            return JSONResponse({"error": {"code": "accessDenied", "message": "Access denied"}}, 403)
        if cloud.mode == "garbage":
            return PlainTextResponse("<html>surprise</html>", 200)
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return JSONResponse({"error": {"code": "InvalidAuthenticationToken"}}, 401)
        return None

    # --- Entra ID -----------------------------------------------------------------------------

    async def openid(request: Request) -> Response:
        tenant = request.path_params["tenant"]
        root = f"{cloud.base}/{tenant}"
        return JSONResponse({
            "issuer": f"{root}/v2.0", "authorization_endpoint": f"{root}/oauth2/v2.0/authorize",
            "token_endpoint": f"{root}/oauth2/v2.0/token",
        })

    async def entra_token(request: Request) -> Response:
        cloud.token_requests += 1
        form = await _form(request)
        ok_client = form.get("client_id") == CLIENT_ID and form.get("client_secret") == CLIENT_SECRET
        if not ok_client:
            return JSONResponse({"error": "invalid_client"}, 401)
        grant = form.get("grant_type")
        if grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            cloud.obo_assertions.append(str(form.get("assertion", "")))
        if grant == "client_credentials" or (
            grant == "urn:ietf:params:oauth:grant-type:jwt-bearer" and form.get("requested_token_use") == "on_behalf_of"
        ):
            return JSONResponse({"token_type": "Bearer", "expires_in": 3599, "access_token": f"graph-token-{grant}"})
        return JSONResponse({"error": "unsupported_grant_type"}, 400)

    # --- Graph --------------------------------------------------------------------------------

    async def drive_item(request: Request) -> Response:
        if (bad := await misbehave(request)) is not None:
            return bad
        url = _decode_share(request.path_params["share"])
        file = cloud.graph_files.get(url)
        if file is None:
            return JSONResponse({"error": {"code": "itemNotFound"}}, 404)
        scope = file.link_scopes[0] if file.link_scopes else "users"
        return JSONResponse({
            "id": f"item-{abs(hash(url)) % 10**8}", "name": file.name, "size": len(file.content),
            "file": {"mimeType": file.mime}, "shared": {"scope": scope},
            "parentReference": {"driveId": "b!drive-1"},
        })

    def _graph_file(item: str) -> tuple[str, DriveFile] | None:
        for url, file in cloud.graph_files.items():
            if item == f"item-{abs(hash(url)) % 10**8}":
                return url, file
        return None

    async def permissions(request: Request) -> Response:
        if (bad := await misbehave(request)) is not None:
            return bad
        found = _graph_file(request.path_params["item"])
        if found is None:
            return JSONResponse({"error": {"code": "itemNotFound"}}, 404)
        value: list[dict[str, object]] = [{"id": "owner", "roles": ["owner"], "grantedToV2": {"user": {}}}]
        value += [{"id": f"link{i}", "roles": ["read"], "link": {"scope": s, "type": "view"}}
                  for i, s in enumerate(found[1].link_scopes)]
        return JSONResponse({"value": value})

    async def content(request: Request) -> Response:
        if (bad := await misbehave(request)) is not None:
            return bad
        found = _graph_file(request.path_params["item"])
        if found is None:
            return JSONResponse({"error": {"code": "itemNotFound"}}, 404)
        token = f"dl{len(cloud.downloads)}"
        cloud.downloads[token] = found[1].content
        target = found[1].redirect_to or f"https://localhost:{cloud.port}/download/{token}"
        return RedirectResponse(target.replace("{token}", token), status_code=302)

    async def download(request: Request) -> Response:
        cloud.requests.append(("GET", request.url.path, "authorization" in request.headers))
        data = cloud.downloads.get(request.path_params["token"])
        if data is None:
            return Response(status_code=404)
        return Response(data, media_type="application/octet-stream")

    async def groups(request: Request) -> Response:
        if (bad := await misbehave(request)) is not None:
            return bad
        flt = request.query_params.get("$filter", "")
        prefix = "mail eq '"
        assert flt.startswith(prefix) and flt.endswith("'"), flt
        mail = flt[len(prefix):-1].replace("''", "'").lower()
        group = cloud.graph_groups.get(mail)
        value = [{"id": group.id, "mail": mail, "groupTypes": []}] if group else []
        return JSONResponse({"value": value})

    def _group(group_id: str) -> GraphGroup | None:
        return next((g for g in cloud.graph_groups.values() if g.id == group_id), None)

    async def count_all(request: Request) -> Response:
        if (bad := await misbehave(request)) is not None:
            return bad
        if request.headers.get("consistencylevel") != "eventual":
            return JSONResponse({"error": {"code": "Request_UnsupportedQuery"}}, 400)
        group = _group(request.path_params["group"])
        return PlainTextResponse(str(group.total)) if group else Response(status_code=404)

    async def count_staff(request: Request) -> Response:
        if (bad := await misbehave(request)) is not None:
            return bad
        flt = request.query_params.get("$filter", "")
        if request.headers.get("consistencylevel") != "eventual" or not flt.startswith("endswith(mail,'@"):
            return JSONResponse({"error": {"code": "Request_UnsupportedQuery"}}, 400)
        group = _group(request.path_params["group"])
        return PlainTextResponse(str(group.staff)) if group else Response(status_code=404)

    async def graph_user(request: Request) -> Response:
        if (bad := await misbehave(request)) is not None:
            return bad
        if request.query_params.get("$select") != "otherMails":
            return JSONResponse({"error": {"code": "BadRequest"}}, 400)
        mail = request.path_params["user"].lower()
        if mail not in cloud.graph_users:
            return JSONResponse({"error": {"code": "Request_ResourceNotFound"}}, 404)
        return JSONResponse({"otherMails": cloud.graph_users[mail]})

    # --- Google -------------------------------------------------------------------------------

    async def google_token(request: Request) -> Response:
        cloud.token_requests += 1
        form = await _form(request)
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return JSONResponse({"error": "unsupported_grant_type"}, 400)
        try:
            claims = jwt.decode(str(form.get("assertion")), cloud.public_key, algorithms=["RS256"],
                                audience=f"{cloud.base}/token")
        except jwt.PyJWTError:
            return JSONResponse({"error": "invalid_grant"}, 400)
        if claims.get("iss") != SERVICE_ACCOUNT or not claims.get("sub"):
            return JSONResponse({"error": "unauthorized_client"}, 401)
        cloud.google_subjects.append((claims["sub"], claims["scope"]))
        return JSONResponse({"access_token": f"google-token-{claims['scope'].rsplit('/', 1)[-1]}",
                             "expires_in": 3600, "token_type": "Bearer"})

    async def directory_user(request: Request) -> Response:
        if (bad := await misbehave(request)) is not None:
            return bad
        user = cloud.google_users.get(request.path_params["key"].lower())
        if user is None:
            return JSONResponse({"error": {"code": 404, "message": "Resource Not Found: userKey"}}, 404)
        return JSONResponse(user)

    async def drive_file(request: Request) -> Response:
        if (bad := await misbehave(request)) is not None:
            return bad
        file = cloud.google_files.get(request.path_params["file"])
        if file is None:
            return JSONResponse({"error": {"code": 404, "message": "File not found"}}, 404)
        if request.query_params.get("alt") == "media":
            return Response(file.content, media_type=file.mime)
        perms = [{"type": "user", "role": "owner"}] + [
            {"type": t, "role": "reader", **({"domain": "maplevalley.k12.example"} if t == "domain" else {})}
            for t in file.link_scopes
        ]
        meta: dict[str, object] = {"id": request.path_params["file"], "name": file.name, "mimeType": file.mime,
                                   "permissions": perms}
        if not file.mime.startswith("application/vnd.google-apps."):
            meta["size"] = str(len(file.content))
        return JSONResponse(meta)

    async def drive_export(request: Request) -> Response:
        if (bad := await misbehave(request)) is not None:
            return bad
        file = cloud.google_files.get(request.path_params["file"])
        if file is None:
            return JSONResponse({"error": {"code": 404}}, 404)
        wanted = request.query_params.get("mimeType", "")
        return Response(file.content, media_type=wanted)

    async def directory_group(request: Request) -> Response:
        if (bad := await misbehave(request)) is not None:
            return bad
        members = cloud.google_groups.get(request.path_params["key"].lower())
        if members is None:
            return JSONResponse({"error": {"code": 404, "message": "Resource Not Found: groupKey"}}, 404)
        return JSONResponse({"email": request.path_params["key"], "directMembersCount": str(len(members))})

    async def directory_members(request: Request) -> Response:
        if (bad := await misbehave(request)) is not None:
            return bad
        members = cloud.google_groups.get(request.path_params["key"].lower())
        if members is None:
            return JSONResponse({"error": {"code": 404}}, 404)
        size = int(request.query_params.get("maxResults", "200"))
        start = int(request.query_params.get("pageToken", "0") or 0)
        page: dict[str, object] = {"members": [{"email": m, "type": "USER"} for m in members[start:start + size]]}
        if start + size < len(members):
            page["nextPageToken"] = str(start + size)
        return JSONResponse(page)

    return Starlette(routes=[
        Route("/{tenant}/v2.0/.well-known/openid-configuration", openid),
        Route("/{tenant}/oauth2/v2.0/token", entra_token, methods=["POST"]),
        Route("/v1.0/shares/{share}/driveItem", drive_item),
        Route("/v1.0/drives/{drive}/items/{item}/permissions", permissions),
        Route("/v1.0/drives/{drive}/items/{item}/content", content),
        Route("/download/{token}", download),
        Route("/v1.0/groups", groups),
        Route("/v1.0/groups/{group}/transitiveMembers/$count", count_all),
        Route("/v1.0/groups/{group}/transitiveMembers/microsoft.graph.user/$count", count_staff),
        Route("/token", google_token, methods=["POST"]),
        Route("/drive/v3/files/{file}", drive_file),
        Route("/drive/v3/files/{file}/export", drive_export),
        Route("/admin/directory/v1/groups/{key}", directory_group),
        Route("/admin/directory/v1/groups/{key}/members", directory_members),
        Route("/v1.0/users/{user}", graph_user),
        Route("/admin/directory/v1/users/{key}", directory_user),
    ])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class TLSFiles:
    ca_file: str
    server_pem: str


def make_tls(directory: Path) -> TLSFiles:
    ca = trustme.CA()
    server = ca.issue_cert("127.0.0.1", "localhost")
    ca_file, server_pem = directory / "ca.pem", directory / "server.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    server.private_key_and_cert_chain_pem.write_to_path(str(server_pem))
    return TLSFiles(str(ca_file), str(server_pem))


@contextmanager
def serve(cloud: Cloud, tls: TLSFiles) -> Iterator[Cloud]:
    config = uvicorn.Config(
        build_app(cloud), host="127.0.0.1", port=cloud.port, ssl_certfile=tls.server_pem,
        ssl_keyfile=tls.server_pem, log_level="critical", lifespan="off", timeout_graceful_shutdown=1,
        access_log=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("local cloud did not start")
        time.sleep(0.01)
    try:
        yield cloud
    finally:
        server.should_exit = True
        thread.join(timeout=10)
