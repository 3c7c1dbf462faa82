"""PDF text through pypdf, page by page, within the deadline and the text limit.

A PDF that needs a password to open is `encrypted`; one that opens with the empty password (an
owner password that only forbids printing or copying) is read like any other. Tables are not
rebuilt from PDF layout; their words are in the text.
"""

from __future__ import annotations

import io

from pypdf import PasswordType, PdfReader

from backend.extract.base import ReadContext, UnreadableFile
from backend.models import Document

EXTENSIONS = (".pdf",)
CONTENT_TYPES = ("application/pdf", "application/x-pdf")


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not _opens_without_password(reader):
        raise UnreadableFile("encrypted")
    pages: list[str] = []
    chars = 0
    for page in reader.pages:
        ctx.check_time()
        text = page.extract_text() or ""
        chars += len(text)
        if chars > ctx.limits.text_chars:
            raise UnreadableFile("too_large")
        pages.append(text)
    return [Document(name=name, source="attachment", text="\n\n".join(pages).strip())]


def _opens_without_password(reader: PdfReader) -> bool:
    try:
        return bool(reader.decrypt("") != PasswordType.NOT_DECRYPTED)
    except Exception:  # an encryption pypdf cannot undo is, to us, a password we do not have
        return False
