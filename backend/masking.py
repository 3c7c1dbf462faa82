"""Masked forms of values: enough for a person to recognise what was found, too little to leak it."""

from __future__ import annotations


def mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain.lower()}" if domain else "***"


def mask_name(name: str) -> str:
    return " ".join(f"{part[:1]}***" for part in name.split() if part)


def mask_digits(value: str, keep: int = 4) -> str:
    digits = [c for c in value if c.isdigit()]
    if len(digits) <= keep:
        return "*" * len(digits)
    return "*" * (len(digits) - keep) + "".join(digits[-keep:])
