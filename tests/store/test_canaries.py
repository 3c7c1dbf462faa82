"""A stolen database or spool tells no subject, body, file name, cell value or student name.

Checks carry unique canary strings in every piece of content; then every row of every table (SQLite
and PostgreSQL) and the spool are dumped and searched.
"""

from __future__ import annotations

import base64
from pathlib import Path

from starlette.testclient import TestClient

from backend.store.spool import SPOOL_FILE
from tests.store.support import AUTH, app, dump, flush, policy, rows

CANARY = "Qzxcanary"


def _messages() -> list[dict[str, object]]:
    csv = ("Student_Number,First_Name,Last_Name,Allergies,Medication,Home Address\n" + "\n".join(
        f"{700800 + i},{CANARY}First{i},{CANARY}Last{i},{CANARY}nuts,{CANARY}pen,{i} {CANARY} Road" for i in range(15)))
    attachment = {"name": f"{CANARY}-roster.csv", "content_b64": base64.b64encode(csv.encode()).decode()}
    body = f"{CANARY}Body: {CANARY}First1 {CANARY}Last1 has a seizure plan and takes {CANARY}pen daily."
    base: dict[str, object] = {
        "client": {"app": "outlook"},
        "sender": {"email": "kpatel@maplevalley.k12.example", "name": f"{CANARY} Sender"},
        "to": [{"email": "kiran.patel@gmail.com", "name": f"{CANARY} Parent", "kind": "external"}],
        "subject": f"{CANARY}Subject for {CANARY}First1",
        "body": {"text": body, "html": f"<p>{body}</p>"},
    }
    return [base | {"attachments": [attachment]}, base, base | {"to": [{"email": "allstudents@maplevalley.k12.example",
                                                                       "name": f"{CANARY} List", "kind": "list"}]}]


def test_the_database_holds_no_content(database_url: str, tmp_path: Path) -> None:
    with TestClient(app(database_url, tmp_path)) as client:
        verdicts = [client.post("/v1/check", json=m, headers=AUTH).json() for m in _messages()]
        flush(client)
    assert verdicts[0]["verdict"] == "block" and CANARY in str(verdicts[0])  # the canary was read and named
    dumped = dump(database_url, tmp_path)
    assert len(rows(database_url, tmp_path, "SELECT * FROM checks")) == 3
    assert "kiran.patel@gmail.com" in dumped  # addresses are kept: the dump is not empty
    assert CANARY.lower() not in dumped.lower()


def test_the_spool_holds_no_content(tmp_path: Path) -> None:
    with TestClient(app("postgresql://postgres@127.0.0.1:9/none", tmp_path, policy())) as client:
        for m in _messages():
            assert client.post("/v1/check", json=m, headers=AUTH).status_code == 200
        flush(client)
    spooled = (tmp_path / SPOOL_FILE).read_text()
    assert spooled.count('"op":"record"') == 3
    assert CANARY.lower() not in spooled.lower()
