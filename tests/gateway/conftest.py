"""One gateway process and one recording next hop for the module, started as IT would run them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.corpus.message import MAIL_MERGE, NOTIFIER
from tests.gateway.servers import GatewayProcess, NextHop, policy_file

AUTOMATIONS = f'automation_senders = ["{MAIL_MERGE.email}", "{NOTIFIER.email}"]\n'


@pytest.fixture(scope="module")
def hop() -> Iterator[NextHop]:
    with NextHop() as server:
        yield server


@pytest.fixture(scope="module")
def gateway(hop: NextHop, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GatewayProcess]:
    policy = policy_file(tmp_path_factory.mktemp("gateway"), AUTOMATIONS)
    with GatewayProcess(policy, hop.port) as process:
        yield process


@pytest.fixture(autouse=True)
def _empty_hop(request: pytest.FixtureRequest) -> None:
    if "hop" in request.fixturenames:
        request.getfixturevalue("hop").recorder.take()


def sent(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
