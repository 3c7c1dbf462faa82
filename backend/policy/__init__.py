"""District policy: schema, loader (fails loudly), and the embedded demo district."""

from backend.policy.loader import iter_keys, load_demo_policy, load_policy, parse_policy
from backend.policy.schema import KindRule, Policy

__all__ = ["KindRule", "Policy", "iter_keys", "load_demo_policy", "load_policy", "parse_policy"]
