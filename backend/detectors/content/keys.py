"""Person keys: salted, in-memory hashes of a normalised name or ID, so people can be counted and
de-duplicated across sources without keeping who they are.

Keys live only in memory for one check: they are never logged, returned or stored. So a keyed
64-bit hash is enough, and it is much cheaper than a cryptographic one, which matters for a
50,000-student sheet at Send. The salt is new for every process, on top of Python's own
per-process string-hash key.
"""

from __future__ import annotations

import os
import unicodedata

_SALT = int.from_bytes(os.urandom(8), "big")


def normalise(value: str) -> str:
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().replace(",", " ").split())


def key_of_normalised(joined: str) -> str:
    """The key of parts already normalised and joined as `person_key` joins them."""
    return format(hash((_SALT, joined)) & 0xFFFF_FFFF_FFFF_FFFF, "x")


def person_key(*parts: str) -> str:
    """Key for a person from name parts or an ID; order-insensitive for name parts."""
    return key_of_normalised("\x1f".join(sorted(normalise(p) for p in parts if p)))
