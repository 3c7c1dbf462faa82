"""Archives: members read recursively and named inside the archive; bombs and damage reported, not read."""

from __future__ import annotations

import io
import zipfile

from backend.extract import read_bytes
from backend.extract.zipsafety import RATIO_FLOOR
from backend.policy.schema import Limits
from tests.extract import files


def _reasons(docs: list) -> list[str | None]:  # type: ignore[type-arg]
    return [d.unreadable.reason if d.unreadable else None for d in docs]


def test_members_are_read_and_named_inside_the_archive() -> None:
    members = {"rosters/grade3.xlsx": files.xlsx(files.ROSTER), "readme.txt": b"Hello", "logo.png": b"\x89PNG"}
    data = files.zipped(members)
    docs = read_bytes(data, "export.zip", "", files.ctx())
    assert [d.name for d in docs] == ["export.zip/rosters/grade3.xlsx", "export.zip/readme.txt", "export.zip/logo.png"]
    assert {d.parent for d in docs} == {"export.zip"}
    assert {d.source for d in docs} == {"attachment"}
    assert docs[0].tables[0].rows[0][0] == 12345
    assert docs[1].text == "Hello"
    assert _reasons(docs) == [None, None, None]


def test_empty_archive_is_readable_and_empty() -> None:
    [doc] = read_bytes(files.zipped({}), "empty.zip", "", files.ctx())
    assert doc.unreadable is None and doc.tables == () and doc.text == ""


def test_highly_compressed_member_is_a_bomb() -> None:
    data = files.zipped({"zeros.csv": b"0" * (RATIO_FLOOR * 4)})
    assert len(data) < 50_000
    [doc] = read_bytes(data, "bomb.zip", "", files.ctx())
    assert doc.unreadable is not None and doc.unreadable.reason == "bomb"


def test_xlsx_bomb_is_refused_before_parsing() -> None:
    good = files.xlsx(files.ROSTER)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        dst.writestr("xl/media/padding.bin", b"\0" * (RATIO_FLOOR * 8))
    [doc] = read_bytes(out.getvalue(), "roster.xlsx", "", files.ctx())
    assert doc.unreadable is not None and doc.unreadable.reason == "bomb"


def test_decompressed_total_is_limited() -> None:
    data = files.zipped({"a.txt": b"abc" * 1000, "b.txt": b"def" * 1000})
    [doc] = read_bytes(data, "two.zip", "", files.ctx(Limits(decompressed_bytes=5000)))
    assert doc.unreadable is not None and doc.unreadable.reason == "too_large"


def test_nested_zips_beyond_depth_are_a_bomb() -> None:
    data = files.zipped({"note.txt": b"deep"})
    for level in range(5):
        data = files.zipped({f"level{level}.zip": data}, zipfile.ZIP_STORED)
    docs = read_bytes(data, "nest.zip", "", files.ctx())
    assert _reasons(docs) == ["bomb"]
    assert docs[0].name == "nest.zip/level4.zip/level3.zip/level2.zip"


def test_too_many_members() -> None:
    data = files.zipped({f"{i}.txt": b"x" for i in range(6)})
    [doc] = read_bytes(data, "many.zip", "", files.ctx(Limits(archive_members=5)))
    assert doc.unreadable is not None and doc.unreadable.reason == "too_large"


def test_encrypted_member_is_reported_alone() -> None:
    data = bytearray(files.zipped({"secret.xlsx": b"x" * 100, "open.txt": b"hello"}, zipfile.ZIP_STORED))
    # Set the "encrypted" flag of the first member in its local header and in the central directory.
    data[6] |= 1
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 1
    docs = read_bytes(bytes(data), "mixed.zip", "", files.ctx())
    assert _reasons(docs) == ["encrypted", None]
    assert docs[1].text == "hello"


def test_truncated_zip_is_corrupt() -> None:
    data = files.zipped({"roster.csv": b"Name,ID\n" + b"Maya,1\n" * 2000})
    [doc] = read_bytes(data[: len(data) // 2], "cut.zip", "", files.ctx())
    assert doc.unreadable is not None and doc.unreadable.reason == "corrupt"


def test_member_that_lies_about_its_size_is_not_expanded_past_it() -> None:
    data = bytearray(files.zipped({"a.txt": b"A" * 10_000}))
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")  # declared size: 100 bytes
    data[22:26] = (100).to_bytes(4, "little")
    docs = read_bytes(bytes(data), "liar.zip", "", files.ctx())
    assert _reasons(docs) == ["corrupt"]
