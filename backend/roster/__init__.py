"""The district roster: who is a student, whose guardian each address is, kept as keyed hashes only.

A OneRoster bundle or an SIS export is read once (`importer`), every name, ID and address in it is
replaced by an HMAC under the district's `CROSSING_GUARD_ROSTER_KEY` (`hashing`), and the hashes are
written under a new generation that becomes active in one transaction (`store`). The service loads
the active generation into memory (`index`, `source`); content analysis turns candidate names and IDs
of a document into the same HMACs and keeps those the roster knows (`matching`); detectors see the
result as data (`view`), never the store.

A stolen store holds no name, ID or address: only HMACs that the key alone can test guesses against.
"""
