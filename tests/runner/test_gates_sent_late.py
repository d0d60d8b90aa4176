"""Issue 24, a resumed run's first second: the gate counts a request from when it left.

The gate records a start when it lets a request go, but the gateway counts the request when
it arrives. The first request of an account opens a connection first, and accounts that
start together (a resume lines them all up on the killed run's last second) open theirs one
after another: the first one let go leaves last, beside the fifth start a window later,
and a 4/s key drew 5 requests in one second. The sender now says when each request left
(transport/sent.py) and the window counts it from then: on a fake clock here, and against
the simulator with the event loop stalled between a start and its sending."""

from __future__ import annotations

import time
from pathlib import Path

import anyio

from bulkspot.api import run_import
from bulkspot.config import ApiSettings, Limits, RunConfig
from bulkspot.events import RequestSent, RunEvent
from bulkspot.runner.gates import RateGate
from bulkspot.runner.slots import Ticket
from bulkspot.simulator import SimulatorConfig, SimulatorThread
from bulkspot.sinks.key_window import KeyWindow
from bulkspot.transport.sent import request_left
from tests.cli.many_accounts import SOURCE_KEY, SOURCE_TOKEN, new_event
from tests.runner.test_gates import most_in_any_window
from tests.runner.test_gates_shared import FakeClock

LEFT_LATE = 0.3  # seconds between the first start and its request leaving


def sent_at(gates: list[RateGate], clock: FakeClock, count: int) -> list[float]:
    """`count` requests through the gates in turn, each sent the moment it may start but the
    first, which leaves LEFT_LATE later (its connection opened first): when each left."""
    left: list[float] = []

    async def run() -> None:
        for n in range(count):
            gate = gates[n % len(gates)]
            ticket = Ticket(clock.sleep)
            await gate.acquire(ticket)
            assert ticket.started is not None
            if n == 0:
                clock.now += LEFT_LATE
            request_left(clock)  # what the sender does once the headers are out
            left.append(ticket.started if n else clock.now)
            gate.release(ticket)

    anyio.run(run)
    return left


def test_a_start_that_left_late_is_counted_from_when_it_left() -> None:
    clock = FakeClock()
    gate = RateGate(4, clock=clock)
    left = sent_at([gate], clock, 12)
    assert left[0] == 1000.0 + LEFT_LATE
    assert most_in_any_window(left, 1.0) == 4  # as the gateway counts them: never 5
    assert left[4] >= left[0] + gate.window  # the fifth waited for the late one's window


def test_other_processes_of_the_key_count_it_from_when_it_left(tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "key.window"
    gates = [RateGate(4, clock=clock, shared=KeyWindow(path)) for _ in range(2)]
    left = sent_at(gates, clock, 12)
    assert most_in_any_window(left, 1.0) == 4
    assert left == sorted(left)


def test_a_run_whose_first_request_leaves_late_draws_no_over_limit_answer(
    tmp_path: Path,
) -> None:
    """The event loop stalls between the run's first start and its sending (as it does
    while other accounts open their connections): no window at the gateway holds five."""
    stalled: list[float] = []

    def stall(event: RunEvent) -> None:
        if isinstance(event, RequestSent) and not stalled:
            stalled.append(time.monotonic())
            time.sleep(LEFT_LATE)  # the loop busy elsewhere: nothing else runs meanwhile

    with SimulatorThread(SimulatorConfig(rate=4, daily_quota=0, seed=13)) as sim:
        base = f"{sim.url}/v2/"
        event = new_event(base, SOURCE_KEY, SOURCE_TOKEN)
        sheet = tmp_path / "fees.csv"
        sheet.write_text("label,fee\n" + "".join(f"Fee {n},{n + 1}\n" for n in range(5)))
        sim.control(reset_stats=True)
        config = RunConfig(ApiSettings(SOURCE_KEY, SOURCE_TOKEN, base), Limits(rate=4))
        done = run_import("fees", sheet, config=config, event_id=event, observers=[stall])
        counted = sim.stats()
    assert done.exit_code == 0, done.counts
    assert stalled  # the stall happened
    assert counted["over_qps"] == 0
    assert counted["max_requests_in_window"] == 4
