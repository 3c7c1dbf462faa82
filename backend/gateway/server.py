"""Running the gateway: one asyncio SMTP server per process, and as many processes as asked.

The engine's reading and analysis are CPU work in threads (as in the API), so one process uses about
one core. `--processes N` starts N worker processes sharing one trace-header secret; this process
listens, and hands each connection it accepts to the worker with the fewest open sessions (the
socket itself goes over a Unix socket, SCM_RIGHTS). Senders such as Gmail and Exchange keep a few
connections open and send message after message on each: spread by a hash of their addresses
(SO_REUSEPORT), eight connections fell five to three or six to two as often as not, and one core
worked while the other waited.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import multiprocessing
import secrets
import signal
import socket
import ssl
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.sharedctypes import SynchronizedArray
from typing import Any

from backend.auth import Authenticator
from backend.engine import Engine
from backend.gateway.handler import Gateway, GatewayConfig, GatewaySMTP, Outcome, OutcomeSink, Sessions, log_outcome
from backend.gateway.nexthop import HopConfig
from backend.integrations import build_enricher
from backend.policy import Policy
from backend.policy.schema import Gateway as GatewayPolicy
from backend.settings import Settings
from backend.store import keeps_records
from backend.store.memory import Memory
from backend.store.write import GATEWAY_OUTCOMES

SECRET_ENV = "CROSSING_GUARD_GATEWAY_SECRET"
log = logging.getLogger("crossing_guard.gateway")


@dataclass(frozen=True)
class Endpoints:
    listen: tuple[str, int]
    next_hop: tuple[str, int]


def tls_context(cert: str, key: str) -> ssl.SSLContext | None:
    if not cert:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key or None)
    return context


def hop_tls_context(gateway: GatewayPolicy) -> ssl.SSLContext:
    """Verified when TLS is required; otherwise opportunistic (encrypt when offered, as MTAs do)."""
    context = ssl.create_default_context(cafile=gateway.next_hop_ca_file or None)
    if not gateway.require_tls:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if gateway.next_hop_client_cert:
        context.load_cert_chain(gateway.next_hop_client_cert, gateway.next_hop_client_key or None)
    return context


def secret_from(settings: Settings) -> bytes:
    configured = settings.extra.get(SECRET_ENV, "")
    if configured:
        return configured.encode()
    print(f"crossing-guard gateway: {SECRET_ENV} is not set; trace headers are valid only until this gateway "
          "stops, so a message coming round again after a restart is checked again.", file=sys.stderr)
    return secrets.token_bytes(32)


def _protocol(policy: Policy, settings: Settings, endpoints: Endpoints, secret: bytes,
              memory: Memory | None, session: Callable[..., GatewaySMTP] = GatewaySMTP) -> Callable[[], GatewaySMTP]:
    """What serves one session: with `memory` (started by the caller), checks and outcomes are recorded."""
    gateway = policy.gateway
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs lines and addresses below this
    engine = Engine(policy, build_enricher(settings, policy))
    engine.memory = memory
    config = GatewayConfig(
        policy=policy,
        engine=engine,
        hop=HopConfig(*endpoints.next_hop, timeout=gateway.next_hop_seconds, require_tls=gateway.require_tls,
                      tls_context=hop_tls_context(gateway), local_hostname=socket.gethostname()),
        secret=secret,
        keys=Authenticator(settings.api_keys),
        record=recording(memory),
    )
    handler = Gateway(config)
    sessions = Sessions(gateway.max_sessions)
    context = tls_context(gateway.tls_cert, gateway.tls_key)
    hostname = socket.gethostname()

    def protocol() -> GatewaySMTP:
        return session(
            handler, sessions,
            data_size_limit=gateway.max_message_bytes,
            enable_SMTPUTF8=True,
            hostname=hostname,
            ident="Crossing Guard",
            tls_context=context,
            authenticator=handler.authenticate if gateway.auth else None,
            auth_require_tls=True,
            timeout=300,
        )

    return protocol


async def start(policy: Policy, settings: Settings, endpoints: Endpoints, secret: bytes, *,
                memory: Memory | None = None) -> asyncio.Server:
    """The listening server of a gateway that is one process."""
    protocol = _protocol(policy, settings, endpoints, secret, memory)
    return await asyncio.get_running_loop().create_server(protocol, *endpoints.listen)


def recording(memory: Memory | None) -> OutcomeSink:
    """The gateway's outcome sink: the log line, and the check record's outcome when records are kept."""
    if memory is None:
        return log_outcome

    def record(check_id: str, outcome: Outcome, verdict: str) -> None:
        log_outcome(check_id, outcome, verdict)
        if check_id and outcome in GATEWAY_OUTCOMES:
            memory.outcome(check_id, outcome)

    return record


def _log_to_stderr(settings: Settings) -> None:
    logging.basicConfig(level=settings.extra.get("CROSSING_GUARD_LOG_LEVEL", "INFO"), format="%(message)s")


@dataclass(frozen=True)
class Inbox:
    """A worker's end of the Unix socket its connections arrive on, and its slot in the tally of
    sessions it has ended (the dispatcher counts those it handed over)."""

    socket: socket.socket
    ended: SynchronizedArray[Any]
    slot: int


def serve_forever(policy: Policy, settings: Settings, endpoints: Endpoints, secret: bytes,
                  inbox: Inbox | None = None) -> None:
    """One process's server: listening itself, or (a worker) taking connections from its inbox."""
    _log_to_stderr(settings)

    memory = Memory(settings, policy) if keeps_records(settings) else None

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        if inbox is None:
            async with await start(policy, settings, endpoints, secret, memory=memory):
                await stop.wait()
            return
        protocol = _protocol(policy, settings, endpoints, secret, memory, functools.partial(_Counted, inbox=inbox))
        serving = _take_connections(inbox, protocol, stop)  # the sessions' tasks, held until they end
        try:
            await stop.wait()
        finally:
            loop.remove_reader(inbox.socket.fileno())
        del serving

    if memory is not None:
        memory.start()
    try:
        asyncio.run(run())
    finally:
        if memory is not None:
            memory.stop()


def _take_connections(inbox: Inbox, protocol: Callable[[], GatewaySMTP], stop: asyncio.Event) -> set[Any]:
    """Serve each connection the dispatcher sends; stop when it has gone (its end of the socket closed)."""
    loop = asyncio.get_running_loop()
    inbox.socket.setblocking(False)
    pending: set[Any] = set()

    def arrived() -> None:
        try:
            _, fds, _, _ = socket.recv_fds(inbox.socket, 1, 16)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            fds = []
        if not fds:  # the dispatcher has gone
            stop.set()
            return
        for fd in fds:
            task = loop.create_task(_serve(loop, socket.socket(fileno=fd), protocol, inbox))
            pending.add(task)
            task.add_done_callback(pending.discard)

    loop.add_reader(inbox.socket.fileno(), arrived)
    return pending


def _ended(inbox: Inbox) -> None:
    with inbox.ended.get_lock():
        inbox.ended[inbox.slot] += 1


class _Counted(GatewaySMTP):
    """A worker's session, counted as ended (for the dispatcher) when its connection goes."""

    def __init__(self, *args: Any, inbox: Inbox, **kwargs: Any) -> None:
        self.inbox, self._ended = inbox, False
        super().__init__(*args, **kwargs)

    def connection_lost(self, error: Exception | None) -> None:
        try:
            super().connection_lost(error)
        finally:
            if not self._ended:
                self._ended = True
                _ended(self.inbox)


async def _serve(loop: asyncio.AbstractEventLoop, connection: socket.socket,
                 protocol: Callable[[], GatewaySMTP], inbox: Inbox) -> None:
    try:
        await loop.connect_accepted_socket(protocol, connection)
    except OSError:  # the sender went between the accept and here
        connection.close()
        _ended(inbox)


def run(policy: Policy, settings: Settings, endpoints: Endpoints, processes: int = 1) -> int:
    secret = secret_from(settings)
    host, port = endpoints.listen
    print(f"Crossing Guard gateway for {policy.district.name}: smtp://{host}:{port} -> "
          f"{endpoints.next_hop[0]}:{endpoints.next_hop[1]} ({processes} process{'es' if processes > 1 else ''})",
          file=sys.stderr, flush=True)
    if processes <= 1:
        serve_forever(policy, settings, endpoints, secret)
        return 0
    _log_to_stderr(settings)
    return Dispatcher(policy, settings, endpoints, secret, processes).run()


class _Stop(Exception):
    pass


RESTART_SECONDS = 10  # a worker that goes again this soon after its restart waits this long for the next


class Dispatcher:
    """Listens, and hands each accepted connection to the live worker with the fewest open sessions.

    A worker that has gone (killed, out of memory) is started again when the next connection comes,
    at most once every RESTART_SECONDS for its slot. A connection handed over in the instant a worker
    dies goes with it, before its greeting: the sender tries again later, as SMTP senders do, and no
    message was accepted on it."""

    def __init__(self, policy: Policy, settings: Settings, endpoints: Endpoints, secret: bytes,
                 processes: int) -> None:
        self.listener = socket.create_server(endpoints.listen, backlog=1024)
        self.context = multiprocessing.get_context("spawn")
        self.args = (policy, settings, endpoints, secret)
        self.ended = self.context.Array("q", processes)  # sessions each slot's worker has ended
        self.handed = [0] * processes  # connections handed to each slot's worker
        self.inboxes: list[socket.socket | None] = [None] * processes
        self.workers: list[multiprocessing.process.BaseProcess | None] = [None] * processes
        self.restarted = [-math.inf] * processes
        for slot in range(processes):
            self._start(slot)

    def _start(self, slot: int) -> None:
        old = self.inboxes[slot]
        if old is not None:
            old.close()
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with self.ended.get_lock():
            self.ended[slot] = 0
        self.handed[slot] = 0
        worker = self.context.Process(target=serve_forever, name=f"gateway-{slot}",
                                      args=(*self.args, Inbox(theirs, self.ended, slot)))
        worker.start()
        theirs.close()
        self.inboxes[slot], self.workers[slot] = mine, worker

    def _live(self) -> list[int]:
        """The slots with a worker, after starting again those whose worker has gone (if not too soon)."""
        live = []
        for slot, worker in enumerate(self.workers):
            if worker is not None and worker.is_alive():
                live.append(slot)
                continue
            if worker is not None:
                worker.join(timeout=5)
                log.warning("gateway worker %d has gone (exit code %s)", slot, worker.exitcode)
                self.workers[slot] = None
            if time.monotonic() - self.restarted[slot] >= RESTART_SECONDS:
                self.restarted[slot] = time.monotonic()
                self._start(slot)
                live.append(slot)
        return live

    def open_sessions(self, slot: int) -> int:
        return self.handed[slot] - int(self.ended[slot])

    def hand(self, connection: socket.socket) -> bool:
        """Give the connection to a worker; False when none is left."""
        try:
            tried: set[int] = set()
            while True:
                live = [slot for slot in self._live() if slot not in tried]
                if not live:
                    return False
                slot = min(live, key=self.open_sessions)
                inbox = self.inboxes[slot]
                try:
                    assert inbox is not None
                    socket.send_fds(inbox, [b"c"], [connection.fileno()])
                except OSError:  # that worker has gone: its inbox is closed
                    tried.add(slot)
                    continue
                self.handed[slot] += 1
                return True
        finally:
            connection.close()  # the worker holds its own copy now

    def run(self) -> int:
        def stop(signum: int, frame: object) -> None:
            raise _Stop

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while True:
                try:
                    connection, _ = self.listener.accept()
                except OSError as exc:  # out of descriptors, say: the next accept may succeed
                    log.error("the gateway could not accept a connection (%s)", type(exc).__name__)
                    time.sleep(0.1)
                    continue
                if not self.hand(connection):  # closed before its greeting: the sender tries again later
                    log.error("no gateway worker could take a connection")
        except _Stop:
            pass
        finally:
            self.listener.close()
            running = [worker for worker in self.workers if worker is not None]
            for inbox in self.inboxes:
                if inbox is not None:
                    inbox.close()
            for worker in running:
                worker.terminate()
            for worker in running:
                worker.join(timeout=30)
        return 0
