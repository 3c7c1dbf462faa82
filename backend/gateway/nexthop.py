"""One SMTP session with the next hop, driven in step with the sender's session.

The gateway proxies in-line and queues nothing: MAIL and each RCPT are passed on as the sender
gives them, so the next hop's refusal of one recipient reaches the sender at that recipient
(SMTP has one reply per RCPT but only one for the whole DATA). The message itself goes on only
after the check, and the sender's DATA is answered with the next hop's own answer: nothing is
acknowledged that the next hop has not accepted, so nothing can be lost in between.

Every failure to reach or talk to the next hop is a `HopUnavailable` (the sender gets a 4xx and
retries); a reply the next hop gave is an `aiosmtplib.SMTPResponseException` with its code.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass

import aiosmtplib

from backend.gateway.addresses import is_plain


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
        self._client: aiosmtplib.SMTP | None = None
        self._in_transaction = False

    async def _connected(self) -> aiosmtplib.SMTP:
        client = self._client
        if client is not None and client.is_connected:
            return client
        c = self.config
        client = aiosmtplib.SMTP(
            hostname=c.host, port=c.port, timeout=c.timeout, local_hostname=c.local_hostname,
            start_tls=True if c.require_tls else None,  # None: STARTTLS when offered
            tls_context=c.tls_context,
        )
        try:
            await client.connect()
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise HopUnavailable(type(exc).__name__) from None
        self._client, self._in_transaction = client, False
        return client

    async def begin(self, mail_from: str, body_8bit: bool, smtputf8: bool) -> None:
        """MAIL FROM on a fresh transaction (a leftover one is reset first)."""
        client = await self._connected()
        try:
            if self._in_transaction:
                await client.rset()
            options = []
            if body_8bit and client.supports_extension("8bitmime"):
                options.append("BODY=8BITMIME")
            if smtputf8 and client.supports_extension("smtputf8"):
                options.append("SMTPUTF8")
            self._in_transaction = True
            await client.mail(mail_from, options=options, encoding="utf-8" if smtputf8 else "ascii")
        except aiosmtplib.SMTPResponseException:
            raise
        except (aiosmtplib.SMTPException, OSError) as exc:
            await self.close()
            raise HopUnavailable(type(exc).__name__) from None

    async def rcpt(self, address: str, smtputf8: bool) -> None:
        client = await self._live()
        try:
            if is_plain(address):  # aiosmtpd has read it; aiosmtplib would only parse it again
                response = await client.execute_command(b"RCPT", b"TO:<" + address.encode("ascii") + b">")
                if response.code not in (250, 251):
                    raise aiosmtplib.SMTPRecipientRefused(response.code, response.message, address)
                return
            await client.rcpt(address, encoding="utf-8" if smtputf8 else "ascii")
        except aiosmtplib.SMTPResponseException:
            raise
        except (aiosmtplib.SMTPException, OSError) as exc:
            await self.close()
            raise HopUnavailable(type(exc).__name__) from None

    async def data(self, message: bytes) -> aiosmtplib.SMTPResponse:
        client = await self._live()
        try:
            return await client.data(message)
        except aiosmtplib.SMTPResponseException:
            raise
        except (aiosmtplib.SMTPException, OSError) as exc:
            await self.close()
            raise HopUnavailable(type(exc).__name__) from None
        finally:
            self._in_transaction = False

    async def send(self, mail_from: str, rcpts: list[str], message: bytes) -> None:
        """A whole transaction of the gateway's own (a warn notice)."""
        await self.begin(mail_from, body_8bit=False, smtputf8=False)
        for address in rcpts:
            await self.rcpt(address, smtputf8=False)
        await self.data(message)

    async def abort(self) -> None:
        """Drop the open transaction (the message was refused or the sender reset)."""
        if not self._in_transaction or self._client is None:
            return
        self._in_transaction = False
        try:
            await self._client.rset()
        except (aiosmtplib.SMTPException, OSError):
            await self.close()

    async def close(self) -> None:
        client, self._client, self._in_transaction = self._client, None, False
        if client is None:
            return
        try:
            if client.is_connected:
                await client.quit()
        except (aiosmtplib.SMTPException, OSError):
            client.close()

    async def _live(self) -> aiosmtplib.SMTP:
        if self._client is None or not self._client.is_connected or not self._in_transaction:
            raise HopUnavailable("no open transaction")
        return self._client
