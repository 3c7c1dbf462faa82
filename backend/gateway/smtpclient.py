"""The gateway's SMTP client toward the next hop, with command pipelining (RFC 2920).

A teacher's note to a grade's families is one MAIL and hundreds of RCPT commands. Sent in step, each
RCPT is a write, a wait and a read on both sides: most of the gateway's CPU for such a message, and
more of the next hop's. Gmail and Exchange Online pipeline their RCPTs to the gateway, and the
gateway passes each group on to the next hop in one write when the next hop offers PIPELINING,
then reads the replies in order: every recipient still gets the next hop's own answer.

aiosmtplib (the client used before) reads one reply per command written and drops replies that
arrive ahead of their command, so it cannot pipeline; this client does only what the gateway needs
(EHLO, STARTTLS, MAIL, RCPT, DATA, RSET, QUIT) on asyncio's streams, with the same line rules:
CR, LF and other control characters never reach a command line, and DATA is dot-stuffed with its
line endings made CRLF, exactly as aiosmtplib sent it.
"""

from __future__ import annotations

import asyncio
import re
import ssl
from email.utils import parseaddr
from typing import Final, NamedTuple

from backend.gateway.addresses import is_plain

_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")
_LINE_ENDS: Final = re.compile(rb"\r\n|\r|\n")
_LEADING_DOT: Final = re.compile(rb"(?m)^\.")
_MAX_REPLY_LINES: Final = 100  # an EHLO reply has a dozen; a peer sending more is not an SMTP server
_MAX_LINE: Final = 2**16  # a reply line is at most 512 octets (RFC 5321, 4.5.3.1.5); asyncio's own limit
_READ_SIZE: Final = 2**16


class Reply(NamedTuple):
    code: int
    message: str


class Unavailable(Exception):
    """The connection failed, closed, timed out, or the peer did not speak SMTP."""


class Refused(Exception):
    """The peer answered a command with this reply."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code)
        self.code, self.message = code, message


def command_address(address: str) -> str:
    """`<address>` for MAIL FROM or RCPT TO; ValueError if it could smuggle a line onto the command.
    A plain address (nearly every one) goes as it is, without the email package's parser again."""
    if is_plain(address):
        return f"<{address}>"
    _, parsed = parseaddr(address)
    parsed = parsed or address.strip()
    if _CONTROL.search(parsed):
        raise ValueError("control character in address")
    return f"<{parsed}>"


def wire_data(message: bytes) -> bytes:
    """The message as it goes after DATA: CRLF line endings, leading dots doubled, the final dot."""
    crlf = message.count(b"\r\n")
    if message.count(b"\n") != crlf or message.count(b"\r") != crlf:  # (nearly always CRLF already)
        message = _LINE_ENDS.sub(b"\r\n", message)
    if not message.endswith(b"\r\n"):
        message += b"\r\n"
    if message.startswith(b".") or b"\n." in message:
        message = _LEADING_DOT.sub(b"..", message)
    return message + b".\r\n"


_UNSENDABLE: Final = Reply(553, "5.1.3 The address cannot be sent on")
_NO_RECIPIENTS: Final = Reply(554, "5.5.1 No valid recipients")


def _mail_line(address: str, options: list[str], utf8: bool) -> bytes:
    line = "MAIL FROM:" + command_address(address) + "".join(" " + option for option in options)
    return line.encode("utf-8" if utf8 else "ascii")


def _rcpt_lines(addresses: list[str], utf8: bool) -> list[bytes | None]:
    encoding = "utf-8" if utf8 else "ascii"
    lines: list[bytes | None] = []
    for address in addresses:
        try:
            lines.append(b"RCPT TO:" + command_address(address).encode(encoding))
        except (ValueError, UnicodeEncodeError):
            lines.append(None)
    return lines


class SMTPClient:
    """One session. `connect()`, then commands; every failure of the connection is `Unavailable`."""

    def __init__(self, host: str, port: int, *, timeout: float, local_hostname: str | None = None,
                 tls_context: ssl.SSLContext | None = None, require_tls: bool = False) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.local_hostname = local_hostname or "localhost"
        self.tls_context, self.require_tls = tls_context, require_tls
        self.extensions: dict[str, str] = {}
        self._reader: asyncio.StreamReader | None = None
        self._received = bytearray()  # read from the peer, not yet taken as reply lines
        self._writer: asyncio.StreamWriter | None = None

    @property
    def is_connected(self) -> bool:
        return self._writer is not None and not self._writer.is_closing()

    def supports(self, extension: str) -> bool:
        return extension.lower() in self.extensions

    async def connect(self) -> None:
        try:
            async with asyncio.timeout(self.timeout):
                self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
            self._expect(await self._reply(), 220)
            await self._ehlo()
            if self.tls_context is not None and self.supports("starttls"):
                self._expect(await self.command(b"STARTTLS"), 220)
                if self._received:  # sent ahead of TLS, so anyone on the path could have written it
                    raise Unavailable("data before TLS")
                async with asyncio.timeout(self.timeout):
                    await self._writer.start_tls(self.tls_context, server_hostname=self.host)
                await self._ehlo()
            elif self.require_tls:
                raise Unavailable("STARTTLS not offered")
        except (Unavailable, Refused):
            self.close()
            raise
        except (OSError, ssl.SSLError, TimeoutError, EOFError) as exc:
            self.close()
            raise Unavailable(type(exc).__name__) from None

    async def _ehlo(self) -> None:
        reply = await self.command(b"EHLO " + self.local_hostname.encode("ascii", "replace"))
        self._expect(reply, 250)
        self.extensions = {}
        for line in reply.message.split("\n")[1:]:
            keyword, _, params = line.strip().partition(" ")
            if keyword:
                self.extensions[keyword.lower()] = params

    @staticmethod
    def _expect(reply: Reply, code: int) -> None:
        if reply.code != code:
            raise Refused(reply.code, reply.message)

    def _send(self, data: bytes) -> None:
        if self._writer is None or self._writer.is_closing():
            raise Unavailable("not connected")
        self._writer.write(data)

    async def _reply(self) -> Reply:
        return (await self._replies(1))[0]

    async def _replies(self, count: int) -> list[Reply]:
        """`count` replies, multi-line or not, each as (code, lines joined by newlines), within one timeout.

        A group's hundred replies arrive in one or two reads; the lines in hand are split at once and
        only those the `count` replies take are consumed (the rest answer later commands)."""
        if self._reader is None:
            raise Unavailable("not connected")
        reader, received = self._reader, self._received
        replies: list[Reply] = []
        lines: list[str] = []
        try:
            async with asyncio.timeout(self.timeout):
                while len(replies) < count:
                    end = received.rfind(b"\n")
                    if end < 0:
                        await self._more(reader)
                        continue
                    used = 0
                    for line in bytes(received[:end]).split(b"\n"):
                        used += len(line) + 1
                        code, mark = line[:3], line[3:4]
                        if not code.isdigit() or mark not in (b" ", b"-", b"\r", b""):
                            raise Unavailable("not an SMTP reply")
                        lines.append(line[4:].strip(b" \t\r").decode("utf-8", "surrogateescape"))
                        if mark != b"-":
                            replies.append(Reply(int(code), "\n".join(lines)))
                            lines = []
                            if len(replies) == count:
                                break
                        elif len(lines) >= _MAX_REPLY_LINES:
                            raise Unavailable("reply too long")
                    del received[:used]
        except (asyncio.IncompleteReadError, OSError, ssl.SSLError, TimeoutError) as exc:
            self.close()
            raise Unavailable(type(exc).__name__) from None
        except Unavailable:
            self.close()
            raise
        return replies

    async def _more(self, reader: asyncio.StreamReader) -> None:
        """Read on, for a line that has not ended yet."""
        received = self._received
        if len(received) > _MAX_LINE:
            raise Unavailable("reply line too long")
        chunk = await reader.read(_READ_SIZE)
        if not chunk:
            raise asyncio.IncompleteReadError(bytes(received), None)
        received += chunk

    async def _flush(self) -> None:
        assert self._writer is not None
        try:
            async with asyncio.timeout(self.timeout):
                await self._writer.drain()
        except (OSError, ssl.SSLError, TimeoutError) as exc:
            self.close()
            raise Unavailable(type(exc).__name__) from None

    async def command(self, line: bytes) -> Reply:
        self._send(line + b"\r\n")
        await self._flush()
        return await self._reply()

    async def mail(self, address: str, options: list[str], *, utf8: bool = False) -> Reply:
        return await self.command(_mail_line(address, options, utf8))

    async def rcpts(self, addresses: list[str], *, utf8: bool = False) -> list[Reply]:
        """One reply per address, in order: written as one group when the peer pipelines, else in step.

        An address that cannot go on a command line (not ASCII without SMTPUTF8) is answered here
        with 553 and never sent."""
        lines = _rcpt_lines(addresses, utf8)
        if not self.supports("pipelining"):
            return [await self.command(line) if line is not None else _UNSENDABLE for line in lines]
        return await self._group(lines)

    async def _group(self, lines: list[bytes | None], *, last: bytes | None = None) -> list[Reply]:
        """The lines (None: answered here with 553) and `last` written at once; a reply for each."""
        group = [line for line in lines if line is not None] + ([last] if last is not None else [])
        if not group:
            return [_UNSENDABLE] * len(lines)
        self._send(b"\r\n".join(group) + b"\r\n")
        await self._flush()
        replies = iter(await self._replies(len(group)))
        return [next(replies) if line is not None else _UNSENDABLE for line in lines] + list(replies)

    async def transaction(self, mail_from: str, rcpts: list[str], message: bytes, *, options: list[str] | None = None,
                          utf8: bool = False) -> tuple[Reply, list[Reply], Reply]:
        """A whole transaction: the replies to MAIL and to each RCPT, and its outcome (the reply to
        the message, else the refusal that ended it: MAIL's, DATA's, or 554 when no recipient was
        accepted). A peer that pipelines gets MAIL, the RCPTs and DATA as one group, as RFC 2920
        (3.1) lets a client send them, and the message after the 354; if DATA was accepted with no
        recipient, a lone dot ends the data (3.1). A peer in step gets one command at a time, and no
        RCPT once MAIL is refused (the RCPT replies are then empty)."""
        mail = _mail_line(mail_from, options or [], utf8)
        lines = _rcpt_lines(rcpts, utf8)
        if self.supports("pipelining"):
            *replies, data = await self._group([mail, *lines], last=b"DATA")
            first, answers = replies[0], replies[1:]
        else:
            first = await self.command(mail)
            if first.code != 250:
                return first, [], first
            answers = [await self.command(line) if line is not None else _UNSENDABLE for line in lines]
            data = await self.command(b"DATA") if any(a.code in (250, 251) for a in answers) else _NO_RECIPIENTS
        accepted = any(a.code in (250, 251) for a in answers)
        refusal = first if first.code != 250 else None if accepted else _NO_RECIPIENTS
        if data.code == 354:
            self._send(wire_data(message) if refusal is None else b".\r\n")
            await self._flush()
            data = await self._reply()
        return first, answers, data if refusal is None else refusal

    async def data(self, message: bytes) -> Reply:
        """DATA and the message; the final reply (354 first, or Refused with the peer's answer)."""
        self._expect(await self.command(b"DATA"), 354)
        self._send(wire_data(message))
        await self._flush()
        return await self._reply()

    async def quit(self) -> None:
        try:
            await self.command(b"QUIT")
        finally:
            self.close()

    def quit_now(self) -> None:
        """QUIT written and the connection closed at once (asyncio sends what is buffered first): for
        when the sender's session has ended and nothing should wait on the next hop's goodbye."""
        if self.is_connected:
            assert self._writer is not None
            self._writer.write(b"QUIT\r\n")
        self.close()

    def close(self) -> None:
        writer, self._writer, self._reader = self._writer, None, None
        self._received.clear()
        if writer is not None:
            writer.close()
