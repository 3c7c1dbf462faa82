"""Fake but realistic K-12 data for tests and benchmarks, and writers that turn it into files.

Everything is seeded: the same arguments give the same bytes. No real people: names are drawn at
random from invented lists (`names`), phone numbers use the 555 exchange, towns and schools are made up.

- `students.generate(n, seed)` -> distinct students with IDs, addresses, bus stops, guardians, health,
  504/IEP, lunch and fee records.
- `layouts`: the column headings of real exports (PowerSchool, Infinite Campus, Aeries, transport,
  nurse's Med Alert sheet, ...).
- writers: `xlsx`, `delimited` (CSV and tab), `word` (.docx), `html`, `text`, `pdf`, `eml`.
- `documents`: single-student reports, blank forms, schedules and flyers.
"""
