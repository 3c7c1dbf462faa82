"""deployment.json: the endpoints under the base URL, the compose trigger with METADATA, three scopes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backend.manifests.gmail import SCOPES, gmail_deployment, write_gmail_deployment
from backend.policy import parse_policy

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://guard.district.example"
POLICY = '[district]\nname = "Maple Valley"\ndomains = ["maplevalley.k12.example"]\n'


def test_endpoints_scopes_and_trigger() -> None:
    deployment = gmail_deployment(BASE + "/")
    assert deployment["oauthScopes"] == [
        "https://www.googleapis.com/auth/gmail.addons.execute",
        "https://www.googleapis.com/auth/gmail.addons.current.action.compose",
        "https://www.googleapis.com/auth/gmail.addons.current.message.metadata",
    ]
    compose = deployment["addOns"]["gmail"]["composeTrigger"]
    assert compose["draftAccess"] == "METADATA"
    assert [a["runFunction"] for a in compose["actions"]] == [BASE + "/gmail/compose"]
    assert deployment["addOns"]["common"]["homepageTrigger"]["runFunction"] == BASE + "/gmail/homepage"
    assert deployment["addOns"]["httpOptions"] == {"authorizationHeader": "SYSTEM_ID_TOKEN"}
    assert "contextualTriggers" not in deployment["addOns"]["gmail"]


def test_no_mailbox_scope_and_the_metadata_scope_that_draft_access_needs() -> None:
    for path in (None, ROOT / "manifests" / "gmail" / "deployment.json"):
        deployment = gmail_deployment(BASE) if path is None else json.loads(path.read_text("utf-8"))
        scopes = deployment["oauthScopes"]
        assert deployment["addOns"]["gmail"]["composeTrigger"]["draftAccess"] == "METADATA"
        assert "https://www.googleapis.com/auth/gmail.addons.current.message.metadata" in scopes
        assert "https://www.googleapis.com/auth/gmail.readonly" not in scopes
        for scope in scopes:
            assert scope.startswith("https://www.googleapis.com/auth/gmail.addons."), scope


def test_http_is_refused() -> None:
    with pytest.raises(ValueError, match="https"):
        gmail_deployment("http://guard.district.example")


def test_written_file_and_committed_example_match(tmp_path: Path) -> None:
    path = write_gmail_deployment(BASE, tmp_path, parse_policy(POLICY))
    assert path == tmp_path / "gmail" / "deployment.json"
    written = json.loads(path.read_text("utf-8"))
    assert written == json.loads((ROOT / "manifests" / "gmail" / "deployment.json").read_text("utf-8"))


def test_a_base_url_other_than_the_policys_audience_is_refused(tmp_path: Path) -> None:
    policy = parse_policy(POLICY + '[gmail]\nendpoint_base = "https://other.example"\n')
    with pytest.raises(ValueError, match="endpoint_base"):
        write_gmail_deployment(BASE, tmp_path, policy)


def test_admin_readme_explains_every_scope() -> None:
    readme = (ROOT / "addin" / "gmail" / "README.md").read_text("utf-8")
    for scope in SCOPES:
        assert scope.rsplit("/", 1)[-1] in readme
    assert "gcloud workspace-add-ons deployments create" in readme
    assert "Warn users" in readme
