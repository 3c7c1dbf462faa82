"""Word, PDF, HTML and attached messages: text and tables come out, and nested files go one level down."""

from __future__ import annotations

import io
from email.message import EmailMessage

import pytest

from backend.extract import read_body, read_bytes
from tests.extract import files


def test_docx_paragraphs_and_tables() -> None:
    data = files.word(["Dear families,", "Here is the list."], [["Name", "Bus"], ["Maya", "12"], ["Liam", "7"]])
    for name in ("list.docx", "list.docm", "list"):
        [doc] = read_bytes(data, name, "", files.ctx())
        assert doc.unreadable is None, name
        assert doc.text.startswith("Dear families,\nHere is the list.")
        [table] = doc.tables
        assert table.header == ("Name", "Bus")
        assert table.rows == (("Maya", "12"), ("Liam", "7"))


def _with_main_type(data: bytes, content_type: str) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            member = source.read(item)
            if item.filename == "[Content_Types].xml":
                member = member.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    content_type.encode())
            target.writestr(item, member)
    return out.getvalue()


def test_macro_enabled_documents_and_templates_are_read_like_documents() -> None:
    data = files.word(["Dear families,"], [["Name", "Bus"], ["Maya", "12"]])
    for content_type in ("application/vnd.ms-word.document.macroEnabled.main+xml",
                         "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
                         "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"):
        changed = _with_main_type(data, content_type)
        assert changed != data
        [doc] = read_bytes(changed, "list.docm", "", files.ctx())
        assert doc.unreadable is None, content_type
        assert doc.text == "Dear families,"
        [table] = doc.tables
        assert table.rows == (("Maya", "12"),)


def _declaring(data: bytes, member: str, size: int) -> bytes:
    """The package with `member`'s expanded size, in its local header and the central directory,
    changed to `size`: a member that lies about what it expands to."""
    import zipfile

    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        offset = z.getinfo(member).header_offset
    out[offset + 22 : offset + 26] = size.to_bytes(4, "little")
    entry = 0
    while True:
        entry = out.index(b"PK\x01\x02", entry)
        name_length = int.from_bytes(out[entry + 28 : entry + 30], "little")
        if out[entry + 46 : entry + 46 + name_length] == member.encode():
            out[entry + 24 : entry + 28] = size.to_bytes(4, "little")
            return bytes(out)
        entry += 46


def _replaced(data: bytes, member: str, content: bytes | None) -> bytes:
    """The package with `member` holding `content` instead (added if it was not there), or left out."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != member:
                target.writestr(item.filename, source.read(item))
        if content is not None:
            target.writestr(member, content)
    return out.getvalue()


LETTER = files.word(["Dear families,"], [["Name", "Bus"], ["Maya", "12"]])
WORD_DAMAGE = [  # (what is wrong with the package, the reason it is unreadable or None when it is read)
    ("the main part lies about its size", _declaring(LETTER, "word/document.xml", 100), "corrupt"),
    ("the main part is missing", _replaced(LETTER, "word/document.xml", None), "corrupt"),
    ("the main part is not XML", _replaced(LETTER, "word/document.xml", b"\x00" * 300), "corrupt"),
    ("a member declares a bomb's ratio", _replaced(LETTER, "word/media/pad.bin", bytes(8 * 1024 * 1024)), "bomb"),
    ("the styles lie about their size", _declaring(LETTER, "word/styles.xml", 100), None),
    ("the styles are not XML", _replaced(LETTER, "word/styles.xml", b"\x00" * 300), None),
    ("the theme is missing", _replaced(LETTER, "word/theme/theme1.xml", None), None),
    ("the settings are empty", _replaced(LETTER, "word/settings.xml", b""), None),
]


@pytest.mark.parametrize(("case", "data", "reason"), WORD_DAMAGE, ids=[c[0] for c in WORD_DAMAGE])
def test_only_what_a_letter_needs_is_expanded(case: str, data: bytes, reason: str | None) -> None:
    """The content types, relationships and main part are expanded (never past their declared
    size); styles, theme, settings and images are not, so their damage does not stop the reading."""
    assert data != LETTER
    [doc] = read_bytes(data, "letter.docx", "", files.ctx())
    assert (doc.unreadable.reason if doc.unreadable else None) == reason
    if reason is None:
        assert doc.text == "Dear families," and doc.tables[0].rows == (("Maya", "12"),)


def test_doc_is_unsupported() -> None:
    [doc] = read_bytes(files.ole(["WordDocument"]), "letter.doc", "", files.ctx())
    assert doc.unreadable is not None and doc.unreadable.reason == "unsupported"


def test_pdf_text() -> None:
    [doc] = read_bytes(files.pdf(["Student ID 12345", "Maya Chen (grade 3)"]), "report.pdf", "", files.ctx())
    assert doc.unreadable is None
    assert "Student ID 12345" in doc.text and "Maya Chen (grade 3)" in doc.text


def test_pdf_with_password_is_encrypted() -> None:
    [doc] = read_bytes(files.encrypted_pdf(["Student ID 12345"]), "report.pdf", "", files.ctx())
    assert doc.unreadable is not None and doc.unreadable.reason == "encrypted"
    assert doc.text == ""


def test_pdf_owner_password_only_is_read() -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(files.pdf(["Student ID 12345"]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    [doc] = read_bytes(out.getvalue(), "report.pdf", "", files.ctx())
    assert doc.unreadable is None and "12345" in doc.text


HTML = """<html><head><title>t</title><style>td {color: red}</style><script>var x = "hidden";</script></head>
<body><p>Hello families,</p>
<table><thead><tr><th>Name</th><th colspan="2">Contact</th><th>ID</th></tr></thead>
<tbody><tr><td>Maya</td><td>555-0101</td><td>wei@example.com</td><td>00123</td></tr>
<tr><td>Liam</td><td>555-0102</td><td>ana@example.com</td><td>00124</td></tr></tbody></table>
<table><tr><td><table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table></td></tr></table>
<p>Thanks &amp; regards</p></body></html>"""


def test_html_tables_and_visible_text() -> None:
    [doc] = read_bytes(HTML.encode(), "list.html", "", files.ctx())
    assert doc.unreadable is None
    assert [t.name for t in doc.tables] == ["table 1", "table 2"]  # the layout table around a table is not one
    first = doc.tables[0]
    assert first.header == ("Name", "Contact", "", "ID")
    assert first.rows == (
        ("Maya", "555-0101", "wei@example.com", "00123"),
        ("Liam", "555-0102", "ana@example.com", "00124"),
    )
    assert doc.tables[1].rows == (("c", "d"),) and doc.tables[1].header == ("a", "b")
    assert "Hello families," in doc.text and "Thanks & regards" in doc.text
    assert "Maya" not in doc.text  # a table's cells are in the table only: students are not counted twice
    assert "hidden" not in doc.text and "color" not in doc.text


def test_body_html_and_plain() -> None:
    [doc] = read_body("ignored when html is present", HTML, files.ctx())
    assert doc.name == "message body" and doc.source == "body"
    assert len(doc.tables) == 2 and "Hello families," in doc.text
    [plain] = read_body("See you,\nName\tID\nMaya\t00123\nLiam\t00124\n", "", files.ctx())
    assert plain.text.startswith("See you,")
    assert plain.tables[0].rows == (("Maya", "00123"), ("Liam", "00124"))


def _message(subject: str, body: str, attachments: dict[str, bytes]) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = "teacher@district.org"
    message.set_content(body)
    for name, data in attachments.items():
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return message


def test_attached_message_reads_body_and_attachments() -> None:
    inner = _message("Roster", "See attached.", {"roster.xlsx": files.xlsx(files.ROSTER)})
    docs = read_bytes(inner.as_bytes(), "fwd.eml", "message/rfc822", files.ctx())
    assert [d.name for d in docs] == ["fwd.eml", "fwd.eml/roster.xlsx"]
    assert "Roster" in docs[0].text and "See attached." in docs[0].text
    assert docs[1].parent == "fwd.eml"
    assert docs[1].tables[0].rows[0][0] == 12345


def test_message_in_message_in_message_stops_at_depth() -> None:
    data = _message("innermost", "x", {}).as_bytes()
    for level in range(5):
        data = _message(f"level {level}", "y", {f"m{level}.eml": data}).as_bytes()
    docs = read_bytes(data, "top.eml", "", files.ctx())
    reasons = [d.unreadable.reason for d in docs if d.unreadable]
    assert reasons == ["bomb"]
