"""What the running app holds: settings, policy, engine, authenticator, memory. Built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from backend.auth import Authenticator
from backend.engine import Engine
from backend.policy import Policy
from backend.settings import Settings

if TYPE_CHECKING:
    from backend.store.memory import Memory


@dataclass
class AppState:
    settings: Settings
    policy: Policy
    engine: Engine
    auth: Authenticator
    memory: Memory | None = None  # check records, when a store is configured
