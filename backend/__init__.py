"""Crossing Guard: a second look before school email leaves."""

__version__ = "0.1.0"
