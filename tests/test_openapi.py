"""The published schema describes what the service really accepts and answers: every corpus request
and its response validate against /openapi.json, and so does the error shape."""

from __future__ import annotations

import jsonschema
import pytest
from starlette.testclient import TestClient

from backend.app import create_app
from backend.policy import load_demo_policy
from backend.settings import Settings
from tests.corpus import cases

KEY = "k-schema"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(api_keys=frozenset({KEY})), load_demo_policy()))


@pytest.fixture(scope="module")
def schemas(client: TestClient) -> dict[str, object]:
    document = client.get("/openapi.json").json()
    jsonschema.Draft202012Validator.check_schema(document["components"]["schemas"]["CheckRequest"])
    return dict(document["components"]["schemas"])


@pytest.mark.parametrize("case_id", cases.ids())
def test_corpus_request_and_response_match_the_schema(client: TestClient, schemas: dict[str, object],
                                                      case_id: str) -> None:
    request = cases.build(case_id).request
    jsonschema.validate(request, schemas["CheckRequest"])
    response = client.post("/v1/check", json=request, headers={"authorization": f"Bearer {KEY}"})
    assert response.status_code == 200
    jsonschema.validate(response.json(), schemas["CheckResponse"])


def test_errors_match_the_schema(client: TestClient, schemas: dict[str, object]) -> None:
    bad = client.post("/v1/check", content=b"{", headers={"authorization": f"Bearer {KEY}",
                                                           "content-type": "application/json"})
    assert bad.status_code == 400
    jsonschema.validate(bad.json(), schemas["Error"])


def test_a_request_the_schema_refuses_is_refused_by_the_service(client: TestClient,
                                                                 schemas: dict[str, object]) -> None:
    request = {"to": [{"email": "a@gmail.com", "kind": "robot"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(request, schemas["CheckRequest"])
    assert client.post("/v1/check", json=request, headers={"authorization": f"Bearer {KEY}"}).status_code == 400
