"""The rate gate beside aiolimiter: CPU per acquire and the rate one waiter really gets.

Why bulkspot has its own gate rather than aiolimiter (the table shows the cost; the design
reasons are in bulkspot/runner/gates.py): the gate must change its rate in flight (halve on
an over-limit answer, climb back), which AsyncLimiter's fixed max_rate/time_period cannot;
and `AsyncLimiter(1, 1/rate)`, the only form that never exceeds the rate in a one-second
window, wakes one waiter per timer tick and falls well short of the rate it is given.

    .venv/bin/python benchmarks/bench_rate_gate.py   # aiolimiter: pip install aiolimiter
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable

from bulkspot.runner.gates import RateGate

ACQUIRES = 20_000
RUNS = 5
RATES = (500.0, 2000.0)


async def _gate(rate: float) -> tuple[float, float]:
    gate = RateGate(rate, safety=0.0)
    return await _measure(gate.wait)


async def _aiolimiter(rate: float) -> tuple[float, float]:
    from aiolimiter import AsyncLimiter

    limiter = AsyncLimiter(1, 1 / rate)
    return await _measure(limiter.acquire)


async def _measure(acquire: Callable[[], Awaitable[object]]) -> tuple[float, float]:
    """(CPU microseconds per acquire, acquires per second of wall time)."""
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(ACQUIRES):
        await acquire()
    return (time.process_time() - cpu) / ACQUIRES * 1e6, ACQUIRES / (time.perf_counter() - wall)


def main() -> None:
    try:
        import aiolimiter  # noqa: F401

        contenders = {"RateGate": _gate, "AsyncLimiter(1, 1/rate)": _aiolimiter}
    except ImportError:
        print("aiolimiter is not installed: only RateGate is measured (pip install aiolimiter)")
        contenders = {"RateGate": _gate}
    print(f"{ACQUIRES:,} acquires by one waiter, median of {RUNS} runs each")
    print(f"{'limiter':<26}{'target/s':>10}{'achieved/s':>12}{'CPU us/acquire':>16}")
    for rate in RATES:
        for name, run in contenders.items():
            runs = [asyncio.run(run(rate)) for _ in range(RUNS)]
            cpu = statistics.median(r[0] for r in runs)
            achieved = statistics.median(r[1] for r in runs)
            print(f"{name:<26}{rate:>10,.0f}{achieved:>12,.0f}{cpu:>16.1f}")


if __name__ == "__main__":
    main()
