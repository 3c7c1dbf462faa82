"""Person keys: salted, in-memory hashes of a normalised name or ID, so people can be counted and
de-duplicated across sources without keeping who they are.

Keys live only in memory for one check: they are never logged, returned or stored. A 64-bit keyed
BLAKE2b is enough. Attachments are analysed in reader processes (`backend.extract.isolation`) and
the body in the service, so the key must not depend on a process's own string-hash seed: the
service draws the salt once at start and hands it to its readers.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Iterable

_SALT = os.urandom(16)
_KEYED = hashlib.blake2b(key=_SALT, digest_size=8)


def salt() -> bytes:
    return _SALT


def use_salt(value: bytes) -> None:
    """In a reader process: key people as the service that started it does."""
    global _SALT, _KEYED
    _SALT = value
    _KEYED = hashlib.blake2b(key=value, digest_size=8)


def normalise(value: str) -> str:
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().replace(",", " ").split())


def key_of_normalised(joined: str) -> str:
    """The key of parts already normalised and joined as `person_key` joins them."""
    keyed = _KEYED.copy()
    keyed.update(joined.encode("utf-8", "surrogatepass"))
    return keyed.hexdigest()


def keys_of_ids(digits: Iterable[str]) -> set[str]:
    """`key_of_normalised("id:" + d)` for many all-digit IDs, in one loop with nothing called per ID
    but the hash itself: a 50,000-student sheet spends most of its counting here."""
    copy = _KEYED.copy
    out: set[str] = set()
    add = out.add
    for d in digits:
        keyed = copy()
        keyed.update(b"id:" + d.encode("ascii"))
        add(keyed.hexdigest())
    return out


def person_key(*parts: str) -> str:
    """Key for a person from name parts or an ID; order-insensitive for name parts."""
    return key_of_normalised("\x1f".join(sorted(normalise(p) for p in parts if p)))
