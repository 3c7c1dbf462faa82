"""Benchmark: messages per second through `crossing-guard gateway`, and what the check adds per message.

Run from the repository root:  .venv/bin/python scripts/bench_gateway.py
or import `rows()` from scripts/bench.py.

The gateway runs as its own process (1, then 2 worker processes behind one listener) and relays to a
next hop in another process: a sink that offers PIPELINING, as Google's and Microsoft's relays do,
answers each read's commands at once and keeps nothing, so the cores shared with it go to the gateway.
The same mix is then relayed to aiosmtpd writing a pipelined group's replies as one unit (RFC 2920
3.2), and to aiosmtpd's own server writing each reply apart, and the gateway's CPU printed for each. The
clients are sessions in this process that pipeline (RFC 2920): MAIL, the RCPTs and DATA as one group,
then the message, as the RFC's example and MTAs such as Postfix send them; one more run sends the mix in
step, one command at a time, as smtplib scripts and many mail-merge tools do (aiosmtplib), to show what
such senders cost. The mix is the corpus's school day (every `ok_` case as the MIME message a mail
system relays: notes, progress reports, attachments), sent over 8 concurrent connections, each session
sending message after message.

The storm row sends the AllStudents storm's own shape: an automation (a listed automation sender) writing
one small message after another to the whole-district list, which the gateway refuses (550), first by
its verdict and, once the breaker trips, by the breaker (check records on, SQLite in a temporary data
directory). The processes the 1.18-million-message storm needs are counted from that CPU per message.

"Without a check" is the same gateway relaying the same messages carrying a valid trace header (the
path a message already checked takes): the difference is what the check itself adds.

The clients and the next hop share the machine with the gateway, so the wall rate understates what a
gateway does when Gmail or Exchange is the client (the sink keeps their share small, and it is printed).
The gateway's own CPU time per message (its processes' user and system time over the timed run) is
printed too, and the processes the storm needs are counted from it: one core each.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiosmtplib  # noqa: E402

from backend.gateway import trace  # noqa: E402
from backend.gateway.smtpclient import SMTPClient  # noqa: E402
from tests.corpus import cases  # noqa: E402
from tests.gateway.mime import Outgoing, outgoing  # noqa: E402
from tests.gateway.servers import SECRET, Recorder, free_port, policy_file, wait_for_port  # noqa: E402
from tests.hostile.server import descendants  # noqa: E402

CONNECTIONS = 8
STORM_RATE = 330  # 1.18 million messages in an hour, about 330 a second


@dataclass(frozen=True)
class GatewayRow:
    what: str
    measured: str
    target: str
    ok: bool


class _Sink(asyncio.Protocol):
    """A next hop that answers as fast as a protocol can: each complete command line in hand is
    answered 250 (EHLO with PIPELINING, SIZE, 8BITMIME and SMTPUTF8; DATA with 354, then the message
    is skipped up to its end line), all replies to what one read brought written at once. It checks
    nothing and keeps nothing: with the gateway, the senders and the next hop on the same two cores,
    it leaves the cores to the gateway, so the wall rate is the gateway's."""

    EHLO = b"250-sink\r\n250-PIPELINING\r\n250-SIZE 209715200\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport, self.buffer, self.in_data, self.scanned = transport, bytearray(), False, 0
        transport.write(b"220 sink ESMTP\r\n")

    def data_received(self, data: bytes) -> None:
        buffer, out = self.buffer, bytearray()
        buffer += data
        while buffer:
            if self.in_data:  # the end line, searched from where the last search stopped
                end = buffer.find(b"\r\n.\r\n", self.scanned)
                if end < 0:
                    self.scanned = max(len(buffer) - 4, 0)
                    break
                del buffer[:end + 5]
                self.in_data, self.scanned = False, 0
                out += b"250 2.0.0 Ok\r\n"
                continue
            end = buffer.find(b"\n")
            if end < 0:
                break
            verb = bytes(buffer[:4]).upper()
            del buffer[:end + 1]
            if verb == b"EHLO":
                out += self.EHLO
            elif verb == b"DATA":
                out += b"354 End data with <CR><LF>.<CR><LF>\r\n"
                self.in_data = True
                buffer[:0] = b"\r\n"  # the CRLF ending DATA begins the data's first line
            elif verb == b"QUIT":
                out += b"221 Bye\r\n"
                self.transport.write(bytes(out))
                self.transport.close()
                return
            else:
                out += b"250 Ok\r\n"
        if out:
            self.transport.write(bytes(out))


def _sink_main(port: int) -> None:
    async def run() -> None:
        server = await asyncio.get_running_loop().create_server(_Sink, "127.0.0.1", port)
        async with server:
            await asyncio.Event().wait()

    asyncio.run(run())


def _hop_main(port: int, grouped: bool = True) -> None:
    """A next hop that accepts and forgets every message (its own process, so it costs the clients
    nothing). `grouped`: it writes a pipelined group's replies as one unit, as RFC 2920 3.2 asks and
    Postfix's smtpd does (its replies go into a buffered stream, flushed when it waits for input);
    otherwise aiosmtpd's own server, which writes each reply as it goes."""
    from aiosmtpd.smtp import SMTP

    from backend.gateway.smtpserver import PipeliningSMTP

    class Discard(Recorder):  # the test suite's next hop (PIPELINING offered), keeping nothing
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
            return "250 2.0.0 Ok"

    server_class = PipeliningSMTP if grouped else SMTP

    async def run() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(lambda: server_class(Discard(), data_size_limit=200 * 2**20),
                                          "127.0.0.1", port)
        async with server:
            await asyncio.Event().wait()

    asyncio.run(run())


def school_day() -> list[Outgoing]:
    return [outgoing(cases.build(c).request, f"<{c}@mail.maplevalley.k12.example>")
            for c in cases.ids() if c.startswith("ok_")]


def signed(message: Outgoing) -> Outgoing:
    header = trace.header_line(SECRET.encode(), "allow", message.data, message.mail_from, list(message.rcpt_tos))
    return Outgoing(message.mail_from, message.rcpt_tos, header + message.data)


async def _session(port: int, messages: list[Outgoing], latencies: list[float]) -> None:
    """A sender that pipelines once the gateway offers PIPELINING: MAIL, the RCPTs and DATA as one
    group, then the message (RFC 2920's own example; Postfix's client sends them so)."""
    client = SMTPClient("127.0.0.1", port, timeout=120)
    await client.connect()
    assert client.supports("pipelining")
    for m in messages:
        started = time.perf_counter()
        first, answers, last = await client.transaction(m.mail_from, list(m.rcpt_tos), m.data)
        assert first.code == 250 and all(r.code == 250 for r in answers) and last.code == 250, last
        latencies.append(time.perf_counter() - started)
    await client.quit()


async def _in_step_session(port: int, messages: list[Outgoing], latencies: list[float]) -> None:
    """A sender that waits for each reply (aiosmtplib: it does not pipeline), as smtplib scripts do."""
    client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=120, start_tls=False)
    await client.connect()
    for m in messages:
        started = time.perf_counter()
        _, response = await client.sendmail(m.mail_from, list(m.rcpt_tos), m.data)
        latencies.append(time.perf_counter() - started)
        assert response.startswith("2") or "Ok" in response, response
    await client.quit()


async def _drive(port: int, messages: list[Outgoing], connections: int,
                 pipelined: bool = True) -> tuple[float, list[float]]:
    latencies: list[float] = []
    shares = [messages[i::connections] for i in range(connections)]
    session = _session if pipelined else _in_step_session
    started = time.perf_counter()
    await asyncio.gather(*(session(port, share, latencies) for share in shares))
    return len(messages) / (time.perf_counter() - started), latencies


STORM_SENDER = "sis-notify@maplevalley.k12.example"


def storm(count: int) -> list[Outgoing]:
    """The automation error of incident 5: the same notice, again and again, to the whole district."""
    request = {"sender": {"email": STORM_SENDER, "name": "SIS notifications"},
               "to": [{"email": "AllStudents@maplevalley.k12.example", "kind": "list"}],
               "subject": "Schedule change", "body": {"text": "Tomorrow's early release begins at 12:30."}}
    return [outgoing(request, f"<storm-{i}@sis.maplevalley.k12.example>") for i in range(count)]


async def _refused_session(port: int, messages: list[Outgoing], refused: list[int]) -> None:
    client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=120, start_tls=False)
    await client.connect()
    for m in messages:
        try:
            await client.sendmail(m.mail_from, list(m.rcpt_tos), m.data)
        except aiosmtplib.SMTPResponseException as exc:
            refused.append(exc.code)
            await client.rset()
    await client.quit()


async def _drive_storm(port: int, messages: list[Outgoing], connections: int) -> tuple[float, int]:
    refused: list[int] = []
    started = time.perf_counter()
    await asyncio.gather(*(_refused_session(port, messages[i::connections], refused) for i in range(connections)))
    return len(messages) / (time.perf_counter() - started), sum(1 for code in refused if code == 550)


def measure_storm(hop_port: int, directory: Path, count: int) -> dict[str, float]:
    policy = policy_file(directory, gateway=f'automation_senders = ["{STORM_SENDER}"]\n')
    port = free_port()
    env = {**os.environ, "CROSSING_GUARD_GATEWAY_SECRET": SECRET, "CROSSING_GUARD_LOG_LEVEL": "WARNING",
           "CROSSING_GUARD_DATA_DIR": str(directory / "data"), "CROSSING_GUARD_RECORDS": "on"}
    proc = subprocess.Popen([sys.executable, "-m", "backend.cli", "gateway", "--policy", str(policy),
                             "--listen", f"127.0.0.1:{port}", "--next-hop", f"127.0.0.1:{hop_port}"],
                            env=env, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc)
        asyncio.run(_drive_storm(port, storm(50), CONNECTIONS))  # warm up; the breaker trips here
        cpu = cpu_seconds(proc.pid)
        rate, refused = asyncio.run(_drive_storm(port, storm(count), CONNECTIONS))
        per_message = (cpu_seconds(proc.pid) - cpu) / count
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"rate": rate, "refused": refused, "count": count, "cpu": per_message}


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and its descendants (the gateway's worker processes)."""
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def measure(processes: int, hop: tuple[int, int], policy: Path, mix: list[Outgoing], rounds: int,
            full: bool = True) -> dict[str, float]:
    """`hop` is the next hop's (port, pid): its CPU is counted too, as is this process's (the clients').
    Check records are kept, as a gateway keeps them by default (SQLite, a data directory of its own).
    Without `full`, only the mix checked and relayed alone (not in step, not one connection)."""
    hop_port, hop_pid = hop
    port = free_port()
    env = {**os.environ, "CROSSING_GUARD_GATEWAY_SECRET": SECRET, "CROSSING_GUARD_LOG_LEVEL": "WARNING",
           "CROSSING_GUARD_DATA_DIR": str(policy.parent / f"data-{processes}-{hop_port}"),
           "CROSSING_GUARD_RECORDS": "on"}
    proc = subprocess.Popen([sys.executable, "-m", "backend.cli", "gateway", "--policy", str(policy),
                             "--listen", f"127.0.0.1:{port}", "--next-hop", f"127.0.0.1:{hop_port}",
                             "--processes", str(processes)], env=env, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc)
        asyncio.run(_drive(port, mix, CONNECTIONS))  # warm up every process's readers
        cpu, hop_cpu, client_cpu = cpu_seconds(proc.pid), cpu_seconds(hop_pid), time.process_time()
        rate, _ = asyncio.run(_drive(port, mix * rounds, CONNECTIONS))
        cpu_checked = (cpu_seconds(proc.pid) - cpu) / (len(mix) * rounds)
        cpu_hop = (cpu_seconds(hop_pid) - hop_cpu) / (len(mix) * rounds)
        cpu_client = (time.process_time() - client_cpu) / (len(mix) * rounds)
        cpu = cpu_seconds(proc.pid)
        bare, _ = asyncio.run(_drive(port, [signed(m) for m in mix] * rounds, CONNECTIONS))
        cpu_bare = (cpu_seconds(proc.pid) - cpu) / (len(mix) * rounds)
        if not full:
            return {"rate": rate, "bare": bare, "cpu_checked": cpu_checked, "cpu_bare": cpu_bare, "cpu_hop": cpu_hop}
        cpu = cpu_seconds(proc.pid)
        in_step, _ = asyncio.run(_drive(port, mix * rounds, CONNECTIONS, pipelined=False))
        cpu_in_step = (cpu_seconds(proc.pid) - cpu) / (len(mix) * rounds)
        _, checked = asyncio.run(_drive(port, mix, 1))
        _, unchecked = asyncio.run(_drive(port, [signed(m) for m in mix], 1))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"rate": rate, "bare": bare, "checked": statistics.median(checked),
            "unchecked": statistics.median(unchecked), "cpu_checked": cpu_checked, "cpu_bare": cpu_bare,
            "cpu_hop": cpu_hop, "cpu_client": cpu_client, "in_step": in_step, "cpu_in_step": cpu_in_step}


def rows(rounds: int = 5) -> list[GatewayRow]:
    mix = school_day()
    spawn = multiprocessing.get_context("spawn")
    hops = {"sink": (_sink_main, ()), "aiosmtpd, grouped": (_hop_main, (True,)), "aiosmtpd": (_hop_main, (False,))}
    ports = {name: free_port() for name in hops}
    started = {name: spawn.Process(target=target, args=(ports[name], *args), daemon=True)
               for name, (target, args) in hops.items()}
    for process in started.values():
        process.start()

    def hop(name: str) -> tuple[int, int]:
        return ports[name], started[name].pid or 0

    try:
        with tempfile.TemporaryDirectory() as tmp:
            policy = policy_file(Path(tmp))
            one = measure(1, hop("sink"), policy, mix, rounds)
            print(f"  1 process: {one}", flush=True)
            two = measure(2, hop("sink"), policy, mix, rounds)
            print(f"  2 processes: {two}", flush=True)
            flood = measure_storm(ports["sink"], Path(tmp), 400 * rounds)
            print(f"  storm: {flood}", flush=True)
            grouped = measure(1, hop("aiosmtpd, grouped"), policy, mix, rounds, full=False)
            print(f"  1 process, aiosmtpd as the next hop, replies grouped: {grouped}", flush=True)
            apart = measure(1, hop("aiosmtpd"), policy, mix, rounds, full=False)
            print(f"  1 process, aiosmtpd as the next hop: {apart}", flush=True)
    finally:
        for process in started.values():
            process.terminate()
    per_core = 1 / one["cpu_checked"] if one["cpu_checked"] > 0 else math.inf
    two_cores = 2 / two["cpu_checked"] if two["cpu_checked"] > 0 else math.inf
    harness = (two["cpu_hop"] + two["cpu_client"]) * 1000
    storm_core = 1 / flood["cpu"] if flood["cpu"] > 0 else math.inf
    needed = math.ceil(STORM_RATE / storm_core)
    size = statistics.median(len(m.data) for m in mix) / 1000
    recipients = statistics.mean(len(m.rcpt_tos) for m in mix)
    return [
        GatewayRow(f"(g) gateway, school-day mix ({len(mix)} kinds, median {size:.0f} kB, {recipients:.0f} recipients "
                   f"on average), {CONNECTIONS} connections, 1 process (relay alone: {one['bare']:.0f} msg/s)",
                   f"{one['rate']:.0f} msg/s", "report", True),
        GatewayRow(f"(g) the same, 2 processes on one port, on the wall, the senders and next hop on the same 2 cores "
                   f"(they took {harness:.1f} ms a message; relay alone: {two['bare']:.0f} msg/s)",
                   f"{two['rate']:.0f} msg/s", ">= 100/s", two["rate"] >= 100),
        GatewayRow(f"(g) latency the check adds per message, one connection (median {one['checked'] * 1000:.1f} ms "
                   f"checked vs {one['unchecked'] * 1000:.1f} ms relayed unchecked)",
                   f"{(one['checked'] - one['unchecked']) * 1000:.1f} ms", "report", True),
        GatewayRow(f"(g) gateway CPU per message: {one['cpu_checked'] * 1000:.1f} ms checked, "
                   f"{one['cpu_bare'] * 1000:.1f} ms relayed alone (about {one['cpu_bare'] / recipients * 1e6:.0f} us "
                   "a recipient); what one core sustains with the clients elsewhere",
                   f"{per_core:.0f} msg/s", "report", True),
        GatewayRow(f"(g) what 2 cores sustain from the gateway's own CPU (2 processes: "
                   f"{two['cpu_checked'] * 1000:.1f} ms a message)",
                   f"{two_cores:.0f} msg/s", ">= 100/s", two_cores >= 100),
        GatewayRow(f"(g) the same, aiosmtpd as the next hop, writing a group's replies as one "
                   f"(RFC 2920 3.2; it took {grouped['cpu_hop'] * 1000:.1f} ms a message itself): "
                   f"{grouped['cpu_checked'] * 1000:.1f} ms checked, {grouped['cpu_bare'] * 1000:.1f} ms relayed "
                   "alone, of gateway CPU; what one core sustains",
                   f"{1 / grouped['cpu_checked']:.0f} msg/s", "report", True),
        GatewayRow(f"(g) the same, aiosmtpd's own server as the next hop, writing each reply apart: "
                   f"{apart['cpu_checked'] * 1000:.1f} ms checked, {apart['cpu_bare'] * 1000:.1f} ms relayed alone",
                   f"{1 / apart['cpu_checked']:.0f} msg/s", "report", True),
        GatewayRow(f"(g) the same mix from senders that do not pipeline (one command at a time, as smtplib "
                   f"scripts send), 1 process: {one['cpu_in_step'] * 1000:.1f} ms of gateway CPU a message",
                   f"{one['in_step']:.0f} msg/s", "report", True),
        GatewayRow(f"(g) the storm's shape (an automation to AllStudents, one recipient), {CONNECTIONS} connections, "
                   f"1 process: {flood['refused']:.0f} of {flood['count']:.0f} refused with 550; "
                   f"{flood['cpu'] * 1000:.1f} ms of gateway CPU a message, {storm_core:.0f} a second per core",
                   f"{flood['rate']:.0f} msg/s", "report", flood["refused"] == flood["count"]),
        GatewayRow(f"(g) processes for the {STORM_RATE}/s storm at {storm_core:.0f} msg/s per core "
                   f"(this machine has {os.cpu_count()})",
                   f"{needed}", "a few", needed <= 6),
    ]


def main() -> int:
    measured = rows()
    width = max(len(r.what) for r in measured)
    print(f"{'What':<{width}}  {'Measured':>12}  {'Target':<9}  Result")
    for r in measured:
        print(f"{r.what:<{width}}  {r.measured:>12}  {r.target:<9}  {'ok' if r.ok else 'MISSED'}")
    return 0 if all(r.ok for r in measured) else 1


if __name__ == "__main__":
    raise SystemExit(main())
