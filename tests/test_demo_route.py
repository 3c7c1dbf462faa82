"""GET /demo serves the demo page, its assets load from the service itself, and nothing reaches out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from starlette.testclient import TestClient

from backend.app import create_app
from backend.settings import Settings

ASSETS = ("static/demo.js", "static/demo-samples.js", "static/demo-markdown.js", "static/demo.css")
SAMPLES = (
    "Allergy spreadsheet to 300 parents",
    "Bus roster to all families",
    "Progress report to one parent",
    "504 list pasted in the body",
    "Email to AllStudents",
)
# Any scheme-qualified or protocol-relative URL: the page may only load from its own origin.
EXTERNAL = re.compile(r"""(?:https?:|wss?:|ftp:)?//[a-z0-9.-]+\.[a-z]{2,}""", re.IGNORECASE)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.labels_for: set[str] = set()
        self.controls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("src", "href"):
            if key in a and not a[key].startswith("#"):
                self.refs.append(a[key])
        if tag == "label" and "for" in a:
            self.labels_for.add(a["for"])
        if tag in ("input", "textarea", "select"):
            self.controls.append((tag, a.get("id", "")))


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as c:
        yield c


def test_demo_page_is_served(client: TestClient) -> None:
    r = client.get("/demo")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "<title>Crossing Guard demo" in r.text


@pytest.mark.parametrize("asset", ASSETS)
def test_page_references_its_assets_and_they_are_served(client: TestClient, asset: str) -> None:
    page = client.get("/demo").text
    assert f'"{asset}"' in page
    r = client.get("/" + asset)
    assert r.status_code == 200
    expected = "text/javascript" if asset.endswith(".js") else "text/css"
    assert r.headers["content-type"].split(";")[0] in (expected, "application/javascript")
    assert len(r.content) > 500


@pytest.mark.parametrize("path", ["/demo", *("/" + a for a in ASSETS)])
def test_no_external_urls(client: TestClient, path: str) -> None:
    text = client.get(path).text
    assert EXTERNAL.findall(text) == []


def test_only_same_origin_references(client: TestClient) -> None:
    parser = _Links()
    parser.feed(client.get("/demo").text)
    assert parser.refs
    for ref in parser.refs:
        assert ref.startswith(("static/", "data:")), ref


def test_every_field_has_a_label(client: TestClient) -> None:
    parser = _Links()
    parser.feed(client.get("/demo").text)
    ids = [control_id for _, control_id in parser.controls]
    assert {"from", "to", "cc", "bcc", "subject", "body", "files"} <= set(ids)
    for control_id in ids:
        assert control_id in parser.labels_for, f"#{control_id} has no <label for>"


def test_page_restricts_itself_to_its_own_origin(client: TestClient) -> None:
    page = client.get("/demo").text
    assert "connect-src 'self'" in page
    assert "script-src 'self'" in page


@pytest.mark.parametrize("script", [a for a in ASSETS if a.endswith(".js")])
def test_scripts_never_write_html(client: TestClient, script: str) -> None:
    text = client.get("/" + script).text
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in text, sink


@pytest.mark.parametrize("label", SAMPLES)
def test_sample_scenarios_are_offered(client: TestClient, label: str) -> None:
    assert label in client.get("/static/demo-samples.js").text


def test_script_posts_as_the_demo_client(client: TestClient) -> None:
    script = client.get("/static/demo.js").text
    assert 'app: "demo"' in script
    assert '"v1/check"' in script
