"""A record's many recipient rows are written whole and in order, however many statements they take."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from backend.store import Store
from backend.store.tables import check_data, check_findings, check_recipients
from backend.store.write import insert_record


def _record(recipients: int) -> dict[str, object]:
    return {
        "check_id": uuid.uuid4().hex, "at": dt.datetime(2026, 3, 2, 9, 0).isoformat(), "client": "gateway",
        "caller_kind": "smtp", "caller": "smtp", "sender": "kpatel@maplevalley.k12.example",
        "sender_domain": "maplevalley.k12.example", "verdict": "warn", "people": 3, "recipients": recipients,
        "not_entitled": recipients, "repeat": False, "breaker_key": None, "escalated": False, "ms": 4.5,
        "seats": [{"address": f"parent{i}@gmail.example", "field": "bcc" if i % 2 else "to",
                   "cls": "list" if i == 7 else "outside", "domain_cls": "outside",
                   "list_size": 250 if i == 7 else None, "entitled": i % 3 == 0} for i in range(recipients)],
        "findings": [{"code": "student_records", "severity": "warn", "people": 3, "recipients": recipients}],
        "data": {"health": 3, "contact": 2},
    }


@pytest.mark.parametrize("recipients", [1, 124, 125, 801])  # 124 rows of 8 columns fit one statement
def test_every_recipient_row_is_kept_in_order(store: Store, recipients: int) -> None:
    record = _record(recipients)
    with store.engine.begin() as connection:
        assert insert_record(connection, record)
    with store.engine.begin() as connection:
        assert not insert_record(connection, record)  # a replay adds nothing
    with store.engine.connect() as connection:
        kept = connection.execute(select(check_recipients).where(check_recipients.c.check_id == record["check_id"])
                                  .order_by(check_recipients.c.position)).all()
        findings = connection.execute(select(check_findings.c.code, check_findings.c.people)).all()
        data = dict(connection.execute(select(check_data.c.kind, check_data.c.students)).all())
    seats = record["seats"]
    assert isinstance(seats, list)
    assert [r.position for r in kept] == list(range(recipients))
    assert [(r.address, r.field, r.cls, r.list_size, r.entitled) for r in kept] == [
        (s["address"], s["field"], s["cls"], s["list_size"], s["entitled"]) for s in seats]
    assert findings == [("student_records", 3)] and data == {"health": 3, "contact": 2}
