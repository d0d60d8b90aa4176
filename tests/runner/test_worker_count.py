"""The pool keeps as many workers as the gates let send (runner/worker_count.py): a place
in flight each, a spare, and one for each worker waiting on an earlier operation; never
more than the configured concurrency. A paced job no longer holds 64 operations marked
`sending` while two or three requests fly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import pytest

from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.apipath import Address
from bulkspot.runner.engine import execute_plan
from bulkspot.runner.retry import Requester
from bulkspot.runner.worker_count import SPARE, worker_count, workers_for
from bulkspot.sinks.journal import SENDING, Journal
from bulkspot.transport.base import Reply
from bulkspot.transport.fake import FakeSender
from tests.runner.plans import item


@pytest.mark.parametrize(
    ("capacity", "waiting", "most", "workers"),
    [
        (3, 0, 64, 4),  # 4/s at 250 ms: 3 places in flight and a spare
        (3, 2, 64, 6),  # two workers wait on an earlier row: they hold no place
        (16, 0, 64, 17),  # 30/s at 250 ms
        (80, 0, 64, 64),  # never past the cap
        (8, 0, 8, 8),  # --concurrency 8: 8 workers, as before
        (0, 0, 64, 1),  # at least one
    ],
)
def test_workers_follow_the_capacity(capacity: int, waiting: int, most: int, workers: int) -> None:
    assert workers_for(capacity, waiting, most) == workers


@dataclass
class Gate:
    capacity: int


@dataclass
class Produced:
    waiting: int = 0


def test_the_count_is_asked_again_as_the_gate_learns_the_latency() -> None:
    gate, produced = Gate(2), Produced()
    count = worker_count(gate, produced, most=64)
    assert count() == 2 + SPARE
    gate.capacity, produced.waiting = 9, 1
    assert count() == 9 + SPARE + 1


class Held(FakeSender):
    """Answers no create until told: the run's first POST stays in flight."""

    def __init__(self) -> None:
        super().__init__()
        self.release = anyio.Event()
        self.arrived = anyio.Event()

    async def send(self, method: str, address: Address, body: Any = None) -> Reply:
        if method == "POST":
            self.arrived.set()
            await self.release.wait()
        return await super().send(method, address, body)


async def test_a_paced_job_marks_only_what_its_workers_hold(tmp_path: Path) -> None:
    """4/s in auto mode: while its first create flies, the rows marked `sending` are those
    of the workers the capacity asks for (2 places in flight and a spare), not 64."""
    settings = RunConfig(
        ApiSettings("key-secret", "token-secret", "http://127.0.0.1:9/v2/"),
        limits=Limits(rate=4),
        retry=RetryPolicy.no_wait(max_attempts=5),
        seed=7,
    )
    journal = Journal.open(tmp_path / "run.journal.sqlite", {"kind": "items", "input": "x"})
    sender = Held()
    requester = Requester.for_run(sender, settings)
    plan = [item(row, f"Shirt {row}") for row in range(2, 102)]
    marked: list[int] = []

    async def count_then_stop() -> None:
        await sender.arrived.wait()
        await anyio.wait_all_tasks_blocked()  # every worker has marked and waits at the gates
        marked.extend(e.key.row for e in journal.entries(states=(SENDING,)))
        requester.stop.set("enough")
        sender.release.set()

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(count_then_stop)
        await execute_plan(
            plan, kind="items", config=settings, requester=requester, journal=journal
        )
    journal.close()
    capacity = requester.concurrency.capacity
    assert capacity == 2  # 4/s at the first guess of 50 ms: Little's law, doubled, and one
    assert len(marked) == capacity + SPARE, marked
