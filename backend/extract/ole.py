"""Just enough of the OLE compound-file format to tell what an OLE file is without a library.

Password-protected .xlsx and .docx files are not zips: Office wraps the encrypted package in an OLE
compound file with `EncryptionInfo` and `EncryptedPackage` streams. Legacy .xls (`Workbook`) and
.doc (`WordDocument`) files are OLE files too. Reading the directory's stream names is enough to
choose between "encrypted", "spreadsheet" and "unsupported"; no stream content is read.
"""

from __future__ import annotations

import struct

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFE  # end of a sector chain
_MAX_SECTORS = 1 << 20  # no honest directory or DIFAT chain is this long


def is_ole(data: bytes) -> bool:
    return data[:8] == MAGIC


def is_encrypted_ole(data: bytes) -> bool:
    """True for an Office file protected by a password to open (an OLE file holding EncryptedPackage)."""
    return is_ole(data) and "EncryptedPackage" in stream_names(data)


def stream_names(data: bytes) -> set[str]:
    """Names in the OLE directory; empty when the header or a chain is damaged."""
    try:
        return _names(data)
    except (struct.error, IndexError, ValueError):
        return set()


def _names(data: bytes) -> set[str]:
    if not is_ole(data) or len(data) < 512:
        return set()
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        return set()
    size = 1 << shift
    fat = _fat(data, size)
    names: set[str] = set()
    sector = struct.unpack_from("<I", data, 0x30)[0]
    for _ in range(_MAX_SECTORS):
        if sector >= _END or sector >= len(fat):
            break
        start = (sector + 1) * size
        for entry in range(start, min(start + size, len(data)) - 127, 128):
            length = struct.unpack_from("<H", data, entry + 64)[0]
            if 2 <= length <= 64 and data[entry + 66] in (1, 2, 5):
                names.add(data[entry : entry + length - 2].decode("utf-16-le", "replace"))
        sector = fat[sector]
    return names


def _fat(data: bytes, size: int) -> list[int]:
    """The file allocation table: the header's 109 DIFAT entries, then the DIFAT chain."""
    per = size // 4
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _END]
    difat = struct.unpack_from("<I", data, 0x44)[0]
    for _ in range(_MAX_SECTORS):
        if difat >= _END or (difat + 1) * size + size > len(data):
            break
        entries = struct.unpack_from(f"<{per}I", data, (difat + 1) * size)
        fat_sectors.extend(s for s in entries[:-1] if s < _END)
        difat = entries[-1]
    fat: list[int] = []
    for s in fat_sectors:
        offset = (s + 1) * size
        if offset + size > len(data):
            break
        fat.extend(struct.unpack_from(f"<{per}I", data, offset))
    return fat
