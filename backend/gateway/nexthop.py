"""One SMTP session with the next hop, driven in step with the sender's session.

The gateway proxies in-line and queues nothing: MAIL and each RCPT are passed on as the sender
gives them, so the next hop's refusal of one recipient reaches the sender at that recipient
(SMTP has one reply per RCPT but only one for the whole DATA). RCPTs the sender pipelined go on
as one group when the next hop pipelines too (`smtpclient`), each still answered by the next
hop's own reply. The message itself goes on only after the check, and the sender's DATA is
answered with the next hop's own answer: nothing is acknowledged that the next hop has not
accepted, so nothing can be lost in between.

Every failure to reach or talk to the next hop is a `HopUnavailable` (the sender gets a 4xx and
retries); a reply the next hop gave is a `HopRefused` with its code.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass

from backend.gateway.smtpclient import Refused, Reply, SMTPClient, Unavailable

HopRefused = Refused


class HopUnavailable(Exception):
    """The next hop could not be reached, dropped the connection, or was too slow."""


@dataclass(frozen=True)
class HopConfig:
    host: str
    port: int
    timeout: float
    require_tls: bool = False
    tls_context: ssl.SSLContext | None = None
    local_hostname: str | None = None


class NextHop:
    def __init__(self, config: HopConfig) -> None:
        self.config = config
        self._client: SMTPClient | None = None
        self._in_transaction = False

    async def _connected(self) -> SMTPClient:
        client = self._client
        if client is not None and client.is_connected:
            return client
        c = self.config
        client = SMTPClient(c.host, c.port, timeout=c.timeout, local_hostname=c.local_hostname,
                            tls_context=c.tls_context, require_tls=c.require_tls)
        try:
            await client.connect()  # STARTTLS when offered; refused unless offered when TLS is required
        except (Unavailable, Refused) as exc:
            raise HopUnavailable(type(exc).__name__) from None
        self._client, self._in_transaction = client, False
        return client

    async def begin(self, mail_from: str, body_8bit: bool, smtputf8: bool) -> None:
        """MAIL FROM on a fresh transaction (a leftover one is reset first)."""
        client = await self._connected()
        try:
            if self._in_transaction:
                await client.command(b"RSET")
            options = []
            if body_8bit and client.supports("8bitmime"):
                options.append("BODY=8BITMIME")
            if smtputf8 and client.supports("smtputf8"):
                options.append("SMTPUTF8")
            self._in_transaction = True
            reply = await client.mail(mail_from, options, utf8=smtputf8)
        except (Unavailable, ValueError, UnicodeEncodeError) as exc:
            await self.close()
            raise HopUnavailable(type(exc).__name__) from None
        if reply.code != 250:
            raise HopRefused(reply.code, reply.message)

    async def rcpts(self, addresses: list[str], smtputf8: bool) -> list[Reply]:
        """The next hop's reply to each recipient, in order (a pipelined group when it allows one)."""
        client = self._live()
        try:
            return await client.rcpts(addresses, utf8=smtputf8)
        except Unavailable as exc:
            await self.close()
            raise HopUnavailable(type(exc).__name__) from None

    async def data(self, message: bytes) -> Reply:
        client = self._live()
        try:
            reply = await client.data(message)
        except Unavailable as exc:
            await self.close()
            raise HopUnavailable(type(exc).__name__) from None
        finally:
            self._in_transaction = False
        if reply.code != 250:
            raise HopRefused(reply.code, reply.message)
        return reply

    async def send(self, mail_from: str, rcpts: list[str], message: bytes) -> None:
        """A whole transaction of the gateway's own (a warn notice), pipelined when the hop allows."""
        client = await self._connected()
        try:
            if self._in_transaction:
                await client.command(b"RSET")
            self._in_transaction = True
            first, answers, last = await client.transaction(mail_from, rcpts, message)
        except (Unavailable, ValueError, UnicodeEncodeError) as exc:
            await self.close()
            raise HopUnavailable(type(exc).__name__) from None
        self._in_transaction = last.code != 250  # anything else: RSET before this session is used again
        for reply in (first, *answers, last):
            if reply.code not in (250, 251):
                raise HopRefused(reply.code, reply.message)

    async def abort(self) -> None:
        """Drop the open transaction (the message was refused or the sender reset)."""
        if not self._in_transaction or self._client is None:
            return
        self._in_transaction = False
        try:
            await self._client.command(b"RSET")
        except Unavailable:
            await self.close()

    async def close(self) -> None:
        client, self._client, self._in_transaction = self._client, None, False
        if client is None:
            return
        try:
            if client.is_connected:
                await client.quit()
        except Unavailable:
            client.close()

    def close_now(self) -> None:
        """End the session without waiting (the sender has gone): QUIT written, connection closed."""
        client, self._client, self._in_transaction = self._client, None, False
        if client is not None:
            client.quit_now()

    def _live(self) -> SMTPClient:
        if self._client is None or not self._client.is_connected or not self._in_transaction:
            raise HopUnavailable("no open transaction")
        return self._client
