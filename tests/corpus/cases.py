"""Every corpus case, by id. Importing the case modules registers their cases."""

from __future__ import annotations

from functools import cache

from tests.corpus import edges, incidents, school_day, standards
from tests.corpus.registry import CASES, Case

MODULES = (incidents, school_day, edges, standards)  # the order ids are listed in


@cache
def build(case_id: str) -> Case:
    return CASES[case_id]()


def ids() -> list[str]:
    """Incidents first, then the ordinary day, then the policy's edges."""

    def group(case_id: str) -> int:
        return 0 if case_id[0] == "i" and case_id[1].isdigit() else 1 if case_id.startswith("ok_") else 2

    return sorted(CASES, key=group)
