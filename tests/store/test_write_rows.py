"""A record's many recipient rows are written whole and in order, however many statements they take."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from sqlalchemy import event, select

from backend.store import Store, open_store
from backend.store.tables import check_data, check_findings, check_recipients, checks
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


def _outcomes(store: Store) -> dict[str, tuple[str | None, bool]]:
    with store.engine.connect() as connection:
        return {r.check_id: (r.outcome, r.outcome_at is not None)
                for r in connection.execute(select(checks.c.check_id, checks.c.outcome, checks.c.outcome_at))}


def test_an_outcome_waiting_with_its_record_is_written_with_it(database_url: str, tmp_path: Path) -> None:
    """The writer folds an outcome into its record when both are queued (the gateway's "relayed"
    follows its record by milliseconds); what the table says is what record-then-update would say."""
    from backend.policy import load_demo_policy
    from backend.settings import Settings
    from backend.store.writer import Writer

    settings = Settings(data_dir=tmp_path, database_url=database_url)
    updates: list[str] = []

    def opener(given: Settings) -> Store:
        opened = open_store(given)
        event.listen(opened.engine, "before_cursor_execute",
                     lambda conn, cursor, statement, *rest: updates.append(statement)
                     if statement.lstrip().upper().startswith("UPDATE") else None)
        return opened

    writer = Writer(settings, load_demo_policy(), opener=opener)
    first, second, third, alone = (_record(n) for n in (1, 3, 2, 1))
    at = dt.datetime(2026, 3, 2, 9, 1).isoformat()

    def outcome(record: dict[str, object], what: str, caller: str | None = None) -> dict[str, object]:
        return {"op": "outcome", "check_id": record["check_id"], "outcome": what, "at": at, "caller": caller}

    writer.quiet.clear()  # a check in flight: the writer waits, so everything below is queued together
    for op in [{"op": "record", "record": first}, {"op": "record", "record": second}, outcome(first, "relayed"),
               outcome(second, "fixed", caller="someone else"),  # another caller's: changes nothing
               {"op": "record", "record": third}, outcome(third, "refused"), outcome(third, "hop_failed"),
               outcome(alone, "relayed")]:  # no record of it: nothing to change
        writer.submit(op)
    writer.start()
    writer.quiet.set()
    assert writer.flush(30)
    writer.stop()
    assert len(updates) == 2  # only the two outcomes with no record of theirs beside them
    store = open_store(settings)
    try:
        assert _outcomes(store) == {first["check_id"]: ("relayed", True), second["check_id"]: (None, False),
                                    third["check_id"]: ("hop_failed", True)}
        with store.engine.begin() as connection:  # a replayed record that carries its outcome keeps it
            replayed = {**second, "outcome": "relayed", "outcome_at": at}
            assert not insert_record(connection, replayed)
        assert _outcomes(store)[second["check_id"]] == ("relayed", True)
    finally:
        store.close()
