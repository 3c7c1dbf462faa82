"""The policy file fails loudly: the file, the key and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.errors import PolicyError
from backend.policy import load_demo_policy, load_policy, parse_policy

MINIMAL = '[district]\nname = "Test District"\ndomains = ["test.k12.example"]\n'


def test_demo_policy_loads() -> None:
    policy = load_demo_policy()
    assert policy.district.domains == ("maplevalley.k12.example",)
    assert policy.rule("health").block_people == 2


def test_minimal_policy_gets_safe_defaults() -> None:
    policy = parse_policy(MINIMAL)
    assert policy.audience.large == 50
    assert policy.unreadable.action_person == "warn"
    assert policy.rule("ssn").block_people == 1


BAD = [
    ("", "district", "is required"),
    ('[district]\nname = "X"\n', "district.domains", "is required"),
    (MINIMAL + "[audience]\nlarge = 'fifty'\n", "audience.large", "whole number"),
    (MINIMAL + "[audience]\nlareg = 50\n", "audience.lareg", "not a known key"),
    (MINIMAL + "[data.health]\nwarn_people = 5\nblock_people = 2\n", "data.health.warn_people", "above"),
    (MINIMAL + "[data.healht]\nwarn_people = 1\n", "data.healht", "not a known key"),
    (MINIMAL + "[unreadable]\naction_person = 'maybe'\n", "unreadable.action_person", "one of"),
    (MINIMAL.replace('"test.k12.example"', '"not a domain"'), "district.domains", "not a mail domain"),
    (MINIMAL + "[limits]\nread_seconds = -1\n", "limits.read_seconds", "above 0"),
    ("[district\n", "", "not valid TOML"),
    (MINIMAL + 'partner_data = ["shoe_size"]\n', "district.partner_data", "not a data kind"),
]


@pytest.mark.parametrize(("text", "key", "reason"), BAD)
def test_bad_policy_names_key_and_reason(text: str, key: str, reason: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy(text, "district.toml")
    assert info.value.file == "district.toml"
    assert info.value.key == key
    assert reason in info.value.reason
    assert str(info.value).startswith("district.toml")


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "nope.toml")
    assert "nope.toml" in str(info.value)
