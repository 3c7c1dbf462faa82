"""Plain text files (.txt, .md, .log, .json, .xml, .vcf, .ics, .rtf): their text, and any table in it.

A .txt may be a tab-separated export, and a .vcf of a class's parent contacts is a list of people,
so these are read rather than waved through; RTF is read as its raw text, which keeps its words.
"""

from __future__ import annotations

from backend.extract.base import ReadContext
from backend.extract.encoding import decode
from backend.extract.pasted import split_tables
from backend.models import Document

EXTENSIONS = (".txt", ".text", ".md", ".log", ".json", ".xml", ".vcf", ".ics", ".rtf", ".yaml", ".yml")
CONTENT_TYPES = (
    "text/plain",
    "text/markdown",
    "text/vcard",
    "text/x-vcard",
    "text/calendar",
    "application/json",
    "application/xml",
    "text/xml",
    "application/rtf",
    "text/rtf",
)


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    text, tables = split_tables(decode(data, ctx), name)
    return [Document(name=name, source="attachment", text=text, tables=tables)]
