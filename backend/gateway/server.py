"""Running the gateway: one asyncio SMTP server per process, and as many processes as asked.

The engine's reading and analysis are CPU work in threads (as in the API), so one process uses about
one core; `--processes N` starts N processes on the same port (SO_REUSEPORT: the kernel spreads
connections) sharing one trace-header secret.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import secrets
import signal
import socket
import ssl
import sys
from dataclasses import dataclass

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


async def start(policy: Policy, settings: Settings, endpoints: Endpoints, secret: bytes, *,
                reuse_port: bool = False, memory: Memory | None = None) -> asyncio.Server:
    """The listening server; with `memory` (started by the caller), checks and outcomes are recorded."""
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
        return GatewaySMTP(
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

    loop = asyncio.get_running_loop()
    return await loop.create_server(protocol, *endpoints.listen, reuse_port=reuse_port or None)


def recording(memory: Memory | None) -> OutcomeSink:
    """The gateway's outcome sink: the log line, and the check record's outcome when records are kept."""
    if memory is None:
        return log_outcome

    def record(check_id: str, outcome: Outcome, verdict: str) -> None:
        log_outcome(check_id, outcome, verdict)
        if check_id and outcome in GATEWAY_OUTCOMES:
            memory.outcome(check_id, outcome)

    return record


def serve_forever(policy: Policy, settings: Settings, endpoints: Endpoints, secret: bytes,
                  reuse_port: bool = False) -> None:
    logging.basicConfig(level=settings.extra.get("CROSSING_GUARD_LOG_LEVEL", "INFO"), format="%(message)s")

    memory = Memory(settings, policy) if keeps_records(settings) else None

    async def run() -> None:
        server = await start(policy, settings, endpoints, secret, reuse_port=reuse_port, memory=memory)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        async with server:
            await stop.wait()

    if memory is not None:
        memory.start()
    try:
        asyncio.run(run())
    finally:
        if memory is not None:
            memory.stop()


def run(policy: Policy, settings: Settings, endpoints: Endpoints, processes: int = 1) -> int:
    secret = secret_from(settings)
    host, port = endpoints.listen
    print(f"Crossing Guard gateway for {policy.district.name}: smtp://{host}:{port} -> "
          f"{endpoints.next_hop[0]}:{endpoints.next_hop[1]} ({processes} process{'es' if processes > 1 else ''})",
          file=sys.stderr, flush=True)
    if processes <= 1:
        serve_forever(policy, settings, endpoints, secret)
        return 0
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=serve_forever, args=(policy, settings, endpoints, secret, True))
               for _ in range(processes)]
    for worker in workers:
        worker.start()

    def stop(signum: int, frame: object) -> None:
        for worker in workers:
            worker.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for worker in workers:
        worker.join()
    return 0
