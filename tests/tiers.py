"""The two test tiers: `make test` (fast) and `make test-all` (everything, at full strength).

`make test` sets ``EVOLINK_TEST_TIER=fast`` and deselects the tests marked ``slow`` (``-m "not slow"``); `make
test-all` sets ``EVOLINK_TEST_TIER=full`` and deselects nothing. A bare ``pytest`` runs the full tier. The tier also
decides how many examples each property test draws: the hypothesis profile of the same name, for the tests that take
the default, and :func:`examples` for those that name their own count (schemathesis's runs among them); schemathesis's
coverage phase (its boundary cases, most of its run) is the full tier's only. What is slow was measured: `make
test-all`'s extra time is the fuzzing at full strength, the add-a-model copy's contract run, the docs' code blocks,
the benchmark smoke run and the fault suite on its second server.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

TIER_VARIABLE = "EVOLINK_TEST_TIER"
TIERS = ("fast", "full")
FAST_SHARE = 20  # the fast tier draws a twentieth of each property test's examples ...
FAST_FLOOR = 5  # ... and never fewer than this
DEFAULT_EXAMPLES = 100  # hypothesis's own default, for the tests that name no count


def tier() -> str:
    """The tier this run is in: ``EVOLINK_TEST_TIER``, ``full`` when unset."""
    value = os.environ.get(TIER_VARIABLE, "full")
    if value not in TIERS:
        raise pytest.UsageError(f"{TIER_VARIABLE}={value!r}: expected one of {', '.join(TIERS)}")
    return value


def examples(full: int) -> int:
    """The examples a property test draws in this tier: *full* in the full tier, a twentieth of it in the fast one."""
    return full if tier() == "full" else max(FAST_FLOOR, full // FAST_SHARE)


def load_profile() -> None:
    """Register both tiers as hypothesis profiles and load this run's (``--hypothesis-profile`` still wins)."""
    settings.register_profile("full", max_examples=DEFAULT_EXAMPLES)
    settings.register_profile("fast", max_examples=max(FAST_FLOOR, DEFAULT_EXAMPLES // FAST_SHARE))
    settings.load_profile(tier())
