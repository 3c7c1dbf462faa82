"""The sender's own directory record of personal addresses, through the local cloud (Graph and Google).

The personal-account rule guesses from names; the district's directory may know better
(`otherMails` in Entra ID, the recovery and other addresses in Google's Directory). Looked up only
when someone outside the district would receive the message, cached per sender, silent on failure.
"""

from __future__ import annotations

import dataclasses

import anyio

from backend.engine import Engine
from backend.integrations.secrets import Credentials
from backend.models import Attachment, Caller, Enrichment, OutgoingMessage, Person, Recipient
from backend.policy import Policy
from tests.extract import files
from tests.integrations.conftest import STAFF, STUDENTS, make_enricher
from tests.integrations.fakecloud import Cloud

KIRAN = Person(f"kpatel@{STAFF}", "Kiran Patel")
HOME = "kp1987@gmail.com"  # nothing in it says Kiran Patel: only the directory can


def message(*to: str, sender: Person = KIRAN, caller: Caller | None = None) -> OutgoingMessage:
    return OutgoingMessage(sender=sender, to=tuple(Recipient(a) for a in to), client_app="outlook",
                           caller=caller or Caller(kind="api_key", subject="key:1"))


def enrich(creds: Credentials, policy: Policy, *messages: OutgoingMessage) -> list[Enrichment]:
    async def go() -> list[Enrichment]:
        enricher = make_enricher(creds, policy)
        try:
            return [await enricher.enrich(m, (), policy) for m in messages]
        finally:
            await enricher.aclose()

    return anyio.run(go)


def user_requests(cloud: Cloud) -> list[str]:
    return [path for _, path, _ in cloud.requests if "/users/" in path]


def test_graph_other_mails_are_the_senders_and_cached(cloud: Cloud, creds: Credentials, policy: Policy) -> None:
    cloud.graph_users[KIRAN.email] = [HOME.upper(), f"kiran@{STAFF}"]
    first, second = enrich(creds, policy, message(HOME), message("someone@gmail.com"))
    assert first.personal_addresses == frozenset({HOME})  # lower-case; district addresses are not personal
    assert second.personal_addresses == frozenset({HOME})
    assert user_requests(cloud) == [f"/v1.0/users/{KIRAN.email}"]  # one lookup per sender, then the cache
    assert first.failures == ()


def test_google_directory_recovery_and_other_addresses(cloud: Cloud, creds: Credentials, policy: Policy) -> None:
    google_only = dataclasses.replace(creds, graph=None)
    cloud.google_users[KIRAN.email] = {"primaryEmail": KIRAN.email, "recoveryEmail": HOME,
                                       "emails": [{"address": KIRAN.email, "primary": True},
                                                  {"address": "kiran.home@yahoo.com", "type": "home"}]}
    [found] = enrich(google_only, policy, message("family@gmail.com"))
    assert found.personal_addresses == frozenset({HOME, "kiran.home@yahoo.com"})
    assert (f"admin@{STAFF}", "https://www.googleapis.com/auth/admin.directory.user.readonly") in cloud.google_subjects


def test_no_lookup_when_nobody_outside_would_receive_it(cloud: Cloud, creds: Credentials, policy: Policy) -> None:
    cloud.graph_users[KIRAN.email] = [HOME]
    inside, = enrich(creds, policy, message(f"teacher@{STAFF}", f"s1@{STUDENTS}"))
    assert inside.personal_addresses == frozenset() and user_requests(cloud) == []
    outsider, = enrich(creds, policy, message(HOME, sender=Person("someone@gmail.com", "Kiran Patel")))
    assert outsider.personal_addresses == frozenset() and user_requests(cloud) == []  # not a district sender


def test_unknown_user_or_a_failed_lookup_is_silent(cloud: Cloud, creds: Credentials, policy: Policy) -> None:
    [unknown] = enrich(creds, policy, message(HOME))
    assert unknown.personal_addresses == frozenset() and unknown.failures == ()
    cloud.graph_users[KIRAN.email] = [HOME]
    cloud.mode = "403"
    [denied] = enrich(creds, policy, message(HOME))
    assert denied.personal_addresses == frozenset() and denied.failures == ()


def test_a_signed_in_caller_is_looked_up_as_the_token_says(cloud: Cloud, creds: Credentials, policy: Policy) -> None:
    cloud.graph_users[KIRAN.email] = [HOME]
    cloud.graph_users[f"superintendent@{STAFF}"] = ["boss@gmail.com"]
    kiran = Caller(kind="entra", subject="user-kpatel", email=KIRAN.email, assertion="kpatels-token")
    [found] = enrich(creds, policy, message(HOME, sender=Person(f"superintendent@{STAFF}"), caller=kiran))
    assert found.personal_addresses == frozenset({HOME})


def test_records_to_the_address_the_directory_lists_block_as_the_senders_own(
    cloud: Cloud, creds: Credentials, policy: Policy
) -> None:
    roster = Attachment("roster.xlsx", content=files.xlsx(files.ROSTER))
    msg = dataclasses.replace(message(HOME), attachments=(roster,))
    unlisted, = enrich(creds, policy, msg)
    cloud.graph_users[KIRAN.email] = [HOME]
    listed, = enrich(creds, policy, msg)
    engine = Engine(policy)
    without = {w.finding.code for w in engine.check_sync(msg, unlisted).findings}
    with_record = {w.finding.code for w in engine.check_sync(msg, listed).findings}
    assert "personal_account" not in without  # kp1987@ alone says nothing about Kiran Patel
    assert "personal_account" in with_record
