"""How long to wait before attempt n+1: exponential with full jitter, capped.

Full jitter (a uniform draw between 0 and the exponential ceiling) spreads the retries of
many workers that failed together, so they do not come back together. A server's Retry-After
is a statement of fact and wins, within its own cap.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Backoff:
    base: float = 0.5
    cap: float = 30.0
    retry_after_cap: float = 120.0

    def __post_init__(self) -> None:
        if self.base < 0 or self.cap < 0 or self.retry_after_cap < 0:
            raise ValueError("backoff times must not be negative")

    def ceiling(self, attempt: int) -> float:
        """The largest wait after failed attempt number `attempt` (1-based)."""
        try:
            grown = math.ldexp(self.base, max(0, attempt - 1))  # base * 2 ** (attempt - 1)
        except OverflowError:  # past the largest float, so past any cap
            grown = math.inf
        return float(min(self.cap, grown))

    def wait(self, attempt: int, rng: random.Random, retry_after: float | None = None) -> float:
        if retry_after is not None and retry_after >= 0:
            return min(retry_after, self.retry_after_cap)
        return rng.uniform(0, self.ceiling(attempt))


NO_WAIT = Backoff(base=0.0, cap=0.0, retry_after_cap=0.0)
