"""The rate gate beside aiolimiter at the rates a gateway allows: strictness and slowing down.

No network: each limiter lets a crowd of tasks start, and a spy keeps each start's time.
All limiters and rates run at once, in one event loop, in real time. Two tables:

1. Strictness: 3R tasks gathered behind each limiter at rate R. Per limiter: the starts in
   the first second, the most starts in any sliding second (a gateway refuses beyond R),
   the seconds to the R-th start, and the rate over the whole run.
2. Slowing down: R tasks loop through each limiter against a simulated gateway (a sliding
   one-second window, as the simulator's) that allows R, then R/2 for a while, then R
   again. A refused start calls the gate's over_limit() with the start's moment, as the
   requester does. Per limiter: the refusals while R/2 is allowed, the admitted rate then
   as a share of R/2, the seconds from the drop until the gate lets at most R/2 whole
   requests a second through, and from the restore until it is back at R (the gate probes
   upward slowly, so that probing at a fixed limit costs few refusals). AsyncLimiter has
   no over-limit path: its rate is fixed.

    .venv/bin/python -m benchmarks.bench_rate_gate   # aiolimiter: pip install -e '.[bench]'
"""

from __future__ import annotations

import asyncio
import importlib.util
import time
from collections import deque
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field

from bulkspot.events import RateChanged, RunEvent
from bulkspot.runner.gates import RateGate

RATES = (4.0, 10.0, 30.0, 50.0)
FULL_BEFORE_DROP = 1.0  # seconds at R before the gateway allows R/2
LOW_FOR = 6.0  # seconds at R/2
RECOVERY_LIMIT = 30.0  # seconds after the restore, at most, to wait for the rate to climb back


class _GateSlot:
    """RateGate as an `async with` limiter, as the requester passes it."""

    def __init__(self, gate: RateGate, notify: Callable[[RunEvent], None]) -> None:
        self.gate = gate
        self.notify = notify

    async def __aenter__(self) -> None:
        await self.gate.wait(notify=self.notify)

    async def __aexit__(self, *_: object) -> None:
        return None


Limiter = AbstractAsyncContextManager[object]


def limiters(
    rate: float, notify: Callable[[RunEvent], None]
) -> dict[str, tuple[Limiter, RateGate | None]]:
    """Each contender at `rate`: the limiter, and the RateGate behind it if it is one."""
    gate = RateGate(rate)
    chosen: dict[str, tuple[Limiter, RateGate | None]] = {
        "RateGate": (_GateSlot(gate, notify), gate)
    }
    if importlib.util.find_spec("aiolimiter") is not None:
        from aiolimiter import AsyncLimiter

        chosen["AsyncLimiter(R, 1)"] = (AsyncLimiter(rate, 1), None)
        chosen["AsyncLimiter(1, 1/R)"] = (AsyncLimiter(1, 1 / rate), None)
    return chosen


def most_in_a_second(starts: list[float]) -> int:
    """The most starts in any half-open one-second window (what a gateway counts)."""
    most, lo = 0, 0
    for hi, at in enumerate(starts):
        while starts[lo] <= at - 1.0:
            lo += 1
        most = max(most, hi - lo + 1)
    return most


async def crowd(limiter: Limiter, count: int, began: float) -> list[float]:
    """`count` tasks gathered behind `limiter`; the spy: each one's start, from `began`."""
    starts: list[float] = []

    async def one() -> None:
        async with limiter:
            starts.append(time.perf_counter() - began)

    await asyncio.gather(*(one() for _ in range(count)))
    return sorted(starts)


async def strictness() -> list[str]:
    rows = []
    jobs, labels = [], []
    began = time.perf_counter()
    for rate in RATES:
        for name, (limiter, _) in limiters(rate, lambda _e: None).items():
            jobs.append(crowd(limiter, int(3 * rate), began))
            labels.append((rate, name))
    for (rate, name), starts in zip(labels, await asyncio.gather(*jobs), strict=True):
        first = sum(1 for at in starts if at < 1.0)
        most = most_in_a_second(starts)
        to_rth = starts[int(rate) - 1]
        overall = (len(starts) - 1) / (starts[-1] - starts[0])
        flag = "" if most <= rate else " (over R)"
        rows.append(
            f"| {rate:g} | {name} | {first} | {most}{flag} | {to_rth:.2f} | {overall:.1f} |"
        )
    return rows


class Gateway:
    """A sliding one-second window of admitted starts; the allowed count changes over time."""

    def __init__(self, rate: float, began: float) -> None:
        self.rate, self.began = rate, began
        self.window: deque[float] = deque()

    def allowed(self, at: float) -> float:
        low = FULL_BEFORE_DROP <= at < FULL_BEFORE_DROP + LOW_FOR
        return self.rate / 2 if low else self.rate

    def admits(self, at: float) -> bool:
        while self.window and self.window[0] <= at - 1.0:
            self.window.popleft()
        if len(self.window) >= int(self.allowed(at)):
            return False
        self.window.append(at)
        return True


@dataclass
class Refusals:
    admitted_low: int = 0
    refused_low: int = 0
    rates: list[tuple[float, float]] = field(default_factory=list)  # (at, new rate)


async def against_refusals(rate: float, name: str, began: float) -> Refusals:
    """R tasks loop through the limiter until the recovery window ends."""
    seen = Refusals()
    clock = time.perf_counter

    def notify(event: RunEvent) -> None:
        if isinstance(event, RateChanged):
            seen.rates.append((clock() - began, event.new))

    limiter, gate = limiters(rate, notify)[name]
    gateway = Gateway(rate, began)
    restore = FULL_BEFORE_DROP + LOW_FOR
    ends = restore + RECOVERY_LIMIT

    async def worker() -> None:
        while True:
            stamp = None
            if gate is not None:  # the start's moment on the gate's clock, for over_limit
                stamp = await gate.wait(notify=notify)
            else:
                async with limiter:
                    pass
            at = clock() - began
            if at >= ends or (at >= restore and (gate is None or gate.rate >= rate)):
                return
            admitted = gateway.admits(at)
            if FULL_BEFORE_DROP <= at < restore:
                seen.admitted_low += admitted
                seen.refused_low += not admitted
            if not admitted and gate is not None:
                gate.over_limit(stamp, notify)

    await asyncio.gather(*(worker() for _ in range(int(rate))))
    return seen


async def slowing_down() -> list[str]:
    rows, jobs, labels = [], [], []
    began = time.perf_counter()
    for rate in RATES:
        for name in limiters(rate, lambda _e: None):
            jobs.append(against_refusals(rate, name, began))
            labels.append((rate, name))
    restore = FULL_BEFORE_DROP + LOW_FOR
    for (rate, name), seen in zip(labels, await asyncio.gather(*jobs), strict=True):
        share = seen.admitted_low / LOW_FOR / (rate / 2)
        if name != "RateGate":
            down = back = "no over-limit path (fixed rate)"
        else:
            down_at = next((at for at, new in seen.rates if at >= FULL_BEFORE_DROP
                            and int(new) <= rate / 2), None)  # fmt: skip
            back_at = next((at for at, new in seen.rates if at >= restore and new >= rate),
                           None)  # fmt: skip
            down = "never" if down_at is None else f"{down_at - FULL_BEFORE_DROP:.2f}"
            back = f"not in {RECOVERY_LIMIT:g} s" if back_at is None else f"{back_at - restore:.2f}"
        rows.append(f"| {rate:g} | {name} | {seen.refused_low} | {share:.0%} | {down} | {back} |")
    return rows


def main() -> None:
    if importlib.util.find_spec("aiolimiter") is None:
        print("aiolimiter is not installed: RateGate alone (pip install -e '.[bench]')\n")
    print("Strictness: 3R tasks gathered behind each limiter (seconds from the release)\n")
    print("| R/s | limiter | starts in the first second | most in any second | "
          "to the R-th start (s) | overall rate/s |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    print("\n".join(asyncio.run(strictness())))
    print(f"\nSlowing down: R tasks; the gateway allows R, then R/2 from {FULL_BEFORE_DROP:g} s "
          f"for {LOW_FOR:g} s, then R again\n")  # fmt: skip
    print("| R/s | limiter | refused while R/2 allowed | admitted / (R/2) then | "
          "down to R/2 after the drop (s) | back to R after the restore (s) |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    print("\n".join(asyncio.run(slowing_down())))


if __name__ == "__main__":
    main()
