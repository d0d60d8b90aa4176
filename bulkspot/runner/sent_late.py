"""A start counted from when its request left (transport/sent.py): the window's record of
it moved later, kept in order, so that "the R-th start before" stays the R-th latest."""

from __future__ import annotations

from bisect import insort
from collections import deque

LATE = 0.002  # seconds: a request that left later than this after its start is moved


def move_start(starts: deque[float], started: float, left: float) -> None:
    """Move the start recorded at `started` (the latest such) to `left`, in order; nothing
    when it is no longer kept."""
    for back in range(1, len(starts) + 1):
        if starts[-back] == started:
            del starts[-back]
            break
    else:
        return
    ordered = list(starts)
    insort(ordered, left)
    starts.clear()
    starts.extend(ordered)
