"""Keyed hashes of roster values: one normalisation per kind of value, one HMAC for all.

HMAC-SHA256 under the district's secret (`CROSSING_GUARD_ROSTER_KEY`), cut to 16 bytes: without the
key a stored hash cannot be tested against a guessed name. The same functions hash what the importer
reads and what a message holds, so "Chén, Maya" in a PDF meets "Maya Chen" from the SIS.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from typing import Final, Literal

Tag = Literal["id", "name", "email", "student"]

DIGEST_BYTES: Final = 16
ENV_KEY: Final = "CROSSING_GUARD_ROSTER_KEY"
MIN_KEY_CHARS: Final = 16


class MissingKey(ValueError):
    """No roster key (or one too short to be a secret): nothing may be imported or matched."""


def fold(text: str) -> str:
    """Casefolded, accents folded, commas and runs of whitespace as one space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().replace(",", " ").split())


def name_text(first: str, last: str) -> str:
    """The one spelling of a student's name that is hashed: "first last", folded."""
    return f"{fold(first)} {fold(last)}".strip()


def canonical_id(value: str) -> str:
    """One spelling per ID: trimmed, lower case; digits without leading zeros (spreadsheets drop them)."""
    text = value.strip().lower()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if text.isdigit():
        return text.lstrip("0") or "0"
    return text


def canonical_email(value: str) -> str:
    return value.strip().lower()


class RosterKey:
    """The district's secret, and the one way values become hashes."""

    def __init__(self, secret: str) -> None:
        if len(secret.strip()) < MIN_KEY_CHARS:
            raise MissingKey(
                f"{ENV_KEY} is not set (or shorter than {MIN_KEY_CHARS} characters): the roster is stored "
                "only as keyed hashes, so it cannot be imported or matched without the district's key"
            )
        self._key = secret.encode("utf-8")
        # HMAC's two padded key blocks, hashed once: each value then costs two SHA-256 blocks, not four
        # (RFC 2104; the result is exactly `hmac.digest(key, msg, "sha256")`).
        block = (hashlib.sha256(self._key).digest() if len(self._key) > 64 else self._key).ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def digest(self, tag: Tag, canonical: str) -> bytes:
        """The hash of a value already in its canonical spelling (see `hashed`)."""
        return self.digester(tag)(canonical)

    def digester(self, tag: Tag) -> Callable[[str], bytes]:
        """`digest` for one tag as a plain function: the inner loop of matching a 50,000-row sheet."""
        inner_copy, outer_copy, prefix = self._inner.copy, self._outer.copy, f"{tag}:".encode()

        def digest(canonical: str) -> bytes:
            inner = inner_copy()
            inner.update(prefix + canonical.encode("utf-8", "surrogatepass"))
            outer = outer_copy()
            outer.update(inner.digest())
            return outer.digest()[:DIGEST_BYTES]

        return digest

    def __reduce__(self) -> tuple[type[RosterKey], tuple[str]]:
        """Sent to reader processes as the secret, not as hash objects (which do not pickle)."""
        return (RosterKey, (self._key.decode("utf-8"),))

    def hashed(self, tag: Tag, value: str) -> bytes:
        if tag == "id":
            return self.digest(tag, canonical_id(value))
        if tag == "email":
            return self.digest(tag, canonical_email(value))
        if tag == "name":
            return self.digest(tag, fold(value))
        return self.digest(tag, value.strip())

    @classmethod
    def from_env(cls, environ: dict[str, str]) -> RosterKey:
        return cls(environ.get(ENV_KEY, ""))
