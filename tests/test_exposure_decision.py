"""The exposure figures are those the findings decided, for the response and the audit line alike."""

from __future__ import annotations

import time

import pytest

from backend import audit
from backend.engine import Engine
from backend.extract import ReadContext, read_bytes
from backend.models import Enrichment, LinkedFile, OutgoingMessage, Person, Recipient
from backend.policy import load_demo_policy
from tests.fakedata import layouts, xlsx
from tests.fakedata.students import generate

POLICY = load_demo_policy()
URL = "https://maplevalleyusd.sharepoint.com/:x:/s/Transportation/EbQ3v8kLm2dFq0Zr7TnWc1gBx4hYpQ"
SENDER = Person("rcastellano@maplevalley.k12.example", "Ray Castellano")


def _linked(scope: str) -> Enrichment:
    data = xlsx.roster(layouts.POWERSCHOOL, generate(40, seed=40))
    ctx = ReadContext(limits=POLICY.limits, deadline=time.monotonic() + 10)
    [document] = read_bytes(data, "Bus Roster.xlsx", "", ctx, source="link")
    return Enrichment(files={URL: LinkedFile(URL, "Bus Roster.xlsx", file_type="spreadsheet", scope=scope,  # type: ignore[arg-type]
                                            document=document)})


def _message(recipients: int) -> OutgoingMessage:
    bcc = tuple(Recipient(f"family{i}@gmail.com", field="bcc") for i in range(recipients))
    return OutgoingMessage(sender=SENDER, bcc=bcc, body_text=f"Your bus stop is in this file: {URL}",
                           client_app="outlook", links=(URL,))


@pytest.mark.parametrize(("scope", "verdict", "people"), [
    ("specific_people", "allow", 0),  # only the people it is shared with can open it: sending exposes no one
    ("anyone", "block", 40),
    ("unknown", "block", 40),
])
def test_linked_file_exposure_follows_the_decision(scope: str, verdict: str, people: int) -> None:
    message = _message(2)
    result = Engine(POLICY).check_sync(message, _linked(scope))
    assert (result.verdict, result.exposure.people) == (verdict, people)
    line = audit.record(message, result, 1.0)
    assert (line["verdict"], line["people"]) == (verdict, people)
    if people:
        assert result.exposure.outside_recipients == 2
        assert set(result.exposure.data) >= {"address", "transport"}
    else:
        assert result.exposure.data == ()
