"""winmail.dat (TNEF) as classic Outlook writes it for rich-text mail: a body and attached files.

Nothing on PyPI writes TNEF, so this writes the few attributes a reader needs (MS-OXTNEF 2.1):
the signature, a key, then level/id/type/length/data/checksum objects.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

SIGNATURE = 0x223E9F78
MESSAGE, ATTACHMENT = 1, 2
BODY, ATT_REND_DATA, ATT_TITLE, ATT_DATA = (0x800C, 2), (0x9002, 6), (0x8010, 1), (0x800F, 6)


def _object(level: int, attribute: tuple[int, int], data: bytes) -> bytes:
    ident, kind = attribute
    checksum = sum(data) & 0xFFFF
    return struct.pack("<BHHI", level, ident, kind, len(data)) + data + struct.pack("<H", checksum)


def winmail(body: str, files: Sequence[tuple[str, bytes]]) -> bytes:
    out = struct.pack("<IH", SIGNATURE, 0x1234)
    out += _object(MESSAGE, BODY, body.encode("cp1252") + b"\x00")
    for name, data in files:
        out += _object(ATTACHMENT, ATT_REND_DATA, b"\x00" * 14)
        out += _object(ATTACHMENT, ATT_TITLE, name.encode("cp1252") + b"\x00")
        out += _object(ATTACHMENT, ATT_DATA, data)
    return out
