"""What the running app holds: settings, policy, engine, authenticator. Built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from backend.auth import Authenticator
from backend.engine import Engine
from backend.policy import Policy
from backend.settings import Settings


@dataclass
class AppState:
    settings: Settings
    policy: Policy
    engine: Engine
    auth: Authenticator
