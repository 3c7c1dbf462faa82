"""The public contract stays documented: finding codes, data kinds, policy keys, environment variables,
and every detector has tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.datakinds import DATA_KINDS
from backend.detectors import FINDING_CODES, REGISTRY
from backend.policy import iter_keys, load_demo_policy
from backend.settings import ENV_HELP

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


@pytest.mark.parametrize("code", FINDING_CODES)
def test_finding_code_in_readme(code: str) -> None:
    assert f"| `{code}` |" in README


@pytest.mark.parametrize("key", [k for k, _, _ in iter_keys()])
def test_policy_key_in_readme(key: str) -> None:
    assert f"`{key}`" in README


@pytest.mark.parametrize("kind", list(DATA_KINDS))
def test_data_kind_documented_and_ruled(kind: str) -> None:
    assert f"`{kind}`" in README
    assert hasattr(load_demo_policy().data, kind)


@pytest.mark.parametrize("variable", list(ENV_HELP))
def test_environment_variable_in_readme(variable: str) -> None:
    assert f"`{variable}`" in README


@pytest.mark.parametrize(("name", "detector"), REGISTRY)
def test_every_detector_has_tests(name: str, detector: object) -> None:
    module = detector.__module__.rsplit(".", 1)[-1]  # type: ignore[attr-defined]
    tests = "".join(p.read_text("utf-8") for p in (ROOT / "tests" / "detectors").glob("test_*.py"))
    assert f"{module}.detect" in tests or f"import {module}" in tests or f" {module}," in tests
