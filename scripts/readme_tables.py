"""Rewrite the README's generated tables (policy keys, environment variables, data kinds) from the code.

Run after adding a policy key, an environment variable or a data kind; tests/test_consistency.py fails
until the README names them.
"""

from __future__ import annotations

import re
from pathlib import Path

from backend.datakinds import KINDS
from backend.policy import iter_keys
from backend.settings import ENV_HELP

README = Path(__file__).resolve().parent.parent / "README.md"


_MARKS = {"students": "yes", "likely": "unless staff", None: "no"}


def _rule(warn: int, block: int) -> str:
    parts = [f"warn at {warn}" if warn else "never warns", f"block at {block}" if block else "never blocks"]
    return ", ".join(parts)


def tables() -> dict[str, str]:
    keys = ["| key | default | what it does |", "|---|---|---|"]
    keys += [f"| `{k}` | `{d}` | {h} |" for k, d, h in iter_keys()]
    env = ["| variable | what it does |", "|---|---|"] + [f"| `{k}` | {v} |" for k, v in ENV_HELP.items()]
    kinds = ["| kind | words people read | default rule (students) | says a table is about students |"]
    kinds += ["|---|---|---|---|"]
    kinds += [f"| `{k.name}` | {k.label} | {_rule(k.warn_people, k.block_people)} | {_MARKS[k.marks]} |" for k in KINDS]
    return {"policy-keys": "\n".join(keys), "environment": "\n".join(env), "data-kinds": "\n".join(kinds)}


def main() -> None:
    text = README.read_text("utf-8")
    for name, table in tables().items():
        pattern = re.compile(rf"(<!-- {name} -->\n).*?(\n<!-- /{name} -->)", re.DOTALL)
        if not pattern.search(text):
            raise SystemExit(f"README.md has no <!-- {name} --> markers")
        text = pattern.sub(lambda m, t=table: m.group(1) + t + m.group(2), text)
    README.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
