"""A run that starts right after another run of the same journal stopped (killed, or
stopped by the gateway) waits until that run's last second is over: the gateway still
counts that second's requests, and no rate gate of this process saw them."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import anyio

from bulkspot.api import import_sheet
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.apipath import Address
from bulkspot.errors import AuthenticationError
from bulkspot.runner.gates import RateGate
from bulkspot.runner.job import EXIT_STOPPED, ImportJob
from bulkspot.transport.base import Reply
from bulkspot.transport.fake import FakeSender

CONFIG = RunConfig(
    ApiSettings("key-secret", "token-secret", "http://127.0.0.1:9/v2/"),
    limits=Limits(rate=1000, concurrency=1),
    retry=RetryPolicy.no_wait(max_attempts=2),
)


class Timed(FakeSender):
    """Remembers when each request left."""

    def __init__(self) -> None:
        super().__init__(collections={"eventspot/events": [{"id": "E1", "name": "Fair"}]})
        self.times: list[float] = []

    async def send(self, method: str, path: Address, body: Any = None) -> Reply:
        self.times.append(time.monotonic())
        return await super().send(method, path, body)


async def test_a_rerun_waits_out_the_last_second_of_the_run_before_it(tmp_path: Path) -> None:
    sheet = tmp_path / "fees.csv"
    sheet.write_text("label,fee\nEarly,10\nLate,20\nDoor,30\n", encoding="utf-8")
    job = ImportJob("fees", sheet, event_id="E1")
    fake = Timed()
    fake.fail_next(1, lambda m, p: AuthenticationError(401, method=m, path=p))
    stopped = await import_sheet(job, CONFIG, sender=fake)
    assert stopped.exit_code == EXIT_STOPPED
    last_of_first = fake.times[-1]

    fake.times.clear()
    finished = await import_sheet(job, CONFIG, sender=fake)
    assert finished.exit_code == 0
    window = RateGate(1000).window
    assert fake.times[0] - last_of_first >= window - 0.05  # the journal's last write came after


def test_the_gate_holds_its_first_start_until_the_other_runs_second_is_over() -> None:
    now = [100.0]
    gate = RateGate(10, clock=lambda: now[0])
    gate.after_another_run(seconds_ago=0.3)
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)
        now[0] += seconds

    anyio.run(gate.wait, sleep)
    assert waited and abs(sum(waited) - (gate.window - 0.3)) < 1e-9
