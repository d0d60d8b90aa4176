"""A start counts from when the request leaves (transport/sent.py, RateGate.sent):
a request the event loop held back past the gate (a new connection, a loop busy with other
jobs' start-up) no longer lets a later start reach the gateway within a second of it. Thirty
jobs started in one process drew 4-9 over-limit answers a run before
(benchmarks/bench_accounts.py); the unit below is the rule, on a clock the test moves."""

from __future__ import annotations

from typing import Any

import anyio
import orjson

from bulkspot.config import ApiSettings
from bulkspot.core.apipath import ApiPath
from bulkspot.runner.gates import RateGate
from bulkspot.runner.slots import Ticket
from bulkspot.simulator import DEFAULT_API_KEY, DEFAULT_TOKEN, Simulator, SimulatorConfig
from bulkspot.transport.aiohttp_sender import AiohttpSender
from bulkspot.transport.sent import on_sent
from tests.runner.test_gates import FakeTime

MARGIN = 0.02


def test_a_start_held_back_past_the_gate_counts_from_its_leaving() -> None:
    """4/s: the first request leaves 0.3 s after the gate let it through, after the second;
    the fifth start keeps the window from the leavings, not from the gate's record (before,
    it left 1.02 s after the record: five arrivals within a second)."""
    time_ = FakeTime()
    gate = RateGate(4, safety=MARGIN, clock=time_.clock)

    async def run() -> list[float]:
        first, second = Ticket(time_.sleep), Ticket(time_.sleep)
        await gate.acquire(first)
        await gate.acquire(second)  # 0.25 s later: it leaves at once
        assert first.started is not None and second.started is not None
        began = first.started
        time_.now = began + 0.3  # held back by the event loop, the first leaves only now
        gate.sent(first, time_.now)
        assert first.started == began + 0.3
        starts = [first.started, second.started]
        for _ in range(3):
            ticket = Ticket(time_.sleep)
            await gate.acquire(ticket)
            assert ticket.started is not None
            starts.append(ticket.started)
        return starts

    leaving = sorted(anyio.run(run))  # as the gateway sees them arrive
    # any 4 in a row span more than the window: no second ever holds a fifth
    assert all(
        later - earlier >= 1 + MARGIN for earlier, later in zip(leaving, leaving[4:], strict=False)
    )


def test_a_request_that_leaves_at_once_keeps_the_gates_record() -> None:
    time_ = FakeTime()
    gate = RateGate(4, safety=MARGIN, clock=time_.clock)
    ticket = Ticket(time_.sleep)
    anyio.run(gate.acquire, ticket)
    recorded = ticket.started
    gate.sent(ticket, time_.now)  # the same moment: nothing moves
    assert ticket.started == recorded


async def test_the_sender_tells_when_a_get_and_a_post_leave() -> None:
    """aiohttp writes a GET's headers at once and, on Python 3.11, a POST's body from a task
    of its own: the hook hears both, in the task of the request that set it."""
    heard: list[str] = []
    async with Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=3)) as sim:
        sender = AiohttpSender(ApiSettings(DEFAULT_API_KEY, DEFAULT_TOKEN, f"{sim.url}/v2/"))
        try:
            for method, body in (("GET", None), ("POST", _event())):
                left = on_sent.set(lambda _at, method=method: heard.append(method))
                try:
                    await sender.send(method, ApiPath(("eventspot", "events")), body)
                finally:
                    on_sent.reset(left)
        finally:
            await sender.aclose()
    # the GET's headers; the POST's headers and then its body (a start counts from the last)
    assert heard[0] == "GET" and heard.count("POST") >= 2 and heard[-1] == "POST"


def _event() -> dict[str, Any]:
    return orjson.loads(
        b'{"name": "departure", "title": "Departure", "type": "OTHER", '
        b'"start_date": "2030-01-01T10:00:00.000Z", "end_date": "2030-01-01T18:00:00.000Z", '
        b'"time_zone_id": "US/Eastern"}'
    )  # type: ignore[no-any-return]
