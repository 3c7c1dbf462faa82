"""Checks every zip-based reader makes before it expands anything (xlsx, docx, ods, zip).

A zip bomb is a small file that expands to gigabytes. Central-directory sizes are checked first,
for free: a member declaring a ratio beyond any honest file is a `bomb`; declared totals over
`limits.decompressed_bytes` (shared with nested files through the budget) are `too_large`.
Declared sizes can lie, so `verify_members` also expands every member once, in bounded chunks:
Python's zipfile stops at the declared size and then fails the CRC check, which we call corrupt.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from backend.extract.base import ReadContext, UnreadableFile

RATIO_FLOOR = 1024 * 1024  # members smaller than this cannot hurt, whatever their ratio
_CHUNK = 1024 * 1024
MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a member, or an empty archive's end record


def is_zip(data: bytes) -> bool:
    return data[:4] in MAGIC


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open an archive; a damaged or truncated one is `corrupt`."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile("corrupt") from exc


def is_encrypted(info: zipfile.ZipInfo) -> bool:
    return bool(info.flag_bits & 0x1)


def check_declared(infos: list[zipfile.ZipInfo], ctx: ReadContext) -> None:
    """Refuse on what the central directory says, before expanding anything."""
    limits = ctx.limits
    total = 0
    for info in infos:
        ratio_limit = max(info.compress_size, 1) * limits.compression_ratio
        if info.file_size > RATIO_FLOOR and info.file_size > ratio_limit:
            raise UnreadableFile("bomb")
        total += info.file_size
    ctx.budget.spend_bytes(total, limits)


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, ctx: ReadContext) -> bytes:
    """One member's bytes, never more than it declared."""
    if is_encrypted(info):
        raise UnreadableFile("encrypted")
    parts: list[bytes] = []
    got = 0
    with zf.open(info) as member:
        while chunk := member.read(_CHUNK):
            ctx.check_time()
            got += len(chunk)
            if got > info.file_size:
                raise UnreadableFile("bomb")
            parts.append(chunk)
    return b"".join(parts)


def verify_members(zf: zipfile.ZipFile, ctx: ReadContext) -> None:
    """Expand every member once without keeping it, so a lying header cannot reach the parser."""
    for info in zf.infolist():
        if info.is_dir():
            continue
        if is_encrypted(info):
            raise UnreadableFile("encrypted")
        with zf.open(info) as member:
            while member.read(_CHUNK):
                ctx.check_time()


def check_package(data: bytes, ctx: ReadContext) -> zipfile.ZipFile:
    """Everything an Office or OpenDocument package must pass before a library parses it."""
    zf = open_zip(data)
    infos = [info for info in zf.infolist() if not info.is_dir()]
    check_declared(infos, ctx)
    try:
        verify_members(zf, ctx)
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise UnreadableFile("corrupt") from exc
    return zf
