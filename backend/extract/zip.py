"""Zip archives: every member read through the registry, one level deeper.

Bounded four ways: members per archive (`archive_members`), nesting (`ctx.nested()`: a zip inside
a zip beyond `archive_depth` is a `bomb`), each member's compression ratio, and the decompressed
bytes of the whole file tree (one budget for the top-level file and everything inside it).
A member that cannot be read is reported on its own; the rest of the archive is still read.
"""

from __future__ import annotations

import zipfile
import zlib

from backend.extract import zipsafety
from backend.extract.base import ReadContext, UnreadableFile
from backend.models import Document, Unreadable, UnreadableReason

EXTENSIONS = (".zip",)
CONTENT_TYPES = ("application/zip", "application/x-zip-compressed", "application/x-zip")


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    from backend.extract.registry import read_bytes  # the registry imports this module

    inner = ctx.nested()
    archive = zipsafety.open_zip(data)
    infos = [info for info in archive.infolist() if not info.is_dir()]
    if len(infos) > ctx.limits.archive_members:
        raise UnreadableFile("too_large")
    zipsafety.check_declared(infos, ctx)
    docs: list[Document] = []
    for info in infos:
        ctx.check_time()
        member = f"{name}/{info.filename}"
        try:
            content = zipsafety.read_member(archive, info, ctx)
        except UnreadableFile as exc:
            if exc.reason == "timeout":
                raise
            docs.append(_unreadable(member, name, exc.reason))
            continue
        except NotImplementedError:  # a compression method zipfile lacks (deflate64, ...)
            docs.append(_unreadable(member, name, "unsupported"))
            continue
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
            docs.append(_unreadable(member, name, "corrupt"))
            continue
        docs.extend(read_bytes(content, member, "", inner, parent=name))
    return docs or [Document(name=name, source="attachment")]


def _unreadable(member: str, archive: str, reason: UnreadableReason) -> Document:
    return Document(name=member, source="attachment", unreadable=Unreadable(reason), parent=archive)
