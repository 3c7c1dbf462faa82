"""The gateway records its checks and what it did with each message; the command line records its
checks where a store is named, and purges what is past retention."""

from __future__ import annotations

import asyncio
import datetime as dt
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import pytest
from sqlalchemy import create_engine, update

from backend.cli import main
from backend.gateway.server import Endpoints, start
from backend.settings import Settings
from backend.store.memory import Memory
from backend.store.tables import checks
from backend.store.url import database_url as url_of
from tests.gateway.servers import NextHop, free_port
from tests.store.support import policy, roster_csv, rows

DISTRICT = "maplevalley.k12.example"


def _mail(to: str, roster: bool) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = f"mokafor@{DISTRICT}", to, "Lists"
    msg.set_content("Attached." if roster else "The bus leaves at nine.")
    if roster:
        msg.add_attachment(roster_csv(), maintype="text", subtype="csv", filename="nurse.csv")
    return msg


def test_the_gateway_records_relayed_and_refused(database_url: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=database_url)
    pol = policy()
    memory = Memory(settings, pol)
    memory.start()
    port = free_port()

    async def run() -> list[str]:
        answers = []
        with NextHop() as hop:
            server = await start(pol, settings, Endpoints(("127.0.0.1", port), ("127.0.0.1", hop.port)), b"s" * 32,
                                 memory=memory)
            async with server:
                for to, roster in (("parent@gmail.com", False), ("kp.home@gmail.com", True)):
                    try:
                        await aiosmtplib.send(_mail(to, roster), hostname="127.0.0.1", port=port, timeout=60)
                        answers.append("accepted")
                    except aiosmtplib.SMTPResponseException as exc:
                        answers.append(str(exc.code))
        return answers

    try:
        assert asyncio.run(run()) == ["accepted", "550"]
        assert memory.writer.flush(30)
    finally:
        memory.stop()
    got = {(r.client, r.verdict, r.outcome) for r in rows(database_url, tmp_path, "SELECT * FROM checks")}
    assert got == {("gateway", "allow", "relayed"), ("gateway", "block", "refused")}


def test_the_command_line_records_where_a_store_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "nurse.csv"
    file.write_bytes(roster_csv())
    monkeypatch.setenv("CROSSING_GUARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CROSSING_GUARD_RECORDS", raising=False)
    assert main(["check", str(file), "--to", "kp.home@gmail.com", "--from", f"kpatel@{DISTRICT}"]) == 2
    sqlite = f"sqlite:///{tmp_path / 'data' / 'crossing-guard.sqlite3'}"
    (row,) = rows(sqlite, tmp_path, "SELECT client, caller_kind, verdict, repeat FROM checks")
    assert (row.client, row.caller_kind, row.verdict, bool(row.repeat)) == ("cli", "cli", "block", True)
    monkeypatch.delenv("CROSSING_GUARD_DATA_DIR")
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(file), "--to", "kp.home@gmail.com"]) == 2
    assert not (tmp_path / "data" / "spool.jsonl").exists()
    assert len(rows(sqlite, tmp_path, "SELECT * FROM checks")) == 1  # none named: nothing recorded


def test_purge_deletes_only_what_is_past_retention(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "nurse.csv"
    file.write_bytes(roster_csv())
    monkeypatch.setenv("CROSSING_GUARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CROSSING_GUARD_RECORDS", raising=False)
    for _ in range(3):
        main(["check", str(file), "--to", "kp.home@gmail.com"])
    url = url_of("", tmp_path / "data")
    assert url is not None
    engine = create_engine(url)
    with engine.begin() as connection:
        first = connection.execute(checks.select().limit(1)).first()
        assert first is not None
        connection.execute(update(checks).where(checks.c.check_id == first.check_id)
                           .values(at=dt.datetime(2020, 1, 1)))
    engine.dispose()
    capsys.readouterr()
    assert main(["store", "purge"]) == 0
    assert "purged 1 check records older than 365 days" in capsys.readouterr().out
    sqlite = f"sqlite:///{tmp_path / 'data' / 'crossing-guard.sqlite3'}"
    assert len(rows(sqlite, tmp_path, "SELECT * FROM checks")) == 2
    assert all(r.check_id != first.check_id for r in rows(sqlite, tmp_path, "SELECT check_id FROM check_recipients"))
    assert main(["store", "purge"]) == 0
    assert "purged 0 check records" in capsys.readouterr().out
    monkeypatch.setenv("CROSSING_GUARD_RECORDS", "off")
    with pytest.raises(SystemExit):
        main(["store", "purge"])
    assert "no check records are kept" in capsys.readouterr().err
