"""`crossing-guard roster import PATH [--mapping FILE]` and `crossing-guard roster status`.

Output is counts, file names, row numbers and reasons; never a value from the roster. Exit 0 when
imported, 65 when the source was refused (nothing changed), 64 for a usage error (no key, no store).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from backend.roster.hashing import MissingKey, RosterKey
from backend.roster.importer import prepare
from backend.roster.records import Refusal
from backend.roster.sis import MappingError
from backend.settings import Settings

EX_USAGE, EX_DATAERR = 64, 65
SHOWN = 20  # refusals listed; the rest are counted


def add_commands(sub: argparse._SubParsersAction[Any], parser_class: type[argparse.ArgumentParser]) -> None:
    roster = sub.add_parser("roster", help="import the district roster (kept as keyed hashes) or show its status")
    commands = roster.add_subparsers(dest="roster_command", required=True, parser_class=parser_class)
    imp = commands.add_parser("import", help="import a OneRoster bundle (directory or zip) or an SIS export")
    imp.add_argument("path", metavar="PATH")
    imp.add_argument("--mapping", metavar="FILE", help="TOML column mapping of a plain SIS export (CSV)")
    commands.add_parser("status", help="what the active roster holds and when it was imported")


def _refusals(title: str, refusals: list[Refusal]) -> None:
    if not refusals:
        return
    print(f"{title} ({len(refusals):,}):", file=sys.stderr)
    for r in refusals[:SHOWN]:
        print(f"  {r}", file=sys.stderr)
    if len(refusals) > SHOWN:
        print(f"  ... and {len(refusals) - SHOWN:,} more", file=sys.stderr)


def run(args: argparse.Namespace, settings: Settings | None = None) -> int:
    from backend.store import open_store, store_configured

    settings = settings or Settings.from_env()
    if not store_configured(settings):
        print("crossing-guard: no store configured: set CROSSING_GUARD_DATA_DIR or CROSSING_GUARD_DATABASE_URL",
              file=sys.stderr)
        return EX_USAGE
    if args.roster_command == "status":
        return _status(settings)
    try:
        key = RosterKey.from_env(settings.extra)
    except MissingKey as exc:
        print(f"crossing-guard: {exc}", file=sys.stderr)
        return EX_USAGE
    try:
        outcome = prepare(Path(args.path), key, Path(args.mapping) if args.mapping else None)
    except MappingError as exc:
        print(f"crossing-guard: {args.mapping}: {exc}", file=sys.stderr)
        return EX_DATAERR
    roster = outcome.roster
    read = ", ".join(f"{name} {rows:,} rows" for name, rows in roster.rows.items())
    if read:
        print(f"Read: {read}")
    if outcome.hashed is None:
        _refusals("Refused", roster.broken)
        print("crossing-guard: the roster was not imported; the active roster is unchanged", file=sys.stderr)
        return EX_DATAERR
    from backend.roster.store import write

    store = open_store(settings)
    try:
        generation = write(store, outcome.hashed, len(roster.skipped))
    finally:
        store.close()
    _refusals("Rows skipped", roster.skipped)
    h = outcome.hashed
    print(f"Imported roster generation {generation}: {h.students:,} students, {h.guardians:,} guardians, "
          f"{len(h.links):,} student-guardian links, {h.staff:,} staff addresses "
          f"({len(roster.skipped):,} rows skipped). Stored as keyed hashes only.")
    return 0


def _status(settings: Settings) -> int:
    from backend.roster.store import status
    from backend.store import open_store

    store = open_store(settings)
    try:
        s = status(store)
    finally:
        store.close()
    if s is None:
        print("No roster imported.")
        return 0
    print(f"Roster generation {s.generation} ({s.source}), imported {s.imported_at:%Y-%m-%d %H:%M} UTC: "
          f"{s.students:,} students, {s.guardians:,} guardians, {s.links:,} links, {s.staff:,} staff addresses, "
          f"{s.skipped:,} rows skipped.")
    return 0
