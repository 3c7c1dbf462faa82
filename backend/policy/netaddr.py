"""host:port and CIDR values in the policy and on the command line, read one way everywhere."""

from __future__ import annotations

import ipaddress


def host_port(value: str, what: str) -> tuple[str, int]:
    """'host:port' or '[v6]:port' -> (host, port); ValueError naming `what` otherwise."""
    host, sep, port = value.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"{what} must be host:port, not {value!r}")
    return host, int(port)


def networks(values: tuple[str, ...], what: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    out = []
    for value in values:
        try:
            out.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ValueError(f"{what}: {value!r} is not a CIDR range such as 10.0.0.0/8") from None
    return tuple(out)
