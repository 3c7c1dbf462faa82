"""What a drive lookup hands back before reading: the file's facts, and its bytes if they were fetched."""

from __future__ import annotations

from dataclasses import dataclass

from backend.models import SharingScope

_EXT_TYPES = {
    "xlsx": "spreadsheet", "xlsm": "spreadsheet", "xlsb": "spreadsheet", "xls": "spreadsheet",
    "csv": "spreadsheet", "tsv": "spreadsheet", "ods": "spreadsheet",
    "docx": "document", "doc": "document", "odt": "document", "rtf": "document", "txt": "document",
    "pptx": "presentation", "ppt": "presentation", "odp": "presentation", "pdf": "pdf",
}
_MIME_TYPES = {
    "application/vnd.google-apps.spreadsheet": "spreadsheet",
    "application/vnd.google-apps.document": "document",
    "application/vnd.google-apps.presentation": "presentation",
    "application/pdf": "pdf",
    "text/csv": "spreadsheet",
}

_ORDER: tuple[SharingScope, ...] = ("anyone", "unknown", "organization", "specific_people")


@dataclass(frozen=True)
class Fetched:
    """`content` is None when it was not fetched; `too_large` says why, when that is the reason.

    The repr leaves the bytes out: it shows only their length.
    """

    name: str
    size: int | None
    file_type: str
    scope: SharingScope
    content: bytes | None = None
    too_large: bool = False
    is_folder: bool = False

    def __repr__(self) -> str:
        held = "none" if self.content is None else f"{len(self.content)} bytes"
        return f"Fetched(file_type={self.file_type!r}, scope={self.scope!r}, size={self.size}, content={held})"


def file_type_of(name: str, mime: str = "") -> str:
    if mime in _MIME_TYPES:
        return _MIME_TYPES[mime]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext in _EXT_TYPES:
        return _EXT_TYPES[ext]
    if "spreadsheet" in mime or "excel" in mime:
        return "spreadsheet"
    if "wordprocessing" in mime or "msword" in mime:
        return "document"
    if "presentation" in mime or "powerpoint" in mime:
        return "presentation"
    return "file"


def widest(scopes: list[SharingScope]) -> SharingScope:
    """The most open of several: one "anyone" link opens the file to anyone who holds it."""
    for scope in _ORDER:
        if scope in scopes:
            return scope
    return "specific_people"
