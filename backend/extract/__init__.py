"""Readers, one per file type, chosen by extension and content sniffing.

`read_attachment` never raises on bad input: a file that cannot be read comes back as a Document
with `unreadable` set, so the verdict can say so (unknown is not safe).
"""

from __future__ import annotations

from backend.extract.base import ReadContext, UnreadableFile
from backend.extract.registry import read_attachment, read_body, read_bytes

__all__ = ["ReadContext", "UnreadableFile", "read_attachment", "read_body", "read_bytes"]
