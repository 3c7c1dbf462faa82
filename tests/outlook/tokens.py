"""RSA keys made in the test, and Entra-shaped v2 access tokens signed with them."""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

TENANT = "7d3c2b1a-0000-4000-8000-00000000d157"
OTHER_TENANT = "0badc0de-0000-4000-8000-000000000bad"
CLIENT_ID = "5e6f7a8b-1111-4222-8333-444455556666"
SCOPE = "Check.Send"


@dataclass
class Key:
    kid: str
    private: rsa.RSAPrivateKey = field(init=False)

    def __post_init__(self) -> None:
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwk(self) -> dict[str, Any]:
        jwk: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key()))
        return {**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


def claims(authority: str, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    tenant = overrides.pop("tid", TENANT)
    base = {
        "iss": f"{authority}/{tenant}/v2.0",
        "aud": CLIENT_ID,
        "tid": tenant,
        "iat": now - 10,
        "nbf": now - 10,
        "exp": now + 3600,
        "scp": f"openid {SCOPE}",
        "preferred_username": "KPatel@District.Example",
        "oid": "00000000-aaaa-bbbb-cccc-000000000001",
        "ver": "2.0",
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def sign(key: Key, payload: dict[str, Any], *, kid: str | None = None) -> str:
    return jwt.encode(payload, key.private, algorithm="RS256", headers={"kid": key.kid if kid is None else kid})


def unsigned(payload: dict[str, Any], kid: str) -> str:
    """alg "none": a header, a payload and an empty signature."""
    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT', 'kid': kid})}.{part(payload)}."


def hmac_with_public_key(key: Key, payload: dict[str, Any]) -> str:
    """The algorithm-confusion forgery: HS256 keyed with the RSA public key's PEM."""
    header = {"alg": "HS256", "typ": "JWT", "kid": key.kid}
    signing_input = (
        base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=")
        + b"."
        + base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=")
    )
    import hashlib
    import hmac

    signature = hmac.new(key.public_pem(), signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + base64.urlsafe_b64encode(signature).rstrip(b"=")).decode()
