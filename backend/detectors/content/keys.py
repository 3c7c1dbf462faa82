"""Person keys: salted, in-memory hashes of a normalised name or ID, so people can be counted and
de-duplicated across sources without keeping who they are. The salt is new for every process."""

from __future__ import annotations

import hashlib
import os
import unicodedata

_SALT = os.urandom(16)


def normalise(value: str) -> str:
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().replace(",", " ").split())


def person_key(*parts: str) -> str:
    """Key for a person from name parts or an ID; order-insensitive for name parts."""
    joined = "\x1f".join(sorted(normalise(p) for p in parts if p))
    return hashlib.blake2b(joined.encode(), key=_SALT, digest_size=12).hexdigest()
