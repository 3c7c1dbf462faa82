"""Read a policy file, or fail loudly naming the file, the key and the reason."""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from backend.datakinds import DATA_KINDS
from backend.errors import PolicyError
from backend.policy.netaddr import host_port, networks
from backend.policy.schema import Gateway, KindRule, Policy

DEMO_POLICY = "demo.toml"


def load_policy(path: str | Path) -> Policy:
    """Load a district policy file. Raises PolicyError naming the file, key and reason."""
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise PolicyError(file, "", f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    return parse_policy(raw.decode("utf-8", errors="replace"), file)


def load_demo_policy() -> Policy:
    text = resources.files("backend.policy").joinpath(DEMO_POLICY).read_text("utf-8")
    return parse_policy(text, f"(embedded) {DEMO_POLICY}")


def parse_policy(text: str, file: str = "<policy>") -> Policy:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(file, "", f"is not valid TOML: {exc}") from None
    if "district" not in data:
        raise PolicyError(file, "district", "is required")
    policy: Policy = _build(Policy, data, file, "")
    _check(policy, file)
    return policy


def _build(cls: type[Any], data: Any, file: str, prefix: str) -> Any:
    if not isinstance(data, Mapping):
        raise PolicyError(file, prefix.rstrip("."), "must be a table")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise PolicyError(file, prefix + unknown[0], f"is not a known key (known: {', '.join(sorted(fields))})")
    values: dict[str, Any] = {}
    for name, f in fields.items():
        key = prefix + name
        if name not in data:
            if f.metadata.get("required"):
                raise PolicyError(file, key, "is required")
            continue
        values[name] = _coerce(hints[name], data[name], file, key)
    return cls(**values)


def _coerce(hint: Any, value: Any, file: str, key: str) -> Any:
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _build(hint, value, file, key + ".")
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        allowed = typing.get_args(hint)
        if value not in allowed:
            raise PolicyError(file, key, f"must be one of {', '.join(map(repr, allowed))}, not {value!r}")
        return value
    if origin is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PolicyError(file, key, "must be a list of strings")
        return tuple(v.strip() for v in value)
    if origin in (types.UnionType, typing.Union):
        raise PolicyError(file, key, "has an unsupported type")  # pragma: no cover - schema has none
    if hint is bool:
        if not isinstance(value, bool):
            raise PolicyError(file, key, "must be true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise PolicyError(file, key, "must be a whole number, 0 or more")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise PolicyError(file, key, "must be a number above 0")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise PolicyError(file, key, "must be a string")
        return value.strip()
    raise PolicyError(file, key, "has an unsupported type")  # pragma: no cover


def _check(policy: Policy, file: str) -> None:
    d = policy.district
    if not d.domains:
        raise PolicyError(file, "district.domains", "must name at least one domain")
    for key, domains in (("domains", d.domains), ("student_domains", d.student_domains),
                         ("partner_domains", d.partner_domains)):
        for domain in domains:
            if "." not in domain or "@" in domain or " " in domain:
                raise PolicyError(file, f"district.{key}", f"{domain!r} is not a mail domain")
    for kind in d.partner_data:
        if kind not in DATA_KINDS:
            raise PolicyError(file, "district.partner_data", f"{kind!r} is not a data kind")
    for kind in DATA_KINDS:
        rule = policy.rule(kind)
        if rule.block_people and rule.warn_people > rule.block_people:
            raise PolicyError(file, f"data.{kind}.warn_people", "must not be above block_people")
    if policy.audience.large < 2:
        raise PolicyError(file, "audience.large", "must be at least 2")
    for kind in policy.roster.other_family_block:
        if kind not in DATA_KINDS:
            raise PolicyError(file, "roster.other_family_block", f"{kind!r} is not a data kind")
    _check_gateway(policy.gateway, file)
    _check_admin(policy, file)


def _check_admin(policy: Policy, file: str) -> None:
    admin = policy.admin
    if admin.page_size < 1:
        raise PolicyError(file, "admin.page_size", "must be at least 1")
    if admin.session_minutes < 1:
        raise PolicyError(file, "admin.session_minutes", "must be at least 1")
    if bool(admin.entra_client_id) != bool(admin.entra_tenant_id):
        raise PolicyError(file, "admin.entra_tenant_id", "goes together with admin.entra_client_id")
    for address in admin.admins:
        if "@" not in address:
            raise PolicyError(file, "admin.admins", "must list mail addresses")


def _check_gateway(gateway: Gateway, file: str) -> None:
    for key, value in (("listen", gateway.listen), ("next_hop", gateway.next_hop)):
        try:
            if value:
                host_port(value, key)
        except ValueError as exc:
            raise PolicyError(file, f"gateway.{key}", str(exc)) from None
    try:
        networks(gateway.accept_from, "accept_from")
    except ValueError as exc:
        raise PolicyError(file, "gateway.accept_from", str(exc)) from None
    if bool(gateway.tls_cert) != bool(gateway.tls_key):
        raise PolicyError(file, "gateway.tls_key", "tls_cert and tls_key go together")
    if bool(gateway.next_hop_client_cert) != bool(gateway.next_hop_client_key):
        raise PolicyError(file, "gateway.next_hop_client_key", "goes together with next_hop_client_cert")
    if gateway.auth and not gateway.tls_cert:
        raise PolicyError(file, "gateway.auth", "needs tls_cert and tls_key: AUTH is offered only over TLS")


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    factory: Any = f.default_factory
    return factory()


def iter_keys(cls: type[Any] = Policy, prefix: str = "") -> Iterator[tuple[str, str, str]]:
    """(key, default, help) for every policy key, in declaration order, for docs and tests."""
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        key = prefix + f.name
        hint = hints[f.name]
        if hint is KindRule:
            rule = _default(f)
            yield key, f"warn {rule.warn_people}, block {rule.block_people}", f.metadata["help"]
        elif isinstance(hint, type) and dataclasses.is_dataclass(hint):
            yield from iter_keys(hint, key + ".")
        else:
            default = "required" if f.metadata.get("required") else repr(_default(f))
            yield key, default, f.metadata["help"]
