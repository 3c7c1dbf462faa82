"""Every corpus message through the real app over real HTTP (uvicorn on loopback, httpx).

Asserts the verdict, the count of distinct students exposed, that the answer fits Outlook's
500-character message with a non-empty headline, and that it carries none of the case's student
names or IDs: findings carry counts, headings and masked samples only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.corpus import cases
from tests.corpus.server import API_KEY, LiveServer, make_app


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with LiveServer(make_app()) as base_url, httpx.Client(
        base_url=base_url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=60
    ) as http:
        yield http


@pytest.mark.parametrize("case_id", cases.ids())
def test_corpus_case(client: httpx.Client, case_id: str) -> None:
    case = cases.build(case_id)
    response = client.post("/v1/check", json=case.request)
    assert response.status_code == 200, response.text[:500]
    answer = response.json()

    got = f"got {answer['verdict']}, {answer['exposure']['people']} people"
    summary = f"{case.description}: {got}: {answer['headline']}"
    assert case.verdict_ok(answer["verdict"]), summary
    assert case.people_ok(answer["exposure"]["people"]), summary
    for code in case.codes:
        assert code in {f["code"] for f in answer["findings"]}, summary

    assert answer["headline"].strip()
    assert len(answer["message"]) <= 500

    # Random hex (the check id, each attachment's ref) can hold a run of digits that equals an ID by chance.
    words = {k: v for k, v in answer.items() if k not in ("check_id", "attachments")}
    words["attachments"] = [{k: v for k, v in a.items() if k != "ref"} for a in answer.get("attachments", [])]
    shown = json.dumps(words, ensure_ascii=False)
    leaked = sorted(value for value in case.private if value in shown)
    assert not leaked, f"the answer repeats {len(leaked)} student names or IDs"


def test_corpus_is_large_and_covers_every_verdict() -> None:
    verdicts = [cases.build(i).verdict for i in cases.ids() if not i.startswith("i1_")]
    assert len(cases.ids()) >= 45
    assert {"allow", "warn", "block"} <= set(verdicts)
    assert sum(v == "allow" for v in verdicts) >= 15
