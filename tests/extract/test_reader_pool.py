"""The reader pool keeps its size: a reader that grew past `capacity.reader_regrow_mb` on a file is replaced
after answering, and the check that made it grow has its answer first."""

from __future__ import annotations

import time

from backend.extract.isolation import ReaderPool
from backend.models import Attachment
from backend.policy import load_demo_policy
from tests.store.support import wait_for

ROSTER = ("Student ID,Last Name,First Name,Allergy\n"
          + "".join(f"{100000 + i},Lopez{i},Ana,Peanuts\n" for i in range(60))).encode()


def test_a_reader_that_grew_is_replaced_and_the_next_file_is_read_by_its_successor() -> None:
    policy = load_demo_policy()
    pool = ReaderPool(1, 1024, regrow_mb=0)  # every job counts as growth: each reader is recycled after one
    pool.start()
    try:
        seen: list[set[int]] = []
        for _ in range(3):
            before = pool.pids()
            docs, evidence = pool.read(Attachment(name="roster.csv", content=ROSTER), policy, time.monotonic() + 20)
            assert docs[0].unreadable is None and evidence and evidence[0].people == 60
            assert wait_for(lambda before=before: len(pool.pids()) == 1 and pool.pids() != before, 10)
            seen.append(pool.pids())
        assert len(set().union(*seen)) == 3 and pool.replaced == 0  # replaced, not counted as died
    finally:
        pool.close()
