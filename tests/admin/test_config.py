"""The `[admin]` policy section, who counts as an admin, and the console's words for stored codes."""

from __future__ import annotations

import typing

import pytest

from backend.admin.config import ConsoleConfig
from backend.errors import PolicyError
from backend.messages import CALLERS, CLIENTS, TITLES, WORDS
from backend.models import CallerKind
from backend.policy.loader import parse_policy
from backend.settings import Settings
from tests.admin.console import ADMIN, ADMIN_GROUP, policy_text

POLICIES = [
    ("", None),
    ('entra_tenant_id = "t"\nentra_client_id = "c"', None),
    ('google_client_id = "g"\ngoogle_domains = ["lincoln.k12.example"]', None),
    ("session_minutes = 30\npage_size = 10", None),
    ('entra_authority = "https://login.microsoftonline.us"', None),
    ('entra_tenant_id = "t"', "admin.entra_tenant_id"),
    ('entra_client_id = "c"', "admin.entra_tenant_id"),
    ("page_size = 0", "admin.page_size"),
    ("session_minutes = 0", "admin.session_minutes"),
    ('admins2 = ["x@y.example"]', "admin.admins2"),
]


@pytest.mark.parametrize(("extra", "bad_key"), POLICIES)
def test_admin_section_is_checked_naming_the_key(extra: str, bad_key: str | None) -> None:
    text = policy_text(extra)
    if bad_key is None:
        assert parse_policy(text).admin.admins == (ADMIN,)
    else:
        with pytest.raises(PolicyError) as caught:
            parse_policy(text)
        assert caught.value.key == bad_key


def test_admins_must_be_addresses() -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy(policy_text().replace(f'admins = ["{ADMIN}"]', 'admins = ["IT Lead"]'))
    assert caught.value.key == "admin.admins"


def _config(**env: str) -> ConsoleConfig:
    return ConsoleConfig.build(Settings(extra=env), parse_policy(policy_text('google_client_id = "g"')))


ADMINS = [
    (ADMIN, (), True),
    (ADMIN.upper(), (), True),
    ("helpdesk@lincoln.k12.example", (ADMIN_GROUP,), True),
    ("helpdesk@lincoln.k12.example", (ADMIN_GROUP.upper(),), True),
    ("helpdesk@lincoln.k12.example", (), False),
    ("helpdesk@lincoln.k12.example", ("another-group",), False),
    ("it.lead@lincoln.k12.example.evil.example", (), False),
    ("", (), False),
]


@pytest.mark.parametrize(("email", "groups", "admin"), ADMINS)
def test_who_is_an_admin(email: str, groups: tuple[str, ...], admin: bool) -> None:
    assert _config().is_admin(email, groups) is admin


def test_sign_in_needs_its_secret_and_the_console_is_off_without_any() -> None:
    assert not _config().google and not _config().enabled
    on = _config(CROSSING_GUARD_ADMIN_GOOGLE_CLIENT_SECRET="s")
    assert on.google and on.signin and on.enabled and not on.entra
    keys = _config(CROSSING_GUARD_ADMIN_API_KEYS=" k1, k2 ,")
    assert keys.enabled and not keys.signin
    assert keys.key_holder("k2") is not None and keys.key_holder("k3") is None and keys.key_holder("") is None
    assert keys.google_domains == ("lincoln.k12.example", "eastside.lincoln.k12.example",
                                   "westview.lincoln.k12.example")


def test_every_finding_code_and_client_has_console_words() -> None:
    assert set(TITLES) == set(WORDS)
    assert {"outlook", "gmail", "gateway", "api", "cli"} <= set(CLIENTS)
    assert set(CALLERS) == set(typing.get_args(CallerKind))
