"""Command pipelining (RFC 2920) through the gateway, over real SMTP on loopback.

Gmail and Exchange Online pipeline MAIL and RCPT commands when the gateway offers PIPELINING. The
gateway passes each pipelined group of RCPTs on to the next hop at once (when the next hop pipelines
too) and must still give every recipient the next hop's own answer, in order, never relaying to a
recipient the sender was told was refused.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from aiosmtpd.smtp import SMTP

from backend.gateway.addresses import grouped_rcpts
from backend.gateway.smtpclient import SMTPClient, Unavailable, wire_data
from backend.gateway.smtpserver import PipeliningSMTP
from tests.gateway.servers import REFUSED_LOCAL_PART, GatewayProcess, NextHop, policy_file

DISTRICT = "maplevalley.k12.example"
TEACHER = f"mokafor@{DISTRICT}"
NOTE = (f"From: {TEACHER}\r\nTo: Families <families@{DISTRICT}>\r\nSubject: Picture day\r\n"
        "Message-ID: <picture-day@mail.maplevalley.k12.example>\r\n\r\n"
        "Picture day is Thursday. Order forms went home in folders.\r\n.. a line that starts with a dot\r\n")


def families(count: int, refused_at: tuple[int, ...] = ()) -> list[str]:
    return [f"{REFUSED_LOCAL_PART if i in refused_at else 'parent'}{i}@gmail.example" for i in range(count)]


class Session:
    """A raw SMTP client that writes whole groups of commands at once, as a pipelining MTA does."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.file = self.sock.makefile("rb")
        assert self.reply()[0] == 220

    def reply(self) -> tuple[int, list[str]]:
        lines = []
        while True:
            line = self.file.readline().decode()
            assert line[:3].isdigit(), line
            lines.append(line[4:].rstrip("\r\n"))
            if line[3] != "-":
                return int(line[:3]), lines

    def group(self, *commands: str) -> list[int]:
        self.sock.sendall("".join(f"{c}\r\n" for c in commands).encode())
        return [self.reply()[0] for _ in commands]

    def close(self) -> None:
        self.sock.sendall(b"QUIT\r\n")
        self.reply()
        self.file.close()
        self.sock.close()


HOPS = {"hop pipelines": {}, "hop answers each command apart": {"one_by_one": True},
        "hop in step": {"pipelining": False}}


@pytest.fixture(scope="module", params=list(HOPS))
def relay(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[GatewayProcess, NextHop]]:
    policy = policy_file(tmp_path_factory.mktemp("pipelining"), "max_recipients = 60\n")
    with NextHop(**HOPS[request.param]) as hop, GatewayProcess(policy, hop.port) as gateway:
        yield gateway, hop


@pytest.fixture(scope="module")
def aiosmtpd_itself() -> Iterator[NextHop]:
    """aiosmtpd's own server, as it reads and answers: the reference for reading the data."""
    with NextHop(one_by_one=True) as hop:
        yield hop


@pytest.mark.parametrize("server", ["gateway", "next hop"])
def test_a_groups_replies_are_written_as_one(relay: tuple[GatewayProcess, NextHop], server: str) -> None:
    """RFC 2920, 3.2: the replies to a group of MAIL and RCPTs are sent as a unit once no complete
    command is left in hand: they arrive in one read, not one each (the gateway, and the next hop
    its tests and benchmark use, which is aiosmtpd with the same reply grouping)."""
    gateway, hop = relay
    if server == "next hop" and hop.controller.server_class is not PipeliningSMTP:
        return  # aiosmtpd's own server, or one that does not pipeline: it writes each reply
    session = Session(gateway.port if server == "gateway" else hop.port)
    session.group("EHLO client.example")
    rcpts = families(30, refused_at=(7,))
    session.sock.sendall("".join(f"{c}\r\n" for c in [f"MAIL FROM:<{TEACHER}>", *(f"RCPT TO:<{r}>" for r in rcpts)])
                         .encode())
    time.sleep(0.3)
    first = session.sock.recv(65536)
    assert first.count(b"\r\n") == 31 and first.startswith(b"250") and b"\r\n550" in first
    session.sock.sendall(b"RSET\r\n")
    session.file.readline()
    session.close()


def test_pipelining_is_offered(relay: tuple[GatewayProcess, NextHop]) -> None:
    gateway, _ = relay
    session = Session(gateway.port)
    session.sock.sendall(b"EHLO client.example\r\n")
    code, lines = session.reply()
    assert code == 250 and "PIPELINING" in lines
    session.close()


def test_a_pipelined_group_gets_each_recipients_own_answer_in_order(relay: tuple[GatewayProcess, NextHop]) -> None:
    gateway, hop = relay
    hop.recorder.take()
    rcpts = families(40, refused_at=(0, 17, 39))
    session = Session(gateway.port)
    assert session.group("EHLO client.example") == [250]
    codes = session.group(f"MAIL FROM:<{TEACHER}>", *(f"RCPT TO:<{r}>" for r in rcpts), "DATA")
    assert codes[0] == 250 and codes[-1] == 354
    assert codes[1:-1] == [550 if r.startswith(REFUSED_LOCAL_PART) else 250 for r in rcpts]
    session.sock.sendall(wire_data(NOTE.encode()))
    assert session.reply()[0] == 250
    session.close()
    [delivered] = hop.recorder.take()
    assert delivered.rcpt_tos == tuple(r for r in rcpts if not r.startswith(REFUSED_LOCAL_PART))
    assert delivered.mail_from == TEACHER
    assert delivered.data.partition(b"\r\n")[2] == NOTE.encode()  # the trace header, then the bytes as sent


def test_the_recipient_limit_holds_across_a_group(relay: tuple[GatewayProcess, NextHop]) -> None:
    gateway, hop = relay
    hop.recorder.take()
    rcpts = families(75, refused_at=(3,))
    session = Session(gateway.port)
    session.group("EHLO client.example")
    codes = session.group(f"MAIL FROM:<{TEACHER}>", *(f"RCPT TO:<{r}>" for r in rcpts), "RSET",
                          f"MAIL FROM:<{TEACHER}>", f"RCPT TO:<{rcpts[0]}>", "DATA")
    answers = codes[1:76]
    assert answers[3] == 550  # the next hop's refusal; a refused recipient does not count toward the limit
    assert answers.count(250) == 60 and answers[61:] == [452] * 14
    assert codes[76:] == [250, 250, 250, 354]  # RSET, then a new transaction in the same group
    session.sock.sendall(wire_data(NOTE.encode()))
    assert session.reply()[0] == 250
    session.close()
    assert [d.rcpt_tos for d in hop.recorder.take()] == [(rcpts[0],)]  # the reset transaction relayed nothing


# ---- the message itself, however it arrives ----

DATA_CASES = {  # what a client writes after the 354, the end line included
    "note": wire_data(NOTE.encode()),
    "no content at all": b".\r\n",
    "a one-byte line": b"a\r\n.\r\n",
    "lines of dots, stuffed": b"Subject: dots\r\n\r\n..\r\n...\r\n.. \r\n..\r.\r\n.\r\n",
    "a dot between bare line feeds is not the end": b"Subject: not yet\r\n\r\nx\n.\nstill\r\n.\r\n",
    "nearly the end line": b"Subject: nearly\r\n\r\nx\r\n.\rx\r\n.x\r\n..\r\n\r\n.\r\n",
    "300 KB": b"Subject: big\r\n\r\n" + (b"x" * 76 + b"\r\n") * 4000 + b".\r\n",
    "a line too long": b"Subject: long\r\n\r\n" + b"y" * 1200 + b"\r\nend\r\n.\r\n",
}


def _written(port: int, wire: bytes, cut: int) -> tuple[int, int]:
    """Send one message whose data is written in two pieces at `cut`, a command pipelined behind
    its end line: (the reply to the data, the reply to that command)."""
    session = Session(port)
    session.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    session.group("EHLO client.example")
    assert session.group(f"MAIL FROM:<{TEACHER}>", "RCPT TO:<parent@gmail.example>", "DATA")[-1] == 354
    session.sock.sendall(wire[:cut])
    time.sleep(0.03)  # the first piece is read on its own
    session.sock.sendall(wire[cut:] + b"NOOP\r\n")
    answers = session.reply()[0], session.reply()[0]
    session.close()
    return answers


@pytest.mark.parametrize("case", list(DATA_CASES))
def test_the_data_is_read_as_aiosmtpd_reads_it_wherever_it_is_cut(relay: tuple[GatewayProcess, NextHop],
                                                                  aiosmtpd_itself: NextHop, case: str) -> None:
    """The gateway takes the message off its input in bulk, not line by line as aiosmtpd does: the
    same bytes written to aiosmtpd itself and through the gateway, cut anywhere in
    the end line, give the same answer and the same message (line ends made CRLF on the way on)."""
    from aiosmtplib.protocol import normalize_message_line_endings

    gateway, hop = relay
    wire = DATA_CASES[case]
    for cut in sorted({1, len(wire) // 2, *range(max(1, len(wire) - 6), len(wire))}):
        hop.recorder.take()
        direct = _written(aiosmtpd_itself.port, wire, cut)
        expected = [normalize_message_line_endings(b"X-Trace: 1\r\n" + d.data).partition(b"\r\n")[2]
                    for d in aiosmtpd_itself.recorder.take()]  # relayed below a header line, CRLF line ends
        through = _written(gateway.port, wire, cut)
        delivered = [d.data.partition(b"\r\n")[2] for d in hop.recorder.take()]  # after the trace header
        assert through == direct and delivered == expected, (case, cut)
        assert direct[1] == 250 and direct[0] == (500 if "too long" in case else 250)


def test_swaks_pipelining_through_the_gateway(relay: tuple[GatewayProcess, NextHop], tmp_path: Path) -> None:
    assert shutil.which("swaks"), "swaks is installed by scripts/install --test"
    gateway, hop = relay
    hop.recorder.take()
    rcpts = families(25, refused_at=(12,))
    message = tmp_path / "note.eml"
    message.write_bytes(NOTE.encode())
    done = subprocess.run(["swaks", "--pipeline", "--server", f"127.0.0.1:{gateway.port}", "--from", TEACHER,
                           "--to", ",".join(rcpts), "--data", str(message)], capture_output=True, text=True,
                          timeout=60)
    out = done.stdout
    assert out.index(" -> DATA") < out.index("<-  250 2.1.0 OK"), out[-800:]  # swaks did send one group
    assert out.count("<-  250 2.1.5 OK") == 24 and "<** 550 5.1.1" in out  # the refused recipient's own answer
    [delivered] = hop.recorder.take()
    assert delivered.rcpt_tos == tuple(r for r in rcpts if not r.startswith(REFUSED_LOCAL_PART))


# ---- reading a group as aiosmtpd would read each of its lines ----

GROUP_ROWS = [  # (lines in hand, addresses taken as a group)
    (b"RCPT TO:<a@x.example>\r\nRCPT TO:<b@x.example>\r\nDATA\r\n", ["a@x.example", "b@x.example"]),
    (b"rcpt to:<a@x.example>\r\nRcPt To: <b@x.example>  \r\n", ["a@x.example", "b@x.example"]),
    (b"RCPT TO:<a@x.example>\n", ["a@x.example"]),
    (b"RCPT TO:<a@x.example>\r\nRCPT TO:<\"q r\"@x.example>\r\nRCPT TO:<c@x.example>\r\n", ["a@x.example"]),
]
NOT_GROUP_ROWS = [  # nothing taken: each must go through aiosmtpd's own reading
    b"RCPT TO:<a@x.example>",  # not a whole line yet
    b"RCPT TO:<a@x.example> NOTIFY=NEVER\r\n",  # parameters
    b"RCPT  TO:<a@x.example>\r\n",
    b"RCPT TO:a@x.example\r\n",
    b"RCPT TO:<a@x.example>x\r\n",
    b"RCPT TO:<usr\xc3\xa9@x.example>\r\n",
    b"MAIL FROM:<a@x.example>\r\nRCPT TO:<b@x.example>\r\n",
    b"RCPT TO:<" + b"a" * 500 + b"@x.example>\r\n",  # over aiosmtpd's command length
    b"DATA\r\n",
]


def test_the_group_tables_are_balanced() -> None:
    assert len(NOT_GROUP_ROWS) >= len(GROUP_ROWS)


def aiosmtpd_reads(line: bytes) -> str | None:
    """The address aiosmtpd's command loop and RCPT give this line, or None if not a plain RCPT."""
    command, _, arg = line.rstrip(b"\r\n").partition(b" ")
    if command.upper() != b"RCPT" or len(line.rstrip(b"\r\n")) > 512:
        return None
    stand_in = SimpleNamespace(local_part_limit=0)
    rest = SMTP._strip_command_keyword(stand_in, "TO:", arg.strip().decode())  # type: ignore[arg-type]
    if rest is None:
        return None
    address, params = SMTP._getaddr(stand_in, rest)  # type: ignore[arg-type]
    return address if address and not params else None


@pytest.mark.parametrize(("buffer", "expected"), GROUP_ROWS)
def test_a_group_is_read_as_aiosmtpd_reads_each_line(buffer: bytes, expected: list[str]) -> None:
    taken, length = grouped_rcpts(bytearray(buffer), 100, 512, 0)
    assert taken == expected
    lines = buffer.splitlines(keepends=True)[:len(taken)]
    assert length == sum(map(len, lines))  # exactly the group's lines are taken off the input
    for line, address in zip(lines, taken, strict=True):
        assert aiosmtpd_reads(line) == address


@pytest.mark.parametrize("buffer", NOT_GROUP_ROWS)
def test_lines_that_are_not_plain_rcpts_are_left_to_aiosmtpd(buffer: bytes) -> None:
    assert grouped_rcpts(bytearray(buffer), 100, 512, 0) == ([], 0)


def test_a_group_stops_at_the_limit_and_the_local_part_limit() -> None:
    buffer = b"".join(f"RCPT TO:<p{i}@x.example>\r\n".encode() for i in range(10))
    assert len(grouped_rcpts(buffer, 4, 512, 0)[0]) == 4
    assert grouped_rcpts(buffer, 0, 512, 0) == ([], 0)
    assert grouped_rcpts(b"RCPT TO:<abcdefgh@x.example>\r\n", 5, 512, 4) == ([], 0)


WIRE_CASES = [
    b"Subject: a\r\n\r\nplain CRLF lines\r\n",
    b"Subject: a\r\n\r\nno final line end",
    b"Subject: a\n\nbare LF lines\n",
    b"Subject: a\r\rbare CR\r",
    b"Subject: a\r\n\r\nmixed\nline\rends\r\n\n\r",
    b".starts with a dot\r\n",
    b"Subject: a\r\n\r\n.a dot line\r\n..two dots\r\n. \r\nend",
    b"Subject: a\n\n.dot after a bare LF\n",
    b"Subject: a\r\r.dot after a bare CR",
    b"a dot . in the middle, not a line start\r\n",
    b"",
    b"\r\n",
    b".",
    b"\r\n.\r\n",
]


@pytest.mark.parametrize("message", WIRE_CASES)
def test_data_goes_on_the_wire_exactly_as_aiosmtplib_sent_it(message: bytes) -> None:
    from aiosmtplib.protocol import PERIOD_REGEX, normalize_message_line_endings

    assert wire_data(message) == PERIOD_REGEX.sub(b"..", normalize_message_line_endings(message)) + b".\r\n"
    assert wire_data(message).endswith(b"\r\n.\r\n")


def _fake_hop(replies: dict[bytes, bytes], greeting: bytes = b"220 hop ESMTP\r\n") -> Any:
    """A next hop on loopback that answers each command's first word with bytes given here."""

    async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            writer.write(greeting)
            while line := await reader.readline():
                writer.write(replies.get(line.split()[0].upper(), b"250 OK\r\n") if line.strip() else b"")
                await writer.drain()
        finally:
            writer.close()

    return asyncio.start_server(session, "127.0.0.1", 0)


def test_replies_sent_ahead_of_tls_are_refused_not_trusted() -> None:
    """Bytes that follow the 220 to STARTTLS in the clear could be anyone's (RFC 3207, 6): the
    session is given up rather than read them as the next hop's answers inside TLS."""
    context = ssl.create_default_context()

    async def run() -> str:
        server = await _fake_hop({b"EHLO": b"250-hop\r\n250 STARTTLS\r\n",
                                  b"STARTTLS": b"220 go ahead\r\n250 2.1.0 injected\r\n"})
        async with server:
            port = server.sockets[0].getsockname()[1]
            client = SMTPClient("127.0.0.1", port, timeout=5, tls_context=context)
            try:
                await client.connect()
            except Unavailable as exc:
                await asyncio.sleep(0.1)  # the hop's side sees the close and ends its session
                return str(exc)
            return "connected"

    assert asyncio.run(run()) == "data before TLS"


@pytest.mark.parametrize("chunks", [
    [b"250 2.1.5 OK\r\n" * 3],
    [b"250 2.1.5 OK\r\n250 2.1", b".5 OK\r\n25", b"0 2.1.5 OK\r\n"],
    [b"250-first\r\n250-second\r\n", b"250 third\r\n250 2.1.5 OK\r\n550 5.1.1 no\r\n"],
])
def test_replies_are_read_whole_however_they_arrive(chunks: list[bytes]) -> None:
    async def run() -> list[tuple[int, str]]:
        reader = asyncio.StreamReader()
        client = SMTPClient("127.0.0.1", 1, timeout=5)
        client._reader = reader
        for chunk in chunks:
            reader.feed_data(chunk)
        reader.feed_eof()
        return [(r.code, r.message) for r in await client._replies(3)]

    replies = asyncio.run(run())
    if len(chunks) == 2:
        assert replies == [(250, "first\nsecond\nthird"), (250, "2.1.5 OK"), (550, "5.1.1 no")]
    else:
        assert replies == [(250, "2.1.5 OK")] * 3


def test_replies_beyond_those_asked_for_stay_for_the_next_command() -> None:
    """A group's replies are split at once, but only the ones asked for are taken."""
    async def run() -> list[list[tuple[int, str]]]:
        reader = asyncio.StreamReader()
        client = SMTPClient("127.0.0.1", 1, timeout=5)
        client._reader = reader
        reader.feed_data(b"250 2.1.5 OK\r\n550-5.1.1 no such\r\n550 5.1.1 user\r\n354 go ahead\r\n250 2.0.0 qu")
        first = await client._replies(2)
        second = await client._replies(1)
        reader.feed_data(b"eued\r\n")
        third = await client._replies(1)
        return [[(r.code, r.message) for r in replies] for replies in (first, second, third)]

    assert asyncio.run(run()) == [[(250, "2.1.5 OK"), (550, "5.1.1 no such\n5.1.1 user")], [(354, "go ahead")],
                                  [(250, "2.0.0 queued")]]


@pytest.mark.parametrize("data", [b"250 OK\r\n", b"hello\r\n", b"250 OK\r\n" + b"2" * 70000])
def test_a_peer_that_stops_or_is_not_smtp_is_unavailable(data: bytes) -> None:
    async def run() -> None:
        reader = asyncio.StreamReader(limit=2**20)
        client = SMTPClient("127.0.0.1", 1, timeout=5)
        client._reader = reader
        reader.feed_data(data)
        reader.feed_eof()
        await client._replies(2)

    with pytest.raises(Unavailable):
        asyncio.run(run())


@pytest.mark.parametrize("pipelining", [True, False], ids=["hop pipelines", "hop in step"])
@pytest.mark.parametrize(("sender", "rcpts", "codes", "delivered"), [
    (TEACHER, ["a@gmail.example", "b@gmail.example"], (250, [250, 250], 250), ("a@gmail.example", "b@gmail.example")),
    (TEACHER, ["a@gmail.example", f"{REFUSED_LOCAL_PART}@gmail.example"], (250, [250, 550], 250),
     ("a@gmail.example",)),
    (TEACHER, [f"{REFUSED_LOCAL_PART}@gmail.example"], (250, [550], 554), None),
    (f"{REFUSED_LOCAL_PART}@{DISTRICT}", ["a@gmail.example"], (550, None, 550), None),
])
def test_a_whole_transaction_is_one_group_to_a_hop_that_pipelines(
        pipelining: bool, sender: str, rcpts: list[str], codes: tuple[int, list[int] | None, int],
        delivered: tuple[str, ...] | None) -> None:
    """MAIL, RCPTs and DATA go as one group (RFC 2920, 3.1), the message after the 354; with no one
    accepted nothing is delivered, and the outcome is the refusal that ended it."""
    async def run() -> tuple[int, list[int], int]:
        client = SMTPClient("127.0.0.1", hop.port, timeout=10)
        await client.connect()
        first, answers, last = await client.transaction(sender, rcpts, NOTE.encode())
        await client.quit()
        return first.code, [a.code for a in answers], last.code

    with NextHop(pipelining=pipelining) as hop:
        first, answers, last = asyncio.run(run())
        messages = hop.recorder.take()
    expected_first, expected_answers, expected_last = codes
    assert (first, last) == (expected_first, expected_last)
    if expected_answers is not None:
        assert answers == expected_answers
    elif not pipelining:
        assert answers == []  # in step, no RCPT once MAIL is refused
    if delivered is None:
        assert messages == []
    else:
        [message] = messages
        assert message.rcpt_tos == delivered and message.data == NOTE.encode()
