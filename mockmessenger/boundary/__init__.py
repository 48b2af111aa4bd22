"""The boundary guard: finds forbidden financial values leaving the bank, in any form.

>>> from mockmessenger.boundary import Guard, Policy
>>> guard = Guard(Policy.default())
>>> findings = guard.scan(record)
"""

from __future__ import annotations

from .findings import CATEGORIES, Finding
from .guard import Guard
from .masking import mask
from .policy import Policy, validate_policy_file

__all__ = ["CATEGORIES", "Finding", "Guard", "Policy", "mask", "validate_policy_file"]
