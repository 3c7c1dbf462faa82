"""The corpus through `crossing-guard gateway` over real SMTP: incidents bounce, the school day goes through.

Every incident whose data is in the message itself (not behind a link the gateway cannot open) is
refused at the end of DATA with a plain, folded `550 5.7.1` and never reaches the next hop. Every
school-day message reaches the next hop exactly once, its bytes unchanged below the one trace
header the gateway prepends, with MAIL FROM and every RCPT TO (Bcc included) as sent.
"""

from __future__ import annotations

import smtplib

import pytest

from backend.gateway import trace
from tests.corpus import cases
from tests.gateway.mime import outgoing
from tests.gateway.servers import GatewayProcess, NextHop


def _in_message(case_id: str) -> bool:
    request = cases.build(case_id).request
    files = request.get("attachments", [])
    return not request.get("links") and all("content_b64" in a for a in files)


INCIDENTS = [c for c in cases.ids() if c[0] == "i" and c[1].isdigit()
             and cases.build(c).verdict == "block" and _in_message(c)]
SCHOOL_DAY = [c for c in cases.ids() if c.startswith("ok_")]


def _send(port: int, case_id: str) -> tuple[bytes, dict[str, tuple[int, bytes]]]:
    message = outgoing(cases.build(case_id).request, f"<{case_id}@mail.maplevalley.k12.example>")
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        refused = client.sendmail(message.mail_from, list(message.rcpt_tos), message.data)
    return message.data, refused


def test_the_corpus_has_what_the_gateway_must_show() -> None:
    assert len(INCIDENTS) >= 15 and len(SCHOOL_DAY) >= 20


@pytest.mark.parametrize("case_id", INCIDENTS)
def test_incident_is_refused_plainly_and_never_relayed(gateway: GatewayProcess, hop: NextHop,
                                                       case_id: str) -> None:
    with pytest.raises(smtplib.SMTPDataError) as refused:
        _send(gateway.port, case_id)
    assert refused.value.smtp_code == 550
    text = refused.value.smtp_error.decode("ascii")  # a bounce's text is ASCII
    lines = text.split("\n")
    assert all(line.startswith("5.7.1 ") for line in lines)
    assert all(len(line) + 4 <= 512 for line in lines)  # "550-" + text within RFC 5321's reply line
    words = " ".join(line.removeprefix("5.7.1 ") for line in lines)
    assert "not sent" in words and len(words) <= 600
    assert not [v for v in cases.build(case_id).private if v in words], "the bounce names a student"
    assert hop.recorder.take() == []


@pytest.mark.parametrize("case_id", SCHOOL_DAY)
def test_school_day_message_is_relayed_once_unchanged(gateway: GatewayProcess, hop: NextHop, case_id: str) -> None:
    data, refused = _send(gateway.port, case_id)
    assert refused == {}
    [delivered] = hop.recorder.take()
    message = outgoing(cases.build(case_id).request, "<x>")
    assert delivered.mail_from == message.mail_from
    assert delivered.rcpt_tos == message.rcpt_tos  # Bcc included: it lives in the envelope
    header, _, rest = delivered.data.partition(b"\r\n")
    assert rest == data  # the bytes as sent: DKIM signatures survive
    assert header.startswith(b"X-Crossing-Guard: v=1; verdict=allow; ")
    assert trace.verified(b"gateway-test-secret", delivered.data, delivered.mail_from,
                          list(delivered.rcpt_tos)) == "allow"
