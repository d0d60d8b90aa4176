"""Injected trouble, drawn from the seed: plain failures, ambiguous writes and latency.

- fail: a 500 before anything changes (any method).
- ambiguous: a write (POST, PUT, PATCH, DELETE) is made, then its answer is lost: a 500, or
  the connection dropped without an answer. The client cannot tell whether it happened,
  which is what reconciliation by natural key is for.
- latency: each answer waits latency_ms, jittered uniformly between 0.5x and 1.5x.

Faults use `random.Random(seed)` and the jitter a generator of its own, so turning latency
on does not change which requests fail.
"""

from __future__ import annotations

import random

from bulkspot.simulator.config import Settings

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FAIL = "fail"
AMBIGUOUS_500 = "ambiguous_500"
AMBIGUOUS_DROP = "ambiguous_drop"
KINDS = (FAIL, AMBIGUOUS_500, AMBIGUOUS_DROP)


class Faults:
    """One draw per request decides its fate, in arrival order."""

    def __init__(self, settings: Settings, seed: int) -> None:
        self.settings = settings
        self.rng = random.Random(seed)
        self.jitter = random.Random(f"latency:{seed}")

    def delay(self) -> float:
        """Seconds to wait before answering (0.0 without latency)."""
        latency = self.settings.current.latency_ms
        if not latency:
            return 0.0
        return latency * self.jitter.uniform(0.5, 1.5) / 1000.0

    def draw(self, method: str) -> str | None:
        """FAIL, AMBIGUOUS_500, AMBIGUOUS_DROP or None for this request."""
        config = self.settings.current
        fail, ambiguous = config.fail_rate, config.ambiguous_rate
        if method not in WRITES:
            ambiguous = 0.0
        if not fail and not ambiguous:
            return None
        roll = self.rng.random()
        if roll < fail:
            return FAIL
        if roll < fail + ambiguous:
            return AMBIGUOUS_500 if self.rng.random() < 0.5 else AMBIGUOUS_DROP
        return None
