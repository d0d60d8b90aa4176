"""Counters of what the simulator saw, for `GET /__simulator/stats`.

`max_requests_in_window` is the most requests the gateway admitted past its per-second limit
within any sliding second; it is measured at each admission over the 1.0 s before it, which
finds the true maximum. `max_arrivals_in_window` is the same over every request that arrived,
refused or not: what a client sent, for checking a client's own rate limit.

Each account has a `Stats` of its own whose `whole` is the simulator's: a request is counted
in its account's and, through it, in the whole simulator's (a key of no account only there).
"""

from __future__ import annotations

from collections import deque
from typing import Any

from bulkspot.simulator.faults import KINDS


class SlidingMax:
    """The most events in any window of `width` seconds."""

    __slots__ = ("most", "times", "width")

    def __init__(self, width: float = 1.0) -> None:
        self.width = width
        self.times: deque[float] = deque()
        self.most = 0

    def add(self, now: float) -> None:
        times = self.times
        times.append(now)
        edge = now - self.width
        while times[0] <= edge:
            times.popleft()
        if len(times) > self.most:
            self.most = len(times)


class Stats:
    """Requests by method and status, gateway refusals, faults, the busiest second."""

    def __init__(self, whole: Stats | None = None) -> None:
        self.whole = whole  # the simulator's, when these are one account's
        self.reset()

    def reset(self) -> None:
        self.requests = 0
        self.by_method: dict[str, int] = {}
        self.by_status: dict[int, int] = {}
        self.over_qps = 0
        self.over_quota = 0
        self.refused_key = 0
        self.refused_token = 0
        self.faults = dict.fromkeys(KINDS, 0)
        self.admitted = SlidingMax()
        self.arrivals = SlidingMax()

    def arrived(self, method: str, now: float) -> None:
        self.requests += 1
        self.by_method[method] = self.by_method.get(method, 0) + 1
        self.arrivals.add(now)
        if self.whole is not None:
            self.whole.arrived(method, now)

    def admit(self, now: float) -> None:
        """A request past the per-second limit."""
        self.admitted.add(now)
        if self.whole is not None:
            self.whole.admitted.add(now)

    def fault(self, kind: str) -> None:
        self.faults[kind] += 1
        if self.whole is not None:
            self.whole.faults[kind] += 1

    def answered(self, status: int) -> None:
        self.by_status[status] = self.by_status.get(status, 0) + 1
        if self.whole is not None:
            self.whole.answered(status)

    def refused(self, kind: str) -> None:
        if self.whole is not None:
            self.whole.refused(kind)
        if kind == "over_qps":
            self.over_qps += 1
        elif kind == "over_quota":
            self.over_quota += 1
        elif kind == "inactive":
            self.refused_key += 1
        else:
            self.refused_token += 1

    def snapshot(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "over_qps": self.over_qps,
            "over_quota": self.over_quota,
            "max_requests_in_window": self.admitted.most,
            "max_arrivals_in_window": self.arrivals.most,
            "requests_by_method": dict(sorted(self.by_method.items())),
            "requests_by_status": {str(k): v for k, v in sorted(self.by_status.items())},
            "refused": {"inactive_key": self.refused_key, "unauthorized": self.refused_token},
            "faults": dict(self.faults),
        }
