"""Bytes to text for every text-like reader: a BOM wins, then UTF-8, then charset-normalizer.

School exports come as UTF-8 with a BOM, UTF-16 from Excel's "Unicode text", or cp1252 from older
systems; decoding them wrongly would garble the very headings detectors look for.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from backend.extract.base import ReadContext, UnreadableFile

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 256 * 1024  # enough to guess an encoding; the whole file is then decoded with it
PREFERRED = "cp1252"  # what older US student-information systems and Excel "CSV" write


def decode(data: bytes, ctx: ReadContext, *, prose: bool = True) -> str:
    """Text, or UnreadableFile: `corrupt` when it is not text at all; prose over text_chars is `too_large`.

    Delimited files pass `prose=False`: their row and cell limits apply instead.
    """
    text = _decode(data)
    if prose and len(text) > ctx.limits.text_chars:
        raise UnreadableFile("too_large")
    return text


def _decode(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data[:_SAMPLE])
    best = matches.best()
    if best is None:
        raise UnreadableFile("corrupt")
    encoding = best.encoding
    if any(m.encoding == PREFERRED and m.chaos <= best.chaos + 0.01 for m in matches):
        encoding = PREFERRED  # short samples fit many code pages equally well; prefer the usual one
    return data.decode(encoding, errors="replace")


def looks_like_text(data: bytes) -> bool:
    """For sniffing: a BOM, or no NUL bytes and few control characters in the first few KB."""
    head = data[:4096]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return True
    if not head or b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls * 100 < len(head)
