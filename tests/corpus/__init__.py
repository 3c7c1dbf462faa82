"""Realistic messages as the JSON body of `POST /v1/check`, each with the verdict it must get.

`cases.CASES` maps a case id to a function that builds it; `cases.build(case_id)` builds (and caches)
one. `server.LiveServer` runs the real app on loopback for the corpus test and the benchmark.
"""
