"""The platform seam: the app and the command line are built from PLATFORMS, nothing else."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute

from backend.app import create_app
from backend.cli import main
from backend.platforms import PLATFORMS
from backend.policy import load_demo_policy
from backend.settings import Settings
from tests.test_cli import entra_policy_file


def _paths(routes: list[BaseRoute]) -> set[str]:
    return {getattr(r, "path", "") for r in routes}


def test_platform_names_are_unique_and_explicit() -> None:
    names = [p.name for p in PLATFORMS]
    assert len(names) == len(set(names))
    assert {"outlook", "gmail"} <= set(names)


def test_the_app_serves_every_platforms_routes_and_middleware() -> None:
    settings, policy = Settings(), load_demo_policy()
    app = create_app(settings, policy)
    served = _paths(app.routes)
    for platform in PLATFORMS:
        assert _paths(platform.routes(settings, policy)) <= served, platform.name
    wanted = [m.cls for p in PLATFORMS for m in p.middleware(settings)]
    assert wanted and [m.cls for m in app.user_middleware][: len(wanted)] == wanted


def test_manifests_command_writes_every_platforms_documents(tmp_path: Path, capsys: object) -> None:
    policy = str(entra_policy_file(tmp_path))
    out = tmp_path / "out"
    assert main(["manifests", "--base-url", "https://guard.district.example", "--policy", policy,
                 "--out", str(out)]) == 0
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"outlook/manifest.xml", "outlook/manifest.json", "gmail/deployment.json"} <= written
