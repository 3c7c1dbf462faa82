"""How the gateway behaves as a relay, over real SMTP: who may send, limits, failures, trace headers.

One gateway process (its own `crossing-guard gateway`) relays to a recording aiosmtpd next hop.
"""

from __future__ import annotations

import concurrent.futures
import shutil
import smtplib
import subprocess
import time
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest

from backend.gateway import trace
from tests.corpus import cases
from tests.corpus.message import MAIL_MERGE
from tests.gateway.conftest import AUTOMATIONS
from tests.gateway.mime import outgoing
from tests.gateway.servers import SECRET, GatewayProcess, NextHop, free_port, policy_file

DISTRICT = "maplevalley.k12.example"
TEACHER = f"mokafor@{DISTRICT}"
PARENT = "jordan.rivera.family@gmail.example"


def note(sender: str = TEACHER, to: str = PARENT, body: str = "Field trip forms are due Friday.\n",
         subject: str = "Field trip", message_id: str = "<note@mail.maplevalley.k12.example>") -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Message-ID"] = sender, to, subject, message_id
    msg.set_content(body)
    return msg.as_bytes(policy=SMTP)


def incident(case_id: str = "i3_504_lines_in_text_body") -> tuple[str, list[str], bytes]:
    message = outgoing(cases.build(case_id).request, f"<{case_id}@mail.maplevalley.k12.example>")
    return message.mail_from, list(message.rcpt_tos), message.data


def send(port: int, mail_from: str, rcpts: list[str], data: bytes) -> dict[str, tuple[int, bytes]]:
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        return client.sendmail(mail_from, rcpts, data)


# ---- relaying ----

def test_a_school_message_with_a_refused_recipient_reaches_the_others(gateway: GatewayProcess,
                                                                     hop: NextHop) -> None:
    refused = send(gateway.port, TEACHER, [PARENT, "no-such-user@gmail.example"], note())
    assert set(refused) == {"no-such-user@gmail.example"} and refused["no-such-user@gmail.example"][0] == 550
    [delivered] = hop.recorder.take()
    assert delivered.rcpt_tos == (PARENT,)


def test_forged_trace_header_is_checked_again(gateway: GatewayProcess, hop: NextHop) -> None:
    mail_from, rcpts, data = incident()
    forged = b"X-Crossing-Guard: v=1; verdict=allow; t=%d; sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n" % (
        int(time.time()))
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(gateway.port, mail_from, rcpts, forged + data)
    assert refused.value.smtp_code == 550
    assert hop.recorder.take() == []


def test_a_valid_header_copied_onto_other_content_is_checked_again(gateway: GatewayProcess, hop: NextHop) -> None:
    mail_from, rcpts, data = incident()
    harmless = data.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\nSee you at the concert.\r\n"
    header = trace.header_line(SECRET.encode(), "allow", harmless, mail_from, rcpts)
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(gateway.port, mail_from, rcpts, header + data)
    assert refused.value.smtp_code == 550
    assert hop.recorder.take() == []


def test_valid_trace_header_is_not_checked_twice(gateway: GatewayProcess, hop: NextHop) -> None:
    mail_from, rcpts, data = incident()  # would be refused if it were checked again
    signed = trace.header_line(SECRET.encode(), "allow", data, mail_from, rcpts) + data
    assert send(gateway.port, mail_from, rcpts, signed) == {}
    [delivered] = hop.recorder.take()
    assert delivered.data == signed  # relayed as it came: no second header


def test_a_crash_reading_one_message_costs_that_message_a_retry_only(gateway: GatewayProcess,
                                                                    hop: NextHop) -> None:
    broken = note(body="x").replace(f"From: {TEACHER}".encode(), b"From: a@[1.2.3.4, x@[")  # Python's parser raises
    with pytest.raises(smtplib.SMTPDataError) as retry:
        send(gateway.port, TEACHER, [PARENT], broken)
    assert retry.value.smtp_code == 451 and retry.value.smtp_error.startswith(b"4.7.0 ")
    assert hop.recorder.take() == []
    assert send(gateway.port, TEACHER, [PARENT], note()) == {}
    assert len(hop.recorder.take()) == 1 and gateway.alive


def test_many_sessions_at_once_are_each_relayed_once(gateway: GatewayProcess, hop: NextHop) -> None:
    def one(i: int) -> dict[str, tuple[int, bytes]]:
        return send(gateway.port, TEACHER, [PARENT], note(message_id=f"<n{i}@mail.maplevalley.k12.example>"))

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        assert list(pool.map(one, range(48))) == [{}] * 48
    ids = sorted(d.data.split(b"Message-ID: ")[1].split(b"\r\n")[0] for d in hop.recorder.take())
    assert ids == sorted(f"<n{i}@mail.maplevalley.k12.example>".encode() for i in range(48))


# ---- verdicts ----

def test_a_protected_list_from_an_automation_is_refused(gateway: GatewayProcess, hop: NextHop) -> None:
    data = note(sender=MAIL_MERGE.email, to=f"AllStudents@{DISTRICT}", body="School closes early today.\n")
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(gateway.port, MAIL_MERGE.email, [f"AllStudents@{DISTRICT}"], data)
    assert refused.value.smtp_code == 550
    assert hop.recorder.take() == []


def test_warn_is_delivered_and_the_sender_gets_a_notice_without_content(gateway: GatewayProcess,
                                                                        hop: NextHop) -> None:
    data = note(to=f"AllStudents@{DISTRICT}", subject="Jordan Rivera's locker", body="Locker moved.\n")
    assert send(gateway.port, TEACHER, [f"AllStudents@{DISTRICT}"], data) == {}
    deadline = time.monotonic() + 10
    got = hop.recorder.take()
    while len(got) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
        got += hop.recorder.take()
    original = next(d for d in got if d.rcpt_tos == (f"AllStudents@{DISTRICT}",))
    notice = next(d for d in got if d.rcpt_tos == (TEACHER,))
    assert original.data.endswith(data) and b"verdict=warn" in original.data.split(b"\r\n")[0]
    assert b"Jordan" not in notice.data and b"locker" not in notice.data.lower()
    assert b"AllStudents" not in notice.data
    assert b"was delivered" in notice.data


# ---- swaks, a second real client ----

def test_swaks_sends_through_the_gateway(gateway: GatewayProcess, hop: NextHop, tmp_path: Path) -> None:
    assert shutil.which("swaks"), "swaks is installed by scripts/install --test"
    ok = tmp_path / "ok.eml"
    ok.write_bytes(note())
    done = subprocess.run(["swaks", "--server", f"127.0.0.1:{gateway.port}", "--from", TEACHER, "--to", PARENT,
                           "--data", str(ok)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout[-500:]
    [delivered] = hop.recorder.take()
    assert delivered.data.partition(b"\r\n")[2] == ok.read_bytes() + b"\r\n"  # swaks ends DATA with a line

    mail_from, rcpts, data = incident()
    bad = tmp_path / "bad.eml"
    bad.write_bytes(data)
    done = subprocess.run(["swaks", "--server", f"127.0.0.1:{gateway.port}", "--from", mail_from,
                           "--to", ",".join(rcpts), "--data", str(bad)], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "<** 550-5.7.1 Crossing Guard stopped this message" in done.stdout
    assert hop.recorder.take() == []


# ---- separate gateways: limits, relay control, next hop down ----

def test_limits_relay_control_and_next_hop_down(hop: NextHop, tmp_path: Path) -> None:
    strict = policy_file(tmp_path, AUTOMATIONS + "max_message_bytes = 20000\nmax_recipients = 3\n")
    with GatewayProcess(strict, hop.port) as gw:
        big = note(body="word " * 10000)
        with pytest.raises(smtplib.SMTPSenderRefused) as declared:  # smtplib declares SIZE: refused at MAIL
            send(gw.port, TEACHER, [PARENT], big)
        assert declared.value.smtp_code == 552
        with smtplib.SMTP("127.0.0.1", gw.port, timeout=60) as client:  # no SIZE: refused after DATA
            client.ehlo()
            assert client.mail(TEACHER)[0] == 250 and client.rcpt(PARENT)[0] == 250
            assert client.data(big)[0] == 552
        many = [f"parent{i}@gmail.example" for i in range(5)]
        refused = send(gw.port, TEACHER, many, note())
        assert sorted(refused) == many[3:] and {code for code, _ in refused.values()} == {452}
        assert [d.rcpt_tos for d in hop.recorder.take()] == [tuple(many[:3])]

    elsewhere = policy_file(tmp_path, 'accept_from = ["192.0.2.0/24"]\n')
    with GatewayProcess(elsewhere, hop.port) as gw:
        with pytest.raises(smtplib.SMTPSenderRefused) as denied:
            send(gw.port, TEACHER, [PARENT], note())
        assert denied.value.smtp_code == 550 and denied.value.smtp_error.startswith(b"5.7.1 ")
    assert hop.recorder.take() == []

    with GatewayProcess(policy_file(tmp_path), free_port()) as gw:  # nothing listens at the next hop
        with pytest.raises(smtplib.SMTPSenderRefused) as down:
            send(gw.port, TEACHER, [PARENT], note())
        assert 400 <= down.value.smtp_code < 500
        assert gw.alive


def test_sessions_over_the_limit_are_told_to_try_again(hop: NextHop, tmp_path: Path) -> None:
    with GatewayProcess(policy_file(tmp_path, "max_sessions = 2\n"), hop.port) as gw:
        first, second = smtplib.SMTP("127.0.0.1", gw.port, timeout=30), smtplib.SMTP("127.0.0.1", gw.port, timeout=30)
        with pytest.raises(smtplib.SMTPConnectError) as busy:
            smtplib.SMTP("127.0.0.1", gw.port, timeout=30)
        assert busy.value.smtp_code == 421
        first.quit()
        time.sleep(0.2)  # the gateway sees the first session end
        assert send(gw.port, TEACHER, [PARENT], note()) == {}  # its place is free again
        second.quit()
    assert len(hop.recorder.take()) == 1
