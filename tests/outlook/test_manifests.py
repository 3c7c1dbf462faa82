"""The Outlook manifests: stable ids, sign-in always declared, offline validation, examples kept in step.

The unified manifest is validated against Microsoft's published JSON schema, as shipped in the npm
package @microsoft/app-manifest (installed by `npm ci` in addin/). No source reachable here ships the
XML manifest's XSDs (MailAppVersionOverrides and friends): the npm package office-addin-manifest
(3.0.0) bundles none and validates by posting to Microsoft's online service, office-addin-validator
does the same, and no indexed repository carries them. So the XML test asserts every element Smart
Alerts needs, in the schema's order, as Microsoft's reference pages describe it.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from backend.manifests import write_manifests
from backend.manifests.outlook import MANIFEST_VERSION, NoSignIn, addin_id, unified_manifest, xml_manifest
from backend.policy import Policy, load_demo_policy
from backend.policy.schema import Outlook

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://guard.district.example"
SCHEMA = (ROOT / "addin" / "node_modules" / "@microsoft" / "app-manifest" / "build" / "json-schemas" / "teams"
          / f"v{MANIFEST_VERSION}" / "MicrosoftTeams.schema.json")
NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
    "v10": "http://schemas.microsoft.com/office/mailappversionoverrides",
    "v11": "http://schemas.microsoft.com/office/mailappversionoverrides/1.1",
}
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
CLIENT_ID = "5e6f7a8b-1111-4222-8333-444455556666"
TENANT = "7d3c2b1a-0000-4000-8000-00000000d157"
PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


def with_client_id(client_id: str = CLIENT_ID, tenant: str = TENANT) -> Policy:
    return dataclasses.replace(load_demo_policy(), outlook=Outlook(client_id=client_id, tenant_ids=(tenant,)))


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def children(element: ET.Element) -> list[str]:
    return [local(child.tag) for child in element]


def in_order(names: list[str], expected: list[str]) -> bool:
    """`expected` appear in `names` in this order (others may sit between them)."""
    positions = [names.index(n) for n in expected]
    return positions == sorted(positions)


# ---- write_manifests ----

def test_write_manifests_writes_both_manifests_and_the_package(tmp_path: Path) -> None:
    paths = write_manifests(BASE, tmp_path, with_client_id())
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "outlook/manifest.xml", "outlook/manifest.json", "outlook/crossing-guard-outlook.zip",
        "gmail/deployment.json",
    ]
    with zipfile.ZipFile(paths[2]) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        assert json.loads(package.read("manifest.json")) == json.loads(paths[1].read_text())
        assert package.read("color.png")[:8] == b"\x89PNG\r\n\x1a\n"


def test_ids_are_stable_per_base_url(tmp_path: Path) -> None:
    assert addin_id(BASE) == addin_id(BASE + "/") == addin_id(BASE)
    assert addin_id(BASE) != addin_id("https://guard.other-district.example")
    first = (write_manifests(BASE, tmp_path / "a", with_client_id())[0]).read_bytes()
    second = (write_manifests(BASE, tmp_path / "b", with_client_id())[0]).read_bytes()
    assert first == second
    zips = [(tmp_path / d / "outlook" / "crossing-guard-outlook.zip").read_bytes() for d in ("a", "b")]
    assert zips[0] == zips[1], "the package is byte-for-byte reproducible"


def test_a_given_id_is_used_in_both_manifests(tmp_path: Path) -> None:
    given = uuid.UUID("12345678-1234-5678-1234-567812345678")
    xml_path, json_path, *_ = write_manifests(BASE, tmp_path, with_client_id(), outlook_id=given)
    assert ET.parse(xml_path).getroot().find("o:Id", NS).text == str(given)  # type: ignore[union-attr]
    assert json.loads(json_path.read_text())["id"] == str(given)


def test_a_relative_base_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_manifests("guard.district.example", tmp_path, with_client_id())


def test_the_committed_examples_are_the_generators_output_for_a_placeholder_client_id(tmp_path: Path) -> None:
    write_manifests(BASE, tmp_path, with_client_id(PLACEHOLDER, PLACEHOLDER))
    committed = sorted(p.name for p in (ROOT / "manifests" / "outlook").iterdir())
    assert committed == ["README.md", "manifest.example.json", "manifest.example.xml"], (
        "only clearly named examples are committed: no district can upload a manifest made for another"
    )
    for example, generated in (("manifest.example.xml", "manifest.xml"), ("manifest.example.json", "manifest.json")):
        text = (ROOT / "manifests" / "outlook" / example).read_text("utf-8")
        assert text == (tmp_path / "outlook" / generated).read_text("utf-8"), (
            f"manifests/outlook/{example} is stale: regenerate it with write_manifests"
        )
        assert PLACEHOLDER in text


@pytest.mark.parametrize(("outlook", "key"), [
    (Outlook(), "outlook.client_id"),
    (Outlook(tenant_ids=(TENANT,)), "outlook.client_id"),
    (Outlook(client_id=CLIENT_ID), "outlook.tenant_ids"),
])
def test_no_outlook_manifest_without_the_districts_entra_app(outlook: Outlook, key: str, tmp_path: Path) -> None:
    policy = dataclasses.replace(load_demo_policy(), outlook=outlook)
    for make in (xml_manifest, unified_manifest):
        with pytest.raises(NoSignIn, match=key.replace(".", r"\.")):
            make(BASE, policy)
    with pytest.raises(NoSignIn):
        write_manifests(BASE, tmp_path, policy)
    assert not (tmp_path / "outlook" / "manifest.xml").exists()


# ---- the unified manifest ----

@pytest.mark.parametrize(
    "policy", [with_client_id(), with_client_id(PLACEHOLDER, PLACEHOLDER)], ids=["entra", "example"]
)
def test_the_unified_manifest_validates_against_microsofts_schema(policy: Policy) -> None:
    import jsonschema

    assert SCHEMA.exists(), "Microsoft's manifest schema is missing: scripts/test runs `npm ci` in addin/"
    schema = json.loads(SCHEMA.read_text("utf-8"))
    manifest = unified_manifest(BASE, policy)
    jsonschema.validate(manifest, schema, cls=jsonschema.Draft4Validator)


def test_the_unified_manifest_wires_smart_alerts() -> None:
    manifest = unified_manifest(BASE, with_client_id())
    extension = manifest["extensions"][0]
    runtime = next(r for r in extension["runtimes"] if r["id"] == "autorun_runtime")
    assert runtime["code"] == {"page": f"{BASE}/addin/outlook/commands.html",
                               "script": f"{BASE}/addin/outlook/launchevent.js"}
    assert runtime["requirements"]["capabilities"] == [{"name": "Mailbox", "minVersion": "1.12"}]
    actions = {a["id"] for a in runtime["actions"]}
    events = {e["type"]: e for e in extension["autoRunEvents"][0]["events"]}
    assert set(events) == {"messageSending", "messageRecipientsChanged", "messageAttachmentsChanged"}
    assert events["messageSending"]["options"] == {"sendMode": "softBlock"}
    assert {e["actionId"] for e in events.values()} == actions
    control = extension["ribbons"][0]["tabs"][0]["groups"][0]["controls"][0]
    assert control["id"] == "msgComposeOpenPaneButton", "the Smart Alerts dialog's commandId"
    assert manifest["webApplicationInfo"] == {"id": CLIENT_ID, "resource": f"api://guard.district.example/{CLIENT_ID}"}


# ---- the XML manifest ----

def parse(policy: Policy) -> ET.Element:
    return ET.fromstring(xml_manifest(BASE, policy).encode("utf-8"))


def test_the_xml_manifest_base_elements_are_in_schema_order() -> None:
    root = parse(with_client_id())
    assert root.get(XSI_TYPE) == "MailApp"
    assert children(root) == [
        "Id", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description", "IconUrl",
        "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts", "Requirements", "FormSettings",
        "Permissions", "Rule", "DisableEntityHighlighting", "VersionOverrides",
    ]
    assert uuid.UUID(root.findtext("o:Id", namespaces=NS) or "") == addin_id(BASE)
    assert root.find("o:Requirements/o:Sets/o:Set", NS).attrib == {"Name": "Mailbox", "MinVersion": "1.12"}  # type: ignore[union-attr]
    assert root.findtext("o:Permissions", namespaces=NS) == "ReadWriteItem"
    assert root.find("o:Hosts/o:Host", NS).get("Name") == "Mailbox"  # type: ignore[union-attr]


def test_the_xml_manifest_has_everything_smart_alerts_needs() -> None:
    root = parse(with_client_id())
    outer = root.find("v10:VersionOverrides", NS)
    assert outer is not None and outer.get(XSI_TYPE) == "VersionOverridesV1_0"
    inner = outer.find("v11:VersionOverrides", NS)
    assert inner is not None and inner.get(XSI_TYPE) == "VersionOverridesV1_1"
    assert children(inner) == ["Requirements", "Hosts", "Resources", "WebApplicationInfo"]
    assert inner.find("v11:Requirements/bt:Sets", NS).get("DefaultMinVersion") == "1.12"  # type: ignore[union-attr]

    host = inner.find("v11:Hosts/v11:Host", NS)
    assert host is not None and host.get(XSI_TYPE) == "MailHost"
    assert children(host) == ["Runtimes", "DesktopFormFactor"]
    runtime = host.find("v11:Runtimes/v11:Runtime", NS)
    assert runtime is not None and runtime.get("resid") == "WebViewRuntime.Url"
    override = runtime.find("v11:Override", NS)
    assert override is not None and override.attrib == {"type": "javascript", "resid": "JSRuntime.Url"}

    desktop = host.find("v11:DesktopFormFactor", NS)
    assert desktop is not None
    assert children(desktop) == ["FunctionFile", "ExtensionPoint", "ExtensionPoint"]
    points = {p.get(XSI_TYPE): p for p in desktop.findall("v11:ExtensionPoint", NS)}
    assert set(points) == {"MessageComposeCommandSurface", "LaunchEvent"}

    launch = points["LaunchEvent"]
    assert children(launch) == ["LaunchEvents", "SourceLocation"]
    events = {e.get("Type"): e.attrib for e in launch.findall("v11:LaunchEvents/v11:LaunchEvent", NS)}
    assert events["OnMessageSend"] == {"Type": "OnMessageSend", "FunctionName": "onMessageSendHandler",
                                       "SendMode": "SoftBlock"}
    assert events["OnMessageRecipientsChanged"]["FunctionName"] == "onMessageRecipientsChangedHandler"
    assert events["OnMessageAttachmentsChanged"]["FunctionName"] == "onMessageAttachmentsChangedHandler"
    assert launch.find("v11:SourceLocation", NS).get("resid") == "WebViewRuntime.Url"  # type: ignore[union-attr]

    button = points["MessageComposeCommandSurface"].find(".//v11:Control", NS)
    assert button is not None and button.get("id") == "msgComposeOpenPaneButton"
    assert children(button) == ["Label", "Supertip", "Icon", "Action"]
    assert button.find("v11:Action", NS).get(XSI_TYPE) == "ShowTaskpane"  # type: ignore[union-attr]

    resources = inner.find("v11:Resources", NS)
    assert resources is not None
    assert children(resources) == ["Images", "Urls", "ShortStrings", "LongStrings"]
    urls = {u.get("id"): u.get("DefaultValue") for u in resources.findall("bt:Urls/bt:Url", NS)}
    assert urls["JSRuntime.Url"] == f"{BASE}/addin/outlook/launchevent.js"
    assert urls["WebViewRuntime.Url"] == f"{BASE}/addin/outlook/commands.html"
    assert urls["TaskPane.Url"] == f"{BASE}/addin/outlook/taskpane.html"

    info = inner.find("v11:WebApplicationInfo", NS)
    assert info is not None and children(info) == ["Id", "Resource", "Scopes"]
    assert info.findtext("v11:Id", namespaces=NS) == CLIENT_ID


def test_every_resource_reference_resolves() -> None:
    text = xml_manifest(BASE, with_client_id())
    root = ET.fromstring(text.encode("utf-8"))
    defined = {e.get("id") for e in root.iter() if local(e.tag) in ("Image", "Url", "String") and e.get("id")}
    used = {e.get("resid") for e in root.iter() if e.get("resid")}
    assert used <= defined, used - defined


def test_web_application_info_is_always_there() -> None:
    """Classic Outlook's fallback, Office SSO, needs it; the admin guide's app registration matches it."""
    info = parse(with_client_id()).find("v10:VersionOverrides/v11:VersionOverrides/v11:WebApplicationInfo", NS)
    assert info is not None
    assert info.findtext("v11:Resource", namespaces=NS) == f"api://guard.district.example/{CLIENT_ID}"
    assert unified_manifest(BASE, with_client_id())["webApplicationInfo"]["id"] == CLIENT_ID


def test_district_names_are_escaped() -> None:
    district = dataclasses.replace(load_demo_policy().district, name='Smith & "Jones" <USD>')
    policy = dataclasses.replace(with_client_id(), district=district)
    root = ET.fromstring(xml_manifest(BASE, policy).encode("utf-8"))
    assert root.findtext("o:ProviderName", namespaces=NS) == 'Smith & "Jones" <USD>'


def test_the_handler_names_match_the_javascript() -> None:
    source = (ROOT / "addin" / "outlook" / "launchevent.js").read_text("utf-8")
    root = parse(with_client_id())
    for event in root.iter(f"{{{NS['v11']}}}LaunchEvent"):
        assert f'Office.actions.associate("{event.get("FunctionName")}"' in source
    assert 'TASK_PANE_COMMAND = "msgComposeOpenPaneButton"' in source
