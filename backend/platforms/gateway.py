"""The outbound SMTP gateway: its own listener (`crossing-guard gateway`), its callers verified by
network (`gateway.accept_from`) or SMTP AUTH with an API key. No HTTP routes; the deployment steps
for Google Workspace and Microsoft 365 are in the README."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from backend.platforms.base import Command, NoExtras

EX_USAGE, EX_DATAERR = 64, 65


class GatewayPlatform(NoExtras):
    name = "gateway"

    def commands(self, sub: argparse._SubParsersAction[Any]) -> dict[str, Command]:
        gw = sub.add_parser("gateway", help="run the outbound SMTP gateway (a smart host that checks every message)")
        gw.add_argument("--policy", help="district policy file (its [gateway] section)")
        gw.add_argument("--listen", metavar="HOST:PORT", help="where to listen (default: gateway.listen)")
        gw.add_argument("--next-hop", metavar="HOST:PORT", help="where checked mail goes (default: gateway.next_hop)")
        gw.add_argument("--processes", type=int, default=1, help="processes sharing the port (default 1)")
        return {"gateway": _gateway}


def _gateway(args: argparse.Namespace) -> int:
    from backend.errors import PolicyError
    from backend.gateway.server import Endpoints, run
    from backend.policy import load_demo_policy, load_policy
    from backend.policy.netaddr import host_port
    from backend.settings import Settings

    settings = Settings.from_env()
    path = args.policy or settings.policy_path
    try:
        policy = load_policy(path) if path else load_demo_policy()
    except PolicyError as exc:
        print(f"crossing-guard: {exc}", file=sys.stderr)
        return EX_DATAERR
    gateway = policy.gateway
    next_hop = args.next_hop or gateway.next_hop
    if not next_hop:
        print("crossing-guard: give --next-hop HOST:PORT or gateway.next_hop in the policy", file=sys.stderr)
        return EX_USAGE
    try:
        endpoints = Endpoints(host_port(args.listen or gateway.listen, "--listen"),
                              host_port(next_hop, "--next-hop"))
    except ValueError as exc:
        print(f"crossing-guard: {exc}", file=sys.stderr)
        return EX_USAGE
    return run(policy, settings, endpoints, max(1, args.processes))
