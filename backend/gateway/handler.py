"""The gateway's SMTP conversation: who may relay, each recipient passed on, each message decided.

    MAIL  the client must be in `accept_from` or authenticated (an automation's API key, over TLS);
          the next hop's session is opened and MAIL passed on
    RCPT  passed on as they come: the next hop's refusal of a recipient is that recipient's answer.
          RCPTs the sender pipelined (RFC 2920, offered in EHLO) go on as one group, and their
          answers go back as one: each still the next hop's reply to that recipient, in order
    DATA  a valid trace header: relayed as it is. Otherwise parsed once and checked by the engine:
          block -> 550 5.7.1 with the plain message (the platform bounces it to the sender);
          warn  -> deliver and notify the sender, or 550, as `gateway.on_warn` says;
          allow -> relayed with a signed trace header prepended, nothing else changed;
          the check failing or too slow -> 451 4.7.0 (the sender retries) or deliver, per `on_error`.
          The sender's DATA is answered with the next hop's own answer.

Nothing here logs content or addresses: one line per message with the check id and the outcome.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.policy
import ipaddress
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any, Literal

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from backend import messages
from backend.auth import Authenticator
from backend.engine import Engine
from backend.gateway import trace
from backend.gateway.addresses import grouped_rcpts, plain
from backend.gateway.inbound import inbound_message
from backend.gateway.nexthop import HopConfig, HopRefused, HopUnavailable, NextHop
from backend.gateway.replies import passed_on, reply
from backend.gateway.smtpclient import Reply
from backend.gateway.smtpserver import PipeliningSMTP
from backend.models import Caller, Verdict
from backend.policy import Policy
from backend.policy.netaddr import networks

log = logging.getLogger("crossing_guard.gateway")

Outcome = Literal["relayed", "relayed_unchecked", "relayed_trusted", "refused", "tempfailed", "hop_failed"]
OutcomeSink = Callable[[str, Outcome, str], None]
"""(check id or "", outcome, verdict or "") for each message: the one place outcomes are recorded."""


def log_outcome(check_id: str, outcome: Outcome, verdict: str) -> None:
    line = {"event": "gateway", "check_id": check_id, "outcome": outcome, "verdict": verdict}
    log.info(json.dumps(line, separators=(",", ":")))


@dataclass
class GatewayConfig:
    policy: Policy
    engine: Engine
    hop: HopConfig
    secret: bytes
    keys: Authenticator
    record: OutcomeSink = log_outcome


class GatewaySMTP(PipeliningSMTP):
    """aiosmtpd's server (with RFC 2920 grouped replies, `smtpserver`) with one next-hop session per
    client session, closed with it; a group of RCPTs is passed on and answered as one."""

    def __init__(self, handler: Gateway, sessions: Sessions, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self.hop = NextHop(handler.config.hop)
        self._following: list[str] = []
        self.sessions = sessions
        self._counted = False

    def _more_replies(self, encoding: str) -> list[bytes]:
        """The answers to the rest of a RCPT group, after the first one's."""
        following, self._following = self._following, []
        return [answer.encode(encoding, "replace") + b"\r\n" for answer in following]

    def rcpts_in_hand(self, limit: int) -> tuple[list[str], int]:
        """The plain addresses of the RCPT commands already read behind this one, up to `limit`, and
        the bytes they take."""
        buffer = self._in_hand()
        if buffer is None:
            return [], 0
        return grouped_rcpts(buffer, limit, self.command_size_limits["RCPT"], self.local_part_limit)

    async def answer_group(self, length: int, answers: list[str]) -> None:
        """Take the group's `length` bytes of commands off the input (they are in hand: no wait), and
        answer them, in order, right after the reply to the RCPT that led the group."""
        await self._reader.readexactly(length)
        self._following = answers

    def _getaddr(self, arg: str) -> tuple[str | None, str | None]:
        """A plain `<local@domain>` without the general parser; every other form as aiosmtpd reads it."""
        found = plain(arg)
        if found is None or (self.local_part_limit and len(found[0].rpartition("@")[0]) > self.local_part_limit):
            return super()._getaddr(arg)
        return found

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        first = self.transport is None
        if first and not self.sessions.enter():
            if isinstance(transport, asyncio.WriteTransport):
                transport.write(f"{reply(421, '4.3.2', messages.GATEWAY_BUSY)}\r\n".encode())
            transport.close()
            return
        self._counted = self._counted or first
        super().connection_made(transport)

    def connection_lost(self, error: Exception | None) -> None:
        if self._counted:
            self._counted = False
            self.sessions.leave()
            self.hop.close_now()  # at once: no task left behind to outlive the event loop
        if self.session is not None:
            super().connection_lost(error)


class Sessions:
    def __init__(self, limit: int) -> None:
        self.limit, self.open = limit, 0

    def enter(self) -> bool:
        if self.open >= self.limit:
            return False
        self.open += 1
        return True

    def leave(self) -> None:
        self.open -= 1


class Gateway:
    """The aiosmtpd handler (its `handle_*` hooks) and SMTP AUTH's authenticator."""

    def __init__(self, config: GatewayConfig) -> None:
        self.config = config
        gateway = config.policy.gateway
        self.accept_from = networks(gateway.accept_from, "gateway.accept_from")
        self._notices: set[asyncio.Task[None]] = set()

    # ---- who may relay ----

    def authenticate(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                     auth_data: Any) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            caller = self.config.keys.api_key(auth_data.password.decode("utf-8", "replace"))
            if caller is not None:
                return AuthResult(success=True, auth_data=caller)
        return AuthResult(success=False, handled=False)

    def _allowed(self, session: Session) -> bool:
        if session.authenticated:
            return True
        peer = session.peer[0] if isinstance(session.peer, tuple) else ""
        try:
            address = ipaddress.ip_address(peer.split("%")[0])
        except ValueError:
            return False
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return any(address in network for network in self.accept_from)

    def _caller(self, session: Session) -> Caller:
        if session.authenticated and isinstance(session.auth_data, Caller):
            return session.auth_data
        return Caller(kind="smtp")

    # ---- the envelope, passed on as it comes ----

    async def handle_EHLO(self, server: GatewaySMTP, session: Session, envelope: Envelope, hostname: str,
                          responses: list[str]) -> list[str]:
        session.host_name = hostname  # aiosmtpd leaves this to the hook
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_MAIL(self, server: GatewaySMTP, session: Session, envelope: Envelope, address: str,
                          mail_options: list[str]) -> str:
        if not self._allowed(session):
            return reply(550, "5.7.1", messages.GATEWAY_RELAY_DENIED)
        try:
            await server.hop.begin(address, "BODY=8BITMIME" in mail_options, envelope.smtp_utf8)
        except HopUnavailable:
            return reply(451, "4.4.1", messages.GATEWAY_HOP_DOWN)
        except HopRefused as exc:
            return passed_on(exc.code, exc.message, "4.0.0" if exc.code < 500 else "5.0.0")
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server: GatewaySMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        limit = self.config.policy.gateway.max_recipients
        if len(envelope.rcpt_tos) >= limit:
            return reply(452, "4.5.3", messages.GATEWAY_TOO_MANY_RECIPIENTS)
        # The RCPTs pipelined behind this one (within the limit even if each is accepted) are answered
        # here with it: the same session state admits them, and their lines are plain RCPTs with no
        # parameters, read exactly as aiosmtpd would read them (`grouped_rcpts`).
        more, length = ([], 0) if rcpt_options else server.rcpts_in_hand(limit - len(envelope.rcpt_tos) - 1)
        try:
            replies: list[Reply | None] = list(await server.hop.rcpts([address, *more], envelope.smtp_utf8))
        except HopUnavailable:
            replies = [None] * (1 + len(more))
        answers = [self._rcpt_answer(r) for r in replies]
        for accepted_address, (accepted, _) in zip([address, *more], answers, strict=True):
            if accepted:
                envelope.rcpt_tos.append(accepted_address)
        if answers[0][0]:
            envelope.rcpt_options.extend(rcpt_options)
        if more:
            await server.answer_group(length, [answer for _, answer in answers[1:]])
        return answers[0][1]

    @staticmethod
    def _rcpt_answer(hop: Reply | None) -> tuple[bool, str]:
        """(accepted, the sender's answer) from the next hop's reply to a RCPT (None: it was unavailable)."""
        if hop is None:
            return False, reply(451, "4.4.1", messages.GATEWAY_HOP_DOWN)
        if hop.code in (250, 251):
            return True, "250 2.1.5 OK"
        return False, passed_on(hop.code, hop.message, "4.1.0" if hop.code < 500 else "5.1.0")

    async def handle_RSET(self, server: GatewaySMTP, session: Session, envelope: Envelope) -> str:
        await server.hop.abort()
        return "250 2.0.0 OK"

    async def handle_exception(self, error: Exception) -> str:
        log.warning("gateway session error: %s", type(error).__name__)
        return reply(451, "4.3.0", messages.GATEWAY_TEMPFAIL)

    # ---- the message ----

    async def handle_DATA(self, server: GatewaySMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        mail_from, rcpts = envelope.mail_from or "", list(envelope.rcpt_tos)
        if trace.verified(self.config.secret, raw, mail_from, rcpts) is not None:
            return await self._relay(server, raw, "", "relayed_trusted", "")
        gateway = self.config.policy.gateway
        try:
            verdict = await asyncio.wait_for(self._check(session, raw, mail_from, rcpts), gateway.check_seconds)
        except Exception as exc:  # a failure in reading one message costs that message a retry, no more
            log.warning("gateway check failed: %s", type(exc).__name__)
            if gateway.on_error == "deliver":
                return await self._relay(server, raw, "", "relayed_unchecked", "")
            await server.hop.abort()
            self.config.record("", "tempfailed", "")
            return reply(451, "4.7.0", messages.GATEWAY_TEMPFAIL)
        if verdict.verdict == "block" or (verdict.verdict == "warn" and gateway.on_warn == "reject"):
            await server.hop.abort()
            self.config.record(verdict.check_id, "refused", verdict.verdict)
            lead = messages.GATEWAY_REFUSED if verdict.verdict == "block" else messages.GATEWAY_WARN_REJECT
            return reply(550, "5.7.1", messages.gateway_refusal(lead, verdict.message))
        header = trace.header_line(self.config.secret, verdict.verdict, raw, mail_from, rcpts)
        answer = await self._relay(server, header + raw, verdict.check_id, "relayed", verdict.verdict)
        if verdict.verdict == "warn" and answer.startswith("2"):
            self._notify(verdict, len(rcpts), self._notice_to(raw, mail_from))
        return answer

    async def _check(self, session: Session, raw: bytes, mail_from: str, rcpts: list[str]) -> Verdict:
        senders = self.config.policy.gateway.automation_senders
        caller = self._caller(session)
        message = await asyncio.get_running_loop().run_in_executor(
            None, lambda: inbound_message(raw, mail_from, rcpts, caller=caller, automation_senders=senders))
        return await self.config.engine.check(message)

    async def _relay(self, server: GatewaySMTP, data: bytes, check_id: str, outcome: Outcome, verdict: str) -> str:
        try:
            response = await server.hop.data(data)
        except HopUnavailable:
            self.config.record(check_id, "hop_failed", verdict)
            return reply(451, "4.4.2", messages.GATEWAY_HOP_DOWN)
        except HopRefused as exc:
            self.config.record(check_id, "hop_failed", verdict)
            return passed_on(exc.code, exc.message, "4.0.0" if exc.code < 500 else "5.0.0")
        self.config.record(check_id, outcome, verdict)
        return passed_on(response.code, response.message, "2.0.0")

    # ---- the warn notice ----

    def _notice_to(self, raw: bytes, mail_from: str) -> str:
        from backend.eml import parse, sender_of

        return sender_of(parse(raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n")).email or mail_from

    def _notify(self, verdict: Verdict, recipients: int, to: str) -> None:
        if not to:
            return
        task = asyncio.get_running_loop().create_task(self._send_notice(verdict, recipients, to))
        self._notices.add(task)
        task.add_done_callback(self._notices.discard)

    async def _send_notice(self, verdict: Verdict, recipients: int, to: str) -> None:
        policy = self.config.policy
        sender = policy.gateway.notice_from or f"postmaster@{policy.district.domains[0]}"
        now = dt.datetime.now(dt.UTC)
        notice = EmailMessage()
        notice["From"] = f"Crossing Guard <{sender}>"
        notice["To"] = to
        notice["Subject"] = messages.GATEWAY_NOTICE_SUBJECT
        notice["Date"] = format_datetime(now)
        notice["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
        notice["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to this
        e = verdict.exposure
        notice.set_content(messages.gateway_notice(now.strftime("%H:%M UTC"), recipients, e.people, e.data))
        data = notice.as_bytes(policy=email.policy.SMTP)
        header = trace.header_line(self.config.secret, "allow", data, sender, [to])
        hop = NextHop(self.config.hop)
        try:
            await hop.send(sender, [to], header + data)
        except (HopUnavailable, HopRefused) as exc:
            log.warning("gateway notice not sent: %s", type(exc).__name__)
        finally:
            await hop.close()
