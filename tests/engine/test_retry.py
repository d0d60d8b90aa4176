"""What happens after a failed attempt: wait and retry, fail the row, or stop the run."""

from __future__ import annotations

import random

import pytest

from bulkspot.config import RetryPolicy
from bulkspot.core.backoff import Backoff
from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Status
from bulkspot.errors import (
    BadRequestError,
    ConnectError,
    OverQpsError,
    ServerError,
    StopRun,
    TooManyRequestsError,
    TransferError,
)
from bulkspot.runner.events import Event, Retrying
from bulkspot.runner.retry import RetryBudget, StopSignal
from bulkspot.sinks.journal import Journal
from bulkspot.transport.fake import FakeSender
from tests.engine.conftest import item, run


class Recorder:
    """A StopSignal whose sleeps return at once and are remembered."""

    def __init__(self) -> None:
        self.stop = StopSignal()
        self.waits: list[float] = []

        async def sleep(seconds: float) -> None:
            self.waits.append(seconds)

        self.stop.sleep = sleep  # type: ignore[method-assign]


def budget(recorder: Recorder, events: list[Event], **policy: object) -> RetryBudget:
    return RetryBudget(
        RetryPolicy(**policy),  # type: ignore[arg-type]
        random.Random(5),
        recorder.stop,
        events.append,
        OpKey(2),
    )


async def test_a_500_waits_with_capped_jittered_backoff_until_the_attempts_run_out() -> None:
    recorder, events = Recorder(), []
    spent = budget(recorder, events, max_attempts=4, backoff=Backoff(0.5, 2.0, 8.0))
    error = ServerError(500, method="POST", path="p")
    for _ in range(3):
        await spent.after_failure(error)
    with pytest.raises(ServerError):
        await spent.after_failure(error)
    assert spent.attempts == 4 and spent.retries == 3
    assert all(0 <= wait <= 8.0 for wait in recorder.waits) and len(recorder.waits) == 3
    assert [type(e) for e in events] == [Retrying] * 3


async def test_a_retry_after_wins_over_the_backoff() -> None:
    recorder, events = Recorder(), []
    spent = budget(recorder, events)
    await spent.after_failure(ServerError(503, method="GET", path="p", retry_after=7.0))
    await spent.after_failure(OverQpsError(403, method="GET", path="p", retry_after=2.0))
    assert recorder.waits == [7.0, 2.0]


async def test_over_limit_answers_wait_about_a_second_and_spend_no_attempt() -> None:
    recorder, events = Recorder(), []
    spent = budget(recorder, events, max_attempts=1)
    for error in (
        OverQpsError(403, method="GET", path="p"),
        TooManyRequestsError(429, method="GET", path="p"),
    ):
        await spent.after_failure(error)
    assert spent.failures == 0 and spent.retries == 2
    assert all(1.0 <= wait <= 1.5 for wait in recorder.waits)


async def test_the_time_budget_of_a_row_ends_its_retries() -> None:
    recorder, events = Recorder(), []
    spent = budget(recorder, events, max_seconds=1.0, backoff=Backoff(5.0, 2.0, 60.0))
    with pytest.raises(ServerError):  # the first wait alone may not fit; at most a few do
        for _ in range(20):
            await spent.after_failure(ServerError(500, method="GET", path="p"))
    assert sum(recorder.waits) <= 1.0


@pytest.mark.parametrize("error", [BadRequestError(400, method="POST", path="p")])
async def test_a_final_answer_is_not_retried(error: TransferError) -> None:
    recorder, events = Recorder(), []
    with pytest.raises(type(error)):
        await budget(recorder, events).after_failure(error)
    assert recorder.waits == [] and events == []


async def test_a_host_unreachable_after_every_attempt_stops_the_run() -> None:
    recorder, events = Recorder(), []
    spent = budget(recorder, events, max_attempts=2)
    await spent.after_failure(ConnectError("refused", method="GET", path="p"))
    with pytest.raises(StopRun, match="cannot be reached"):
        await spent.after_failure(ConnectError("refused", method="GET", path="p"))


async def test_a_row_that_always_fails_ends_failed_with_its_attempts(
    fake: FakeSender, journal: Journal
) -> None:
    fake.fail_next(99, lambda m, p: ServerError(500, method=m, path=p), commit=False)
    report, _ = await run([item(2, "Shirt"), item(3, "Hat")], fake, journal, concurrency=1)
    entries = {e.key.row: e for e in journal.entries()}
    assert entries[2].state == Status.FAILED.value and entries[2].attempts == 5
    assert "500" in (entries[2].error or "")
    assert entries[3].state == Status.FAILED.value  # the fault outlasts both rows
    assert report.stopped is None


class Unreachable(FakeSender):
    async def send(self, method: str, path: str, body: object = None):  # type: ignore[no-untyped-def]
        self.requests.append((method, path))
        raise ConnectError("refused", method=method, path=path)


async def test_an_unreachable_host_stops_the_run_and_its_retries_are_counted(
    journal: Journal,
) -> None:
    fake = Unreachable()
    report, _ = await run([item(2, "Shirt"), item(3, "Hat")], fake, journal, concurrency=1)
    assert report.stopped is not None and "cannot be reached" in report.stopped
    assert len(fake.requests) == 5 and report.retries == 4  # the look-up before the create
    assert report.requests == 5
