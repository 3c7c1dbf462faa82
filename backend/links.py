"""Links in a message: found in the body and the `links` field, and told apart by what they open.

A link to a cloud spreadsheet is a whole file that anyone holding the link may be able to open;
a link to a web page or a form is not. Pure: nothing here fetches anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, urlsplit

from backend.models import OutgoingMessage

Service = Literal["onedrive", "sharepoint", "google", "box", "dropbox", "web"]
FileType = Literal["spreadsheet", "document", "presentation", "pdf", "file", "form", "folder", "page"]

_URL = re.compile(r"""https?://[^\s<>"'()\[\]{}]+""", re.IGNORECASE)
_TRAILING = ".,;:!?"
_EXT_TYPES: dict[str, FileType] = {
    "xlsx": "spreadsheet", "xlsm": "spreadsheet", "xls": "spreadsheet", "csv": "spreadsheet", "ods": "spreadsheet",
    "docx": "document", "doc": "document", "odt": "document", "rtf": "document", "txt": "document",
    "pptx": "presentation", "ppt": "presentation", "pdf": "pdf", "zip": "file",
}
_GOOGLE_PATHS: tuple[tuple[str, FileType], ...] = (
    ("/spreadsheets/", "spreadsheet"), ("/document/", "document"), ("/presentation/", "presentation"),
    ("/forms/", "form"), ("/drive/folders/", "folder"), ("/file/", "file"), ("/open", "file"), ("/uc", "file"),
)
# OneDrive/SharePoint sharing links carry the type in the path: /:x:/ Excel, /:w:/ Word, ...
_SHAREPOINT_CODES: dict[str, FileType] = {
    ":x:": "spreadsheet", ":w:": "document", ":p:": "presentation", ":b:": "pdf", ":f:": "folder", ":u:": "file",
    ":t:": "document", ":i:": "file", ":v:": "file",
}


@dataclass(frozen=True)
class Link:
    url: str
    service: Service
    file_type: FileType

    @property
    def is_cloud_file(self) -> bool:
        return self.service != "web" and self.file_type not in ("form", "page")


def find_links(message: OutgoingMessage, limit: int = 200) -> tuple[str, ...]:
    """Every distinct link: the `links` field, cloud attachments, then URLs in the body, in order."""
    found: dict[str, None] = {}
    for url in message.links:
        found.setdefault(url.strip(), None)
    for att in message.attachments:
        if att.url and att.content is None:
            found.setdefault(att.url.strip(), None)
    for text in (message.body_html, message.body_text):
        for match in _URL.finditer(text[:2_000_000]):
            found.setdefault(match.group(0).rstrip(_TRAILING).replace("&amp;", "&"), None)
            if len(found) >= limit:
                break
    return tuple(u for u in found if u)[:limit]


def classify(url: str) -> Link:
    try:
        parts = urlsplit(url)
    except ValueError:
        return Link(url, "web", "page")
    host = (parts.hostname or "").lower()
    path = parts.path
    if host in ("docs.google.com", "drive.google.com", "sheets.google.com"):
        lowered = path.lower()
        for fragment, ftype in _GOOGLE_PATHS:
            if fragment in lowered:
                return Link(url, "google", ftype)
        return Link(url, "google", "file")
    if host.endswith("sharepoint.com") or host in ("1drv.ms", "onedrive.live.com"):
        service: Service = "sharepoint" if host.endswith("sharepoint.com") else "onedrive"
        for code, ftype in _SHAREPOINT_CODES.items():
            if f"/{code}/" in path:
                return Link(url, service, ftype)
        return Link(url, service, _by_extension(path, parts.query) or "file")
    if host.endswith("box.com") and ("/s/" in path or "/file/" in path):
        return Link(url, "box", _by_extension(path, parts.query) or "file")
    if host.endswith("dropbox.com") and any(p in path for p in ("/s/", "/scl/", "/sh/")):
        return Link(url, "dropbox", _by_extension(path, parts.query) or "file")
    return Link(url, "web", "page")


def _by_extension(path: str, query: str) -> FileType | None:
    candidates = [path] + [v for values in parse_qs(query).values() for v in values]
    for candidate in candidates:
        name = candidate.rsplit("/", 1)[-1].lower()
        if "." in name:
            ftype = _EXT_TYPES.get(name.rsplit(".", 1)[-1])
            if ftype:
                return ftype
    return None
