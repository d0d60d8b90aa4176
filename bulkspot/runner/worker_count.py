"""How many workers a run's pool keeps: as many as the gates let send, not a fixed 64.

A worker holds one operation from the stream until it is final. A job at 4/s whose answers
take 250 ms has 2 or 3 requests in flight (the concurrency gate's capacity: Little's law,
doubled); 64 workers would put 61 tasks to wait at the gates, each with a create marked
`sending` in the journal that a killed run leaves for the next one to look up, and every
account of a process serving many pays for them. Too few, and a place in flight goes
unused. So a pool keeps one worker for each place the concurrency gate gives (in auto mode
its capacity follows the latency, so the count grows when answers slow down), a spare that
waits at the gates with its operation so that a place given back is taken at once, and one
more for each worker waiting on an earlier operation of the run (a size on its item), which
holds no place; never more than the configured concurrency (or its cap in auto mode).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

SPARE = 1  # a worker waiting at the gates with its operation, for the next free place


class Capacity(Protocol):
    """What the count needs of the concurrency gate (runner/gates.py)."""

    @property
    def capacity(self) -> int: ...


class Waiting(Protocol):
    """What the count needs of the run's produced outcomes (runner/executor.py)."""

    @property
    def waiting(self) -> int: ...


def workers_for(capacity: int, waiting: int, most: int) -> int:
    """Workers for `capacity` places in flight while `waiting` workers wait on an earlier
    operation: a place each, a spare, and those waiting; at least 1, at most `most`."""
    return max(1, min(most, capacity + SPARE + waiting))


def worker_count(gate: Capacity, produced: Waiting, most: int) -> Callable[[], int]:
    """The count the pool grows to, asked again as the run goes (runner/pool.py)."""
    return lambda: workers_for(gate.capacity, produced.waiting, most)
