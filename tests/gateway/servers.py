"""A recording next hop (a real aiosmtpd server) and `crossing-guard gateway` as its own process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from backend.gateway.smtpserver import PipeliningSMTP

SECRET = "gateway-test-secret"
API_KEY = "gateway-test-key"
REFUSED_LOCAL_PART = "no-such-user"  # the next hop refuses senders and recipients whose address starts with this


@dataclass(frozen=True)
class Delivered:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes


@dataclass
class Recorder:
    """aiosmtpd handler that keeps every message it accepts."""

    messages: list[Delivered] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    pipelining: bool = True  # offered in EHLO, as Google's and Microsoft's relays do

    async def handle_EHLO(self, server: SMTP, session: Session, envelope: Envelope, hostname: str,
                          responses: list[str]) -> list[str]:
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]] if self.pipelining else responses

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          options: list[str]) -> str:
        if address.startswith(REFUSED_LOCAL_PART):
            return "550 5.7.1 Sender refused here"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          options: list[str]) -> str:
        if address.startswith(REFUSED_LOCAL_PART):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.lock:
            self.messages.append(Delivered(envelope.mail_from or "", tuple(envelope.rcpt_tos),
                                           envelope.original_content or b""))
        return "250 2.0.0 Ok: queued as TEST"

    def take(self) -> list[Delivered]:
        with self.lock:
            out, self.messages[:] = list(self.messages), []
        return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Controller(Controller):
    def __init__(self, *args: Any, server: type[SMTP], **kwargs: Any) -> None:
        self.server_class = server
        super().__init__(*args, **kwargs)

    def factory(self) -> SMTP:
        return self.server_class(self.handler, **self.SMTP_kwargs)


class NextHop:
    """`with NextHop() as hop:` a recording SMTP server on 127.0.0.1:hop.port.

    A next hop that pipelines answers a group of commands as a unit, as RFC 2920 (3.2) asks of it
    and as the gateway does itself; `one_by_one=True` keeps aiosmtpd's own way, a write per reply."""

    def __init__(self, port: int | None = None, pipelining: bool = True, one_by_one: bool = False,
                 **smtp: Any) -> None:
        self.recorder = Recorder(pipelining=pipelining)
        self.port = port or free_port()
        server = PipeliningSMTP if pipelining and not one_by_one else SMTP
        self.controller = _Controller(self.recorder, hostname="127.0.0.1", port=self.port, server=server,
                                      data_size_limit=200 * 1024 * 1024, **smtp)

    def __enter__(self) -> NextHop:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


def policy_file(directory: Path, gateway: str = "", district: str = "") -> Path:
    """The demo district's policy with a [gateway] section."""
    demo = resources.files("backend").joinpath("policy/demo.toml").read_text("utf-8")
    path = directory / "policy.toml"
    path.write_text(demo + district + "\n[gateway]\n" + gateway, "utf-8")
    return path


def wait_for_port(port: int, proc: subprocess.Popen[Any], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the gateway exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the gateway did not start listening")


class GatewayProcess:
    """`crossing-guard gateway` run as its own process, as IT runs it."""

    def __init__(self, policy: Path, next_hop_port: int, *, processes: int = 1, secret: str = SECRET,
                 env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.args = [sys.executable, "-m", "backend.cli", "gateway", "--policy", str(policy),
                     "--listen", f"127.0.0.1:{self.port}", "--next-hop", f"127.0.0.1:{next_hop_port}",
                     "--processes", str(processes)]
        self.env = {**os.environ, "CROSSING_GUARD_GATEWAY_SECRET": secret, "CROSSING_GUARD_API_KEYS": API_KEY,
                    **(env or {})}
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> GatewayProcess:
        self.proc = subprocess.Popen(self.args, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wait_for_port(self.port, self.proc)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        assert self.proc is not None
        self.proc.terminate()
        try:
            self.out, self.err = self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.out, self.err = self.proc.communicate()

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None
