"""Two instances committing one sender's repeats at the same moment still count each other's rows."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

from sqlalchemy import select

from backend.policy.schema import Alerts
from backend.store import Store
from backend.store.alerts import note_repeat
from backend.store.tables import alerts
from backend.store.write import insert_record

SENDER = "kpatel@maplevalley.k12.example"
AT = dt.datetime(2026, 3, 2, 9, 0, 0)


def _record(minute: int) -> dict[str, object]:
    return {"check_id": uuid.uuid4().hex, "at": (AT + dt.timedelta(minutes=minute)).isoformat(), "client": "outlook",
            "caller_kind": "entra", "caller": "entra:abc", "sender": SENDER, "sender_domain": "maplevalley.k12.example",
            "verdict": "block", "people": 12, "recipients": 1, "not_entitled": 1, "repeat": True,
            "breaker_key": None, "escalated": False, "ms": 3.0, "seats": [], "findings": [], "data": {}}


def test_the_later_of_two_concurrent_repeats_sees_the_earlier(store: Store) -> None:
    rules = Alerts(repeat_threshold=3)
    with store.engine.begin() as connection:
        insert_record(connection, _record(0))
        assert not note_repeat(connection, SENDER, AT, rules)
    raised: list[bool] = []
    first = store.engine.connect()
    transaction = first.begin()
    insert_record(first, _record(1))
    assert not note_repeat(first, SENDER, AT + dt.timedelta(minutes=1), rules)  # two so far; not committed

    def second() -> None:
        with store.engine.begin() as connection:
            insert_record(connection, _record(2))
            raised.append(note_repeat(connection, SENDER, AT + dt.timedelta(minutes=2), rules))

    other = threading.Thread(target=second)
    other.start()
    other.join(0.5)
    assert other.is_alive()  # waits for the first to commit rather than counting without it
    transaction.commit()
    first.close()
    other.join(30)
    assert raised == [True]
    with store.engine.connect() as connection:
        assert connection.execute(select(alerts.c.count)).scalar_one() == 3
