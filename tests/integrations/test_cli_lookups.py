"""`crossing-guard check` looks links up like the service does: a mail merge that carries the bus
roster as a link is blocked before it goes out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backend.cli import main
from tests.integrations.conftest import ROSTER_URL, TLSFiles
from tests.integrations.fakecloud import CLIENT_ID, CLIENT_SECRET, TENANT, Cloud, DriveFile


def test_check_looks_up_a_linked_roster(cloud: Cloud, tls: TLSFiles, bus_roster: bytes, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    cloud.graph_files[ROSTER_URL] = DriveFile("Bus Roster 2024-25.xlsx", bus_roster, link_scopes=("anonymous",))
    demo = (Path(__file__).resolve().parents[2] / "backend" / "policy" / "demo.toml").read_text("utf-8")
    policy = tmp_path / "district.toml"
    policy.write_text(demo + f'\n[lookups]\ngraph_base = "{cloud.base}/v1.0"\nentra_authority = "{cloud.base}"\n'
                      f'download_hosts = ["localhost:{cloud.port}"]\n', "utf-8")
    for name, value in {"CROSSING_GUARD_GRAPH_TENANT_ID": TENANT, "CROSSING_GUARD_GRAPH_CLIENT_ID": CLIENT_ID,
                        "CROSSING_GUARD_GRAPH_CLIENT_SECRET": CLIENT_SECRET,
                        "CROSSING_GUARD_LOOKUP_CA_FILE": tls.ca_file}.items():
        monkeypatch.setenv(name, value)
    families = [f"family{i}@gmail.com" for i in range(40)]
    code = main(["check", "--body", f"Your child's bus stop is here: {ROSTER_URL}", "--policy", str(policy),
                 "--json", "--bcc", *families])
    answer = json.loads(capsys.readouterr().out)
    assert code == 2 and answer["verdict"] == "block"
    assert answer["exposure"]["people"] == 3000
    assert answer["findings"][0]["code"] == "roster_linked"
    assert "anyone with the link" in answer["message"]
    assert CLIENT_SECRET not in json.dumps(answer)
