"""aiosmtpd's server with what RFC 2920 asks of a pipelining server, and the message read in bulk.

- Replies to a group of MAIL, RCPT and RSET commands are held while more complete commands are in
  hand and written as a unit (RFC 2920, 3.2: a server SHOULD buffer them so, and MUST send what is
  pending once its input is empty). aiosmtpd writes each reply as it goes: a client that pipelined
  a hundred RCPTs gets a hundred small writes, and wakes for each.
- The message after DATA is taken off the input in bulk, up to its end line, instead of one read
  and join per line (see `smtp_DATA`).

The gateway's server is built on this; so is the recording next hop of its tests and benchmark.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, AnyStr

from aiosmtpd.smtp import MISSING, SMTP

SMTPCommand = Callable[["PipeliningSMTP", str | None], Coroutine[Any, Any, None]]
_END = b"\r\n.\r\n"  # the line holding a lone dot ends the data (RFC 5321, 4.1.1.4)


def _grouped(name: str) -> SMTPCommand:
    """aiosmtpd's command, marked as one whose reply may wait for the rest of its group (RFC 2920)."""
    base: SMTPCommand = getattr(SMTP, name)

    async def command(self: PipeliningSMTP, arg: str | None) -> None:
        self._grouped = True
        try:
            await base(self, arg)
        finally:
            self._grouped = False

    for attr in ("__smtp_syntax__", "__smtp_syntax_extended__", "__smtp_syntax_when__"):  # HELP's texts
        if hasattr(base, attr):
            setattr(command, attr, getattr(base, attr))
    command.__name__ = name
    return command


class PipeliningSMTP(SMTP):
    smtp_MAIL = _grouped("smtp_MAIL")
    smtp_RCPT = _grouped("smtp_RCPT")
    smtp_RSET = _grouped("smtp_RSET")

    def __init__(self, handler: Any, **kwargs: Any) -> None:
        self._grouped = False
        self._held: list[bytes] = []
        super().__init__(handler, **kwargs)

    def _in_hand(self) -> bytearray | None:
        buffer = getattr(self._reader, "_buffer", None)  # asyncio.StreamReader's bytes read, not yet taken
        return buffer if isinstance(buffer, bytearray) else None

    def _more_replies(self, encoding: str) -> list[bytes]:
        """Replies to go out right after this one (none here)."""
        return []

    async def push(self, status: AnyStr) -> None:
        encoding = "utf-8" if self.enable_SMTPUTF8 else "ascii"
        data = status.encode(encoding) if isinstance(status, str) else status
        self._held.append(data + b"\r\n")
        self._held.extend(self._more_replies(encoding))
        buffer = self._in_hand()
        if self._grouped and buffer is not None and b"\n" in buffer:
            return  # more of the group is in hand: its replies go out together (RFC 2920, 3.2)
        out, self._held = b"".join(self._held), []
        self._writer.write(out)
        await self._writer.drain()

    async def smtp_DATA(self, arg: str) -> None:
        """aiosmtpd's DATA, with the message taken off the input as it arrives instead of line by line.

        aiosmtpd awaits one read per line and joins each line's pieces, a few microseconds a line: for
        the school-day mix (190 lines a message on average) about a tenth of the gateway's CPU. Here
        the bytes in hand are searched for the end at once, and only the bytes up to it are taken, so
        a command pipelined behind the data stays where aiosmtpd's reader finds it. The limits, the
        replies and the dot-unstuffing (RFC 5321, 4.5.2) are aiosmtpd's: past `data_size_limit` the
        rest is drained and answered 552, a line longer than `line_length_limit` is answered 500."""
        buffer = self._in_hand()
        if buffer is None or self._decode_data or "DATA" not in self._handle_hooks:
            await super().smtp_DATA(arg)
            return
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        assert self.envelope is not None
        if not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        if arg:
            await self.push("501 Syntax: DATA")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        content = await self._message_data()
        if content is None:
            return  # the connection went
        if isinstance(content, str):
            await self.push(content)
            self._set_post_data_state()  # type: ignore[no-untyped-call]
            return
        self.envelope.content = self.envelope.original_content = content
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()  # type: ignore[no-untyped-call]
        await self.push("250 OK" if status is MISSING else status)

    async def _message_data(self) -> bytes | str | None:
        """The message up to the line with a lone dot, unstuffed; or the reply to a message over a
        limit; or None when the connection closed first."""
        reader, limit = self._reader, self.data_size_limit
        parts: list[bytes] = []
        size, tail, kept = 0, b"\r\n", True  # the CRLF ending DATA begins the data's first line
        try:
            while True:
                buffer = self._in_hand()
                if buffer is None or self.transport is None:
                    return None
                if buffer:  # up to the end if it is in hand (it may begin in what was taken before)
                    found = (tail + bytes(buffer[:4])).find(_END)
                    if found < 0:
                        at = buffer.find(_END)
                        found = at + len(tail) if at >= 0 else -1
                    take = found + len(_END) - len(tail) if found >= 0 else len(buffer)
                    piece = await reader.readexactly(take)
                else:
                    piece = await reader.readexactly(1)  # nothing in hand: wait for more
                size += len(piece)
                if kept and limit and size - 3 > limit:
                    kept = False
                    parts.clear()  # drained from here on, and answered 552
                if kept:
                    parts.append(piece)
                last = tail + piece[-len(_END):]
                if last.endswith(_END):
                    break
                tail = last[1 - len(_END):]  # the last four bytes taken: the end may begin in them
        except asyncio.CancelledError:
            self._writer.close()
            raise
        except asyncio.IncompleteReadError:
            return None
        if not kept:
            return "552 Error: Too much mail data"
        data = b"".join(parts)[:-3]  # the last line's CRLF is the data's; the dot line is not
        if max(map(len, data.split(b"\r\n")), default=0) + 2 > self.line_length_limit:
            return "500 Line too long (see RFC5321 4.5.3.1.6)"
        if data.startswith(b"."):
            data = data[1:]
        return data.replace(b"\r\n.", b"\r\n")
