"""Attachment analyses remembered between checks, over real HTTP: a later check sends a ref, not the file."""

from __future__ import annotations

import base64
import dataclasses
import pickle
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from backend.analysis_cache import AnalysisCache, AttachmentAnalysis
from backend.app import create_app
from backend.models import Attachment, Caller, Document, Unreadable
from backend.policy import Policy, load_demo_policy
from backend.policy.schema import AttachmentCache
from backend.settings import Settings
from tests.browser.conftest import serve

ALICE, BOB = "k-alice", "k-bob"
CANARIES = ("Quetzalina", "Zanzibarova", "QX77CANARY", "555-01")


def roster_csv() -> bytes:
    rows = ["Student_Number,First_Name,Last_Name,Allergies,Medication,Guardian Cell"]
    for i in range(60):
        rows.append(f"{100200 + i},Quetzalina{i},Zanzibarova{i},Peanuts QX77CANARY,EpiPen,555-01{i:02d}")
    return "\n".join(rows).encode()


def message(attachment: dict[str, Any], body: str = "Here is the list.") -> dict[str, Any]:
    return {
        "client": {"app": "outlook"},
        "sender": {"email": "kpatel@maplevalley.k12.example"},
        "to": [{"email": f"family{i}@gmail.com", "kind": "external"} for i in range(5)],
        "subject": "Allergy list",
        "body": {"text": body},
        "attachments": [attachment],
    }


WITH_BYTES = {"name": "roster.csv", "content_b64": base64.b64encode(roster_csv()).decode()}


def by_ref(ref: str) -> dict[str, Any]:
    return {"name": "roster.csv", "ref": ref}


def policy_with(ttl: float) -> Policy:
    return dataclasses.replace(load_demo_policy(), attachment_cache=AttachmentCache(ttl_seconds=ttl))


@pytest.fixture(scope="module")
def app_and_url() -> Iterator[tuple[Any, str]]:
    app = create_app(Settings(api_keys=frozenset({ALICE, BOB})), load_demo_policy())
    with serve(app) as url:
        yield app, url


def post(url: str, key: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(url + "/v1/check", json=body, headers={"authorization": f"Bearer {key}"}, timeout=30)


def test_a_check_with_the_bytes_answers_a_ref_and_a_later_check_by_ref_reaches_the_same_verdict(
    app_and_url: tuple[Any, str],
) -> None:
    _, url = app_and_url
    first = post(url, ALICE, message(WITH_BYTES))
    assert first.status_code == 200, first.text
    assert first.json()["verdict"] == "block"
    ref = first.json()["attachments"][0]["ref"]
    second = post(url, ALICE, message(by_ref(ref), body="Here is the list, as promised."))
    assert second.status_code == 200, second.text
    strip = ("check_id", "attachments")
    assert {k: v for k, v in second.json().items() if k not in strip} == {
        k: v for k, v in first.json().items() if k not in strip
    }
    assert second.json()["attachments"][0]["ref"] == ref
    sent = len(second.request.content)
    print(f"\ncheck with the bytes: {len(first.request.content)} bytes; by ref: {sent} bytes")
    assert sent < 700


def test_an_unknown_ref_is_a_409_naming_the_field_and_the_client_sends_the_bytes_again(
    app_and_url: tuple[Any, str],
) -> None:
    _, url = app_and_url
    missing = post(url, ALICE, message(by_ref("0" * 64)))
    assert missing.status_code == 409
    assert missing.json() == {"error": {
        "code": "attachment_not_cached",
        "message": "`attachments[0].ref` is not known to this service (any more): send the attachment's "
                   "content again.",
        "field": "attachments[0].ref",
    }}
    resent = post(url, ALICE, message(WITH_BYTES))
    assert resent.status_code == 200 and resent.json()["verdict"] == "block"


def test_a_ref_that_is_not_one_is_a_400(app_and_url: tuple[Any, str]) -> None:
    _, url = app_and_url
    bad = post(url, ALICE, message(by_ref("roster.csv")))
    assert bad.status_code == 400
    assert bad.json()["error"]["field"] == "attachments[0].ref"


def test_one_caller_cannot_use_anothers_ref(app_and_url: tuple[Any, str]) -> None:
    _, url = app_and_url
    ref = post(url, ALICE, message(WITH_BYTES)).json()["attachments"][0]["ref"]
    assert post(url, BOB, message(by_ref(ref))).status_code == 409
    bobs = post(url, BOB, message(WITH_BYTES)).json()["attachments"][0]["ref"]
    assert bobs != ref, "the same file gives each caller a different ref"
    assert post(url, ALICE, message(by_ref(ref))).status_code == 200


def test_an_analysis_is_forgotten_after_its_ttl() -> None:
    now = [1000.0]
    app = create_app(Settings(api_keys=frozenset({ALICE})), policy_with(600))
    app.state.cg.engine.analyses = AnalysisCache(600, 1 << 20, timer=lambda: now[0])
    with serve(app) as url:
        ref = post(url, ALICE, message(WITH_BYTES)).json()["attachments"][0]["ref"]
        now[0] += 599
        assert post(url, ALICE, message(by_ref(ref))).status_code == 200
        now[0] += 2
        assert post(url, ALICE, message(by_ref(ref))).status_code == 409


def test_a_ttl_of_zero_turns_it_off() -> None:
    with serve(create_app(Settings(api_keys=frozenset({ALICE})), policy_with(0))) as url:
        first = post(url, ALICE, message(WITH_BYTES)).json()
        assert first["attachments"] == [{}]


def test_the_cache_holds_no_bytes_and_no_text_of_the_attachment(app_and_url: tuple[Any, str]) -> None:
    app, url = app_and_url
    assert post(url, ALICE, message(WITH_BYTES)).status_code == 200
    cache: AnalysisCache = app.state.cg.engine.analyses
    assert len(cache) >= 1
    held = pickle.dumps(list(cache._entries.items()))
    assert b"Zanzibarova" in roster_csv(), "the canaries are in the file that was checked"
    for canary in CANARIES:
        assert canary.encode() not in held, canary
    assert base64.b64encode(roster_csv())[:40] not in held
    for analysis in cache._entries.values():
        assert all(d.text == "" and d.tables == () for d in analysis.documents)
        assert sum(ev.people for ev in analysis.evidence) == 60


# ---- the cache on its own ----

def test_a_read_cut_off_by_the_deadline_is_not_remembered() -> None:
    cache = AnalysisCache(60, 1 << 20)
    caller = Caller(kind="api_key", subject="key:1")
    timed_out = AttachmentAnalysis((Document("a.xlsx", "attachment", unreadable=Unreadable("timeout")),), ())
    assert cache.remember(caller, Attachment("a.xlsx", content=b"x"), timed_out) is None
    corrupt = AttachmentAnalysis((Document("a.xlsx", "attachment", unreadable=Unreadable("corrupt")),), ())
    ref = cache.remember(caller, Attachment("a.xlsx", content=b"x"), corrupt)
    assert ref is not None and cache.get(caller, ref) == corrupt


def test_only_what_was_sent_with_its_bytes_is_remembered() -> None:
    cache = AnalysisCache(60, 1 << 20)
    caller = Caller(kind="api_key", subject="key:1")
    analysis = AttachmentAnalysis((Document("x", "attachment"),), ())
    assert cache.remember(caller, Attachment("x", url="https://drive.example/x"), analysis) is None


def test_the_cache_is_bounded_by_memory() -> None:
    cache = AnalysisCache(60, 4096)
    caller = Caller(kind="api_key", subject="key:1")
    refs = [cache.remember(caller, Attachment(f"f{i}", content=str(i).encode()),
                           AttachmentAnalysis((Document(f"f{i}", "attachment"),), ())) for i in range(50)]
    assert all(refs)
    assert 0 < len(cache) < 50
    assert cache.get(caller, refs[-1] or "") is not None
    assert cache.get(caller, refs[0] or "") is None, "the oldest went first"
