"""winmail.dat (TNEF): what classic Outlook and Exchange send when a message is in rich text.

The real attachments and the body travel inside one `application/ms-tnef` part, so a gateway that
did not open it would see one opaque file. `tnefparse` decodes the container; its body is read as a
message body and each attachment through the registry one level deeper, like an attached message.
"""

from __future__ import annotations

from tnefparse import TNEF

from backend.extract.base import ReadContext
from backend.models import Document

EXTENSIONS = ()  # "winmail.dat" is a .dat like many others: found by content type or signature
CONTENT_TYPES = ("application/ms-tnef", "application/vnd.ms-tnef")
SIGNATURE = b"\x78\x9f\x3e\x22"  # 0x223E9F78, little-endian


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    from backend.extract.registry import read_body, read_bytes  # the registry imports this module

    inner = ctx.nested()
    container = TNEF(data, do_checksum=False)
    docs: list[Document] = []
    text, html = _text(container.body), _text(container.htmlbody)
    if text.strip() or html.strip():
        for body in read_body(text, html, inner):
            docs.append(Document(name=name, source="attachment", tables=body.tables, text=body.text))
    for index, attachment in enumerate(container.attachments, start=1):
        ctx.check_time()
        part_name = str(attachment.long_filename() or "").strip("\x00") or f"attachment {index}"
        payload = attachment.data if isinstance(attachment.data, bytes) else b""
        docs.extend(read_bytes(payload, f"{name}/{part_name}", "", inner, parent=name))
    return docs or [Document(name=name, source="attachment")]


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace").rstrip("\x00")
    return value.rstrip("\x00") if isinstance(value, str) else ""
