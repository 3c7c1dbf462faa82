"""`crossing-guard gateway --processes N`: connections go to the worker with the fewest open sessions.

Senders such as Gmail and Exchange keep a few connections open and send message after message on
each, so how connections are spread is how the work is spread. Which worker holds a connection is
read from /proc: the socket's inode in the worker's descriptors and in the kernel's TCP table.
"""

from __future__ import annotations

import collections
import os
import signal
import smtplib
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.gateway.servers import GatewayProcess, NextHop, policy_file
from tests.hostile.server import descendants

DISTRICT = "maplevalley.k12.example"
NOTE = (b"From: mokafor@maplevalley.k12.example\r\nTo: family@gmail.example\r\nSubject: Field trip\r\n"
        b"Message-ID: <trip@mail.maplevalley.k12.example>\r\n\r\nForms are due Friday.\r\n")


def _sockets(pid: int) -> set[int]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def holders(gateway: GatewayProcess) -> dict[int, int]:
    """For each open session (by the sender's port), the pid of the process holding its socket."""
    assert gateway.proc is not None
    by_inode = {inode: pid for pid in [gateway.proc.pid, *descendants(gateway.proc.pid)] for inode in _sockets(pid)}
    held = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port, remote_port = int(fields[1].split(":")[1], 16), int(fields[2].split(":")[1], 16)
        if local_port == gateway.port and fields[3] == "01" and int(fields[9]) in by_inode:  # 01: ESTABLISHED
            held[remote_port] = by_inode[int(fields[9])]
    return held


def open_sessions(gateway: GatewayProcess, count: int) -> list[smtplib.SMTP]:
    sessions = []
    for _ in range(count):
        session = smtplib.SMTP("127.0.0.1", gateway.port, timeout=30)
        session.ehlo("automation.maplevalley.k12.example")  # answered: a worker holds it
        sessions.append(session)
    return sessions


def spread(gateway: GatewayProcess, sessions: list[smtplib.SMTP]) -> collections.Counter[int]:
    held = holders(gateway)
    return collections.Counter(held[s.sock.getsockname()[1]] for s in sessions)


@pytest.fixture
def hop() -> Iterator[NextHop]:
    with NextHop() as server:
        yield server


def wait_until(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_sessions_go_to_the_worker_with_the_fewest(hop: NextHop, tmp_path: Path) -> None:
    with GatewayProcess(policy_file(tmp_path), hop.port, processes=2) as gateway:
        first = open_sessions(gateway, 8)
        counts = spread(gateway, first)
        assert sorted(counts.values()) == [4, 4], counts  # not the hash's 5/3 or 6/2
        assert gateway.proc is not None and gateway.proc.pid not in counts  # the dispatcher keeps none
        emptied = counts.most_common()[0][0]
        # Three of one worker's sessions end: the next three sessions go to it, not one by one in turn.
        ending = [s for s in first if spread(gateway, [s])[emptied]][:3]
        for session in ending:
            session.quit()
        wait_until(lambda: len(holders(gateway)) == 5)
        time.sleep(0.2)  # the worker counts a session ended once its connection is gone
        second = open_sessions(gateway, 3)
        assert spread(gateway, second) == {emptied: 3}
        # Every session is served: a message on each is relayed once.
        for session in [s for s in first if s not in ending] + second:
            assert session.sendmail(f"mokafor@{DISTRICT}", ["family@gmail.example"], NOTE) == {}
            session.quit()
        assert len(hop.recorder.take()) == 8


def gone(pid: int) -> bool:
    """Dead, all its threads too (a zombie whose other threads are still ending holds its sockets)."""
    try:
        return len(os.listdir(f"/proc/{pid}/task")) <= 1 and "Z" in Path(f"/proc/{pid}/stat").read_text()[-200:]
    except OSError:
        return True


def test_a_worker_that_goes_is_started_again(hop: NextHop, tmp_path: Path) -> None:
    with GatewayProcess(policy_file(tmp_path), hop.port, processes=2) as gateway:
        first = open_sessions(gateway, 2)
        held = holders(gateway)
        (killed, _), (left, _) = spread(gateway, first).most_common()
        kept = [s for s in first if held[s.sock.getsockname()[1]] == left]
        os.kill(killed, signal.SIGKILL)
        wait_until(lambda: gone(killed))
        later = []
        for _ in range(3):
            (session,) = open_sessions(gateway, 1)
            assert session.sendmail(f"mokafor@{DISTRICT}", ["family@gmail.example"], NOTE) == {}
            later.append(session)
        serving = set(spread(gateway, later))
        assert killed not in serving and len(serving) == 2 and left in serving  # the new worker took its share
        for session in kept + later:  # the sessions of the worker left are still served
            assert session.sendmail(f"mokafor@{DISTRICT}", ["family@gmail.example"], NOTE) == {}
            session.quit()
        for session in first:
            session.close()
        assert len(hop.recorder.take()) == 3 + len(kept) + len(later)
        assert gateway.alive
    assert gateway.proc is not None and gateway.proc.returncode == 0


def test_stopping_the_gateway_stops_its_workers(hop: NextHop, tmp_path: Path) -> None:
    with GatewayProcess(policy_file(tmp_path), hop.port, processes=3) as gateway:
        assert gateway.proc is not None
        sessions = open_sessions(gateway, 3)
        children = descendants(gateway.proc.pid)
        assert len(set(spread(gateway, sessions))) == 3
    assert gateway.proc.returncode == 0
    for session in sessions:  # the gateway closed them
        with pytest.raises(smtplib.SMTPServerDisconnected):
            session.noop()
        session.close()
    wait_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in children))
