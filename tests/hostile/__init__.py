"""Hostile files and callers, built in the tests themselves: nothing here is shipped."""
