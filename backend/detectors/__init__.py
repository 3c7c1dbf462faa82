"""The registry of message detectors, listed explicitly. Finding codes are a public contract."""

from __future__ import annotations

from typing import Final

from backend.detectors import (
    exposure,
    lists,
    lookup_failed,
    other_family,
    personal_account,
    shared_link,
    unreadable,
    visible_recipients,
)
from backend.detectors.base import Context, Detector, Evidence

REGISTRY: Final[tuple[tuple[str, Detector], ...]] = (
    ("exposure", exposure.detect),
    ("personal_account", personal_account.detect),
    ("lists", lists.detect),
    ("visible_recipients", visible_recipients.detect),
    ("shared_link", shared_link.detect),
    ("unreadable", unreadable.detect),
    ("lookup_failed", lookup_failed.detect),
    ("other_family", other_family.detect),
)

FINDING_CODES: Final[tuple[str, ...]] = (
    "roster_attached",
    "records_in_body",
    "roster_linked",
    "personal_account",
    "protected_list",
    "large_audience",
    "visible_recipients",
    "shared_file_link",
    "unreadable_attachment",
    "lookup_failed",
    "other_family",
    "unlisted_recipient",
    # Decided from the district memory, not from the message (`backend.store.memory`).
    "breaker_open",
    "repeat_sender",
)

__all__ = ["FINDING_CODES", "REGISTRY", "Context", "Detector", "Evidence"]
