"""Person keys for whole columns, fast enough for a 50,000-row sheet at Send.

`keys.person_key` is the one definition of a person key: Unicode-decomposed, lower-cased,
order-insensitive parts, then `keys.key_of_normalised`. Its Unicode normalisation is the slow part;
for ASCII parts it reduces to lower-casing and folding commas and whitespace, which this module does
directly before calling `keys.key_of_normalised`. A test pins both paths to the same output.

Conventions shared with the text analyser: a name is keyed by its first and last parts
(`person_key("Maya", "Chen")`), an ID by `person_key("id:<digits>")`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from backend.detectors.content.keys import key_of_normalised, keys_of_ids, person_key


def fold(part: str) -> str:
    """`keys.normalise` for an ASCII string: lower case, commas and runs of whitespace as one space."""
    low = part.lower()
    if low.isalpha():  # the common case: one plain word, nothing to fold
        return low
    return " ".join(low.replace(",", " ").split())


hash_folded = key_of_normalised


def name_key(first: str, last: str) -> str:
    """Exactly `person_key(first, last)` (either part may be empty), faster for ASCII names."""
    if not (first.isascii() and last.isascii()):
        return person_key(first, last)
    if not last:
        return hash_folded(fold(first))
    if not first:
        return hash_folded(fold(last))
    f, la = fold(first), fold(last)
    return hash_folded(f"{f}\x1f{la}" if f <= la else f"{la}\x1f{f}")


def tagged_key(tag: str, value: str) -> str:
    """Exactly `person_key(f"{tag}:{value}")`: IDs ("id"), SSNs ("ssn"), emails ("email")."""
    text = f"{tag}:{value}"
    if not text.isascii():
        return person_key(text)
    if value.isdigit() or (value.isalnum() and value.islower()):
        return hash_folded(text)
    return hash_folded(fold(text))


def id_keys(canonical_ids: Collection[str]) -> set[str]:
    """`tagged_key("id", c)` for many canonical IDs at once, in one tight loop."""
    plain = [c for c in canonical_ids if c.isdigit() and c.isascii()]
    out = keys_of_ids(plain)
    if len(plain) < len(canonical_ids):
        out |= {tagged_key("id", c) for c in canonical_ids if not (c.isdigit() and c.isascii())}
    return out


def name_keys(names: Iterable[tuple[str, str]]) -> set[str]:
    """`name_key(first, last)` for many names at once, in one loop without calls: the cost of a
    50,000-student sheet is mostly here. First names repeat, so their folding is cached."""
    folded: dict[str, str] = {}
    out: set[str] = set()
    for first, last in names:
        if not (first and last and first.isascii() and last.isascii()):
            if first or last:
                out.add(name_key(first, last))
            continue
        f = folded.get(first)
        if f is None:
            f = folded[first] = fold(first)
        la = last.lower()
        if not la.isalpha():
            la = " ".join(la.replace(",", " ").split())
        out.add(key_of_normalised(f"{f}\x1f{la}" if f <= la else f"{la}\x1f{f}"))
    return out
