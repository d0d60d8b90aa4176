"""A run's own requests and retries, counted from its own events.

A job's look-ups, its runs and its undo share one requester (one rate gate), whose totals
are the job's: a run's figures taken as the difference of those totals count whatever else
sent through it meanwhile. Counting the events heard while the run lasts counts the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bulkspot.events import Broadcast, RequestSent, Retrying, RunEvent


class RunCount:
    """Requests sent and retries made while it listens."""

    def __init__(self) -> None:
        self.requests = 0
        self.retries = 0

    def __call__(self, event: RunEvent) -> None:
        if isinstance(event, RequestSent):
            self.requests += 1
        elif isinstance(event, Retrying):
            self.retries += 1


@contextmanager
def counting(notify: Broadcast) -> Iterator[RunCount]:
    """Count the requests and retries of the block's run."""
    count = RunCount()
    with notify.listening(count):
        yield count
