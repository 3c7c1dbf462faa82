"""Checks every zip-based reader makes before it expands anything (xlsx, docx, ods, zip).

A zip bomb is a small file that expands to gigabytes. Central-directory sizes are checked first,
for free: a member declaring a ratio beyond any honest file is a `bomb`; declared totals over
`limits.decompressed_bytes` (shared with nested files through the budget) are `too_large`.
Declared sizes can lie, so `verify_members` also expands every member once, in bounded chunks,
and refuses one that expands past what it declared (`bomb`) or short of it (`corrupt`). Deflated
members are expanded with ISA-L (python-isal), about twice as fast as zlib, which matters because
this runs on every workbook at Send; other methods go through Python's zipfile.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from typing import Protocol

from isal import isal_zlib

from backend.extract.base import ReadContext, UnreadableFile

_ISAL_ERROR: type[Exception] = isal_zlib.error  # type: ignore[assignment]  # the stub types it as an instance

RATIO_FLOOR = 1024 * 1024  # members smaller than this cannot hurt, whatever their ratio
_CHUNK = 1024 * 1024
_INPUT = 256 * 1024  # compressed bytes handed to the inflater at once
MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a member, or an empty archive's end record


class Scanner(Protocol):
    """Looks at a member's expanded bytes as they pass, and raises UnreadableFile to refuse it."""

    def feed(self, chunk: bytes) -> None: ...
    def close(self) -> None: ...


ScannerFor = Callable[[zipfile.ZipFile, zipfile.ZipInfo], Scanner | None]


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


def verify_members(zf: zipfile.ZipFile, ctx: ReadContext, data: bytes | None = None,
                   scanner_for: ScannerFor | None = None) -> None:
    """Expand every member once without keeping it, so a lying header cannot reach the parser.

    `scanner_for` may give a member a scanner that sees its bytes in this same pass."""
    for info in zf.infolist():
        if info.is_dir():
            continue
        if is_encrypted(info):
            raise UnreadableFile("encrypted")
        scanner = scanner_for(zf, info) if scanner_for is not None else None
        if data is not None and info.compress_type == zipfile.ZIP_DEFLATED:
            _verify_deflated(memoryview(data), info, ctx, scanner)
        else:
            with zf.open(info) as member:
                while chunk := member.read(_CHUNK):
                    if scanner is not None:
                        scanner.feed(chunk)
                    ctx.check_time()
        if scanner is not None:
            scanner.close()


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then file name and extra field lengths


def _verify_deflated(data: memoryview, info: zipfile.ZipInfo, ctx: ReadContext, scanner: Scanner | None) -> None:
    """Expand one deflated member from the archive's bytes; its size must be what it declared."""
    offset = info.header_offset
    if offset + _LOCAL_HEADER.size > len(data):
        raise UnreadableFile("corrupt")
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, offset)
    if signature != b"PK\x03\x04":
        raise UnreadableFile("corrupt")
    start = offset + _LOCAL_HEADER.size + name_length + extra_length
    packed = data[start : start + info.compress_size]
    inflater = isal_zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    for at in range(0, len(packed), _INPUT):
        # A slice of the input at a time: what a call leaves unconsumed is copied back out, which
        # over the whole rest of a 28 MB member would cost more than the inflating.
        pending: bytes | memoryview = packed[at : at + _INPUT]
        while pending:
            chunk = inflater.decompress(pending, _CHUNK)
            size += len(chunk)
            if size > info.file_size:
                raise UnreadableFile("bomb")
            if scanner is not None:
                scanner.feed(chunk)
            pending = inflater.unconsumed_tail
            ctx.check_time()
    rest = inflater.flush()
    size += len(rest)
    if scanner is not None and rest:
        scanner.feed(rest)
    if size != info.file_size or not inflater.eof:
        raise UnreadableFile("bomb" if size > info.file_size else "corrupt")


def check_package(data: bytes, ctx: ReadContext, scanner_for: ScannerFor | None = None) -> zipfile.ZipFile:
    """Everything an Office or OpenDocument package must pass before a library parses it."""
    zf = open_zip(data)
    infos = [info for info in zf.infolist() if not info.is_dir()]
    check_declared(infos, ctx)
    try:
        verify_members(zf, ctx, data, scanner_for)
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, zlib.error, _ISAL_ERROR, OSError, EOFError, ValueError,
            NotImplementedError) as exc:
        raise UnreadableFile("corrupt") from exc
    return zf
