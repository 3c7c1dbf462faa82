"""`crossing-guard serve` as its own process on loopback, for tests that need the real thing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (the reader processes)."""
    return sum(rss_mb(p) for p in [pid, *descendants(pid)])


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            found.append(int(entry.name))
            found.extend(descendants(int(entry.name)))
    return found


def _healthy(base: str, proc: subprocess.Popen[bytes]) -> bool:
    for _ in range(300):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return True
        except httpx.HTTPError:
            if proc.poll() is not None:
                return False
            time.sleep(0.1)
    return False


@contextmanager
def serve(tmp: Path, policy: str = "", env: dict[str, str] | None = None,
          args: tuple[str, ...] = ()) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Start the service (with `policy` as its district file when given) and wait until it is healthy."""
    cli = Path(sys.executable).parent / "crossing-guard"
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSING_GUARD_")}
    for _ in range(3):  # a free port can be taken before the server binds it: then it exits, and starts on another
        port = free_port()
        command = [str(cli), "serve", "--port", str(port), *args]
        if policy:
            path = tmp / f"policy-{port}.toml"
            path.write_text(policy)
            command += ["--policy", str(path)]
        full_env["CROSSING_GUARD_DATA_DIR"] = str(tmp / f"data-{port}")  # never the checkout's own ./data
        proc = subprocess.Popen(command, env={**full_env, **(env or {})},
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        if _healthy(base, proc):
            break
        if proc.stderr is not None:
            proc.stderr.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait(15)
            raise RuntimeError("the server did not start")
    else:
        raise RuntimeError("the server exited")
    try:
        yield base, proc
    finally:
        proc.terminate()
        proc.wait(15)
        if proc.stderr is not None:
            proc.stderr.close()
